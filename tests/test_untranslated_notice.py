"""The notice above an article says exactly which parts are shown in the other
language, and is absent when everything is in the page's language."""

import pytest

from tests.reader_data import BODY_EN, SUMMARY_EN, TITLE_ZH, full_article
from tests.reader_html import page

pytestmark = pytest.mark.django_db


def notices(doc):
    return [element.text for element in doc.find_all(class_="notice")]


def test_english_page_missing_only_the_title_names_the_title_and_nothing_else(client):
    full_article(title_en="")

    doc = page(client.get("/en/articles/answer-engines/"))

    assert notices(doc) == ["The title is not translated yet; it is shown in Chinese."]
    assert "not available in English" not in doc.text
    h1 = doc.one("h1")
    assert (h1.text, h1.lang()) == (TITLE_ZH, "zh-Hans")
    assert doc.by_id("summary").containing(SUMMARY_EN[:20]).lang() == "en"
    assert doc.by_id("content").containing(BODY_EN.split("\n\n")[1][:20]).lang() == "en"


def test_several_missing_parts_are_listed_in_page_order(client):
    full_article(title_en="", editor_note_en="", insight_en="")

    doc = page(client.get("/en/articles/answer-engines/"))

    assert notices(doc) == [
        "The title, key insights and editor's commentary are not translated yet; "
        "they are shown in Chinese."
    ]


def test_chinese_page_of_an_article_missing_a_chinese_part_says_so_in_chinese(client):
    full_article(editor_note_zh_hans="")

    doc = page(client.get("/zh-hans/articles/answer-engines/"))

    (notice,) = notices(doc)
    assert "编者按" in notice or "编辑点评" in notice or "评论" in notice
    assert "英文" in notice


def test_a_fully_translated_article_has_no_notice(client):
    full_article()

    assert notices(page(client.get("/en/articles/answer-engines/"))) == []


def test_bilingual_view_shows_no_translation_notice(client):
    full_article(title_en="")

    assert notices(page(client.get("/en/articles/answer-engines/?view=bilingual"))) == []
