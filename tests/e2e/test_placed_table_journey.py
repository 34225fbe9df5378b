"""The rest of the writing journey in a real browser: the editor places an
existing entity table in the body with its marker, adds an FAQ item in the
form, schedules nothing (the article stays live) and saves once; readers see
the table where the text introduces it and the question under FAQ. (The table
and its rows are made in the form in test_entity_tables_journey.py.)"""

from pathlib import Path

import pytest

from tests.e2e.helpers import log_in_to_admin

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

if not Path("/usr/bin/chromium").exists():
    pytest.skip(
        "/usr/bin/chromium is not installed; real-browser tests need it", allow_module_level=True
    )
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect


def test_editor_places_a_table_in_the_body_and_adds_an_faq_item_in_one_save(
    site_url, chromium, outside_requests, user_factory, article_factory, entity_row_factory
):
    editor = user_factory(username="placing-editor", is_superuser=True)
    article = article_factory(live=True, slug="who-answers", title_en="Who answers first")
    entity_row_factory(
        table__article=article,
        table__caption_en="Main answer engines",
        entity__name_en="Baidu",
        role_en="Search engine",
    )
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="en-US")
    page = context.new_page()
    log_in_to_admin(page, site_url, editor.username)
    page.goto(f"{site_url}/admin/articles/article/{article.pk}/change/")

    marker = page.locator("#entity_tables-0 .entity-table-marker").inner_text()
    page.locator("#id_body_en").fill(
        f"## Background\n\nThree engines matter most:\n\n{marker}\n\nThe rest follow."
    )
    page.locator("#faq_items-group").get_by_role("link", name="Add another FAQ item").click()
    page.locator("#id_faq_items-0-question_zh_hans").fill("谁最先回答？")
    page.locator("#id_faq_items-0-question_en").fill("Who answers first?")
    page.locator("#id_faq_items-0-answer_zh_hans").fill("答案引擎。")
    page.locator("#id_faq_items-0-answer_en").fill("Answer engines do.")
    page.get_by_role("button", name="Save", exact=True).first.click()
    page.wait_for_url(f"{site_url}/admin/articles/article/")

    page.goto(f"{site_url}/en/articles/who-answers/")
    body = page.locator("#content")
    # The table stands inside the body, between the two paragraphs, and only there.
    expect(body.locator("#entities-1")).to_contain_text("Baidu")
    assert body.inner_text().index("Three engines") < body.inner_text().index("Baidu")
    assert body.inner_text().index("Baidu") < body.inner_text().index("The rest follow.")
    expect(page.locator("#entities-1")).to_have_count(1)
    expect(page.locator("#faq")).to_contain_text("Who answers first?")
    assert "[[entities" not in page.content()
    assert outside_requests == []
    context.close()
