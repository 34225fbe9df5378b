"""双语对照 on a 390×844 phone in real Chromium: Chinese and English alternate
block by block even when the English has headings for only some sections,
entity tables placed in the body show in both languages, and the page has no
empty link or empty table cell for a side that is missing."""

from pathlib import Path

import pytest

from tests import factories
from tests.reader_data import full_article

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

if not Path("/usr/bin/chromium").exists():
    pytest.skip(
        "/usr/bin/chromium is not installed; real-browser tests need it", allow_module_level=True
    )
pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

SECTIONS_ZH = "".join(f"## 第{n}节\n\n第{n}节的中文段落。\n\n" for n in range(1, 10))
# English headings for only 2 of the 9 sections, as editors often leave it.
SECTIONS_EN = "".join(
    (f"## Section {n}\n\n" if n in (1, 5) else "") + f"English paragraph of section {n}.\n\n"
    for n in range(1, 10)
)

EMPTY_LINKS = """[...document.querySelectorAll('a')].filter(a =>
  !a.textContent.trim() && !a.getAttribute('aria-label') && !a.querySelector('svg, img[alt]:not([alt=""])')
).map(a => a.outerHTML)"""
EMPTY_CELLS = "[...document.querySelectorAll('th, td')].filter(c => !c.textContent.trim()).map(c => c.outerHTML)"


def open_on_phone(chromium, url):
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(url)
    return context, page


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_bilingual_view_on_a_phone_alternates_languages_section_by_section(
    chromium, site_url, language
):
    full_article(body_zh_hans=SECTIONS_ZH, body_en=SECTIONS_EN + "[[entities:1]]\n")
    context, page = open_on_phone(
        chromium, f"{site_url}/{language}/articles/answer-engines/?view=bilingual"
    )
    try:

        def top(text):
            return page.get_by_text(text, exact=True).bounding_box()["y"]

        # Each Chinese paragraph is followed by its English before the next Chinese one.
        for n in range(1, 9):
            assert top(f"第{n}节的中文段落。") < top(f"English paragraph of section {n}.")
            assert top(f"English paragraph of section {n}.") < top(f"第{n + 1}节的中文段落。")
        assert page.evaluate(EMPTY_LINKS) == []
        assert page.evaluate(EMPTY_CELLS) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


def test_bilingual_entity_table_with_english_missing_has_no_empty_link_or_cell(chromium, site_url):
    article = full_article(body_en="## Background\n\n[[entities:2]]\n\nText.\n")
    table = factories.EntityTableFactory(
        article=article, order=5, caption_zh_hans="只有中文的表", caption_en=""
    )
    factories.EntityRowFactory(
        table=table,
        entity=factories.EntityFactory(name_zh_hans="只有中文名", name_en=""),
        role_zh_hans="角色",
        role_en="",
    )
    context, page = open_on_phone(
        chromium, f"{site_url}/en/articles/answer-engines/?view=bilingual"
    )
    try:
        assert page.evaluate(EMPTY_LINKS) == []
        assert page.evaluate(EMPTY_CELLS) == []
        # The English side names the entity in Chinese, marked as such, rather than nothing.
        english = page.locator('#content .pair > [lang="en"] th[scope=row] a')
        assert english.get_attribute("lang") == "zh-Hans"
    finally:
        context.close()
