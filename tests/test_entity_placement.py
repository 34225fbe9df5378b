"""``[[entities:N]]`` alone in a paragraph puts the article's table N there:
on the page in both languages, in 双语对照 and in the Markdown twin. Tables no
marker places stay after the body; an unknown N shows nothing; a table is
never shown twice."""

import pytest

from articles.placement import unknown_markers
from tests import factories
from tests.reader_html import page

pytestmark = pytest.mark.django_db

BODY_ZH = "## 背景\n\n开头一段。\n\n[[entities:2]]\n\n中间一段。\n\n[[entities:9]]\n\n结尾一段。\n"
BODY_EN = "## Background\n\nFirst paragraph.\n\n[[entities:2]]\n\nMiddle paragraph.\n\n[[entities:9]]\n\nLast paragraph.\n"


@pytest.fixture
def article():
    article = factories.ArticleFactory(
        live=True, slug="placed", body_zh_hans=BODY_ZH, body_en=BODY_EN
    )
    for order, (zh, en) in enumerate([("第一表", "First table"), ("第二表", "Second table")]):
        table = factories.EntityTableFactory(
            article=article, order=order, caption_zh_hans=zh, caption_en=en
        )
        factories.EntityRowFactory(
            table=table,
            entity=factories.EntityFactory(name_zh_hans=f"公司{order}", name_en=f"Co {order}"),
        )
    return article


def captions(element):
    return [caption.text for caption in element.find_all("caption")]


@pytest.mark.parametrize(
    ("language", "first", "second", "middle"),
    [
        ("en", "First table", "Second table", "Middle paragraph."),
        ("zh-hans", "第一表", "第二表", "中间一段。"),
    ],
)
def test_marked_table_is_shown_where_the_marker_is_and_the_other_after_the_body(
    client, article, language, first, second, middle
):
    doc = page(client.get(f"/{language}/articles/placed/"))

    body = doc.by_id("content")
    assert captions(body) == [second]
    text = body.text
    assert text.index(second) < text.index(middle)
    assert "[[entities" not in doc.text
    assert captions(doc.by_id("entities")) == [first]
    assert captions(doc) == [second, first]  # each table once
    assert doc.by_id("entities-2").one("caption").text == second
    assert doc.by_id("entities-1").one("caption").text == first


def test_when_every_table_is_placed_there_is_no_entities_block_after_the_body(client, article):
    article.body_en = "[[entities:1]]\n\nText.\n\n[[entities:2]]\n\n[[entities:1]]\n"
    article.save()

    doc = page(client.get("/en/articles/placed/"))

    assert doc.find(id="entities") is None
    assert captions(doc.by_id("content")) == ["First table", "Second table"]


def test_bilingual_view_places_the_table_in_each_language_and_keeps_ids_unique(client, article):
    doc = page(client.get("/en/articles/placed/?view=bilingual"))

    body = doc.by_id("content")
    assert captions(body) == ["第二表", "Second table"]
    assert body.containing("第二表").lang() == "zh-Hans"
    assert body.containing("Second table").lang() == "en"
    assert captions(doc.by_id("entities")) == ["第一表", "First table"]
    assert len(doc.find_all(id="entities-2")) == 1
    assert len(doc.find_all(id="entities-1")) == 1
    assert "[[entities" not in doc.text


def test_markdown_twin_puts_the_table_at_the_marker(client, article):
    text = client.get("/en/articles/placed.md").content.decode()

    assert "[[entities" not in text
    second = text.index("### Second table {#entities-2}")
    assert text.index("First paragraph.") < second < text.index("Middle paragraph.")
    assert text.index("## Entities {#entities}") < text.index("### First table {#entities-1}")
    assert text.count("Second table") == 1
    assert text.index("Last paragraph.") < text.index("## Entities")


def test_markers_naming_no_table_are_listed_for_the_readiness_panel(article):
    tables = list(article.entity_tables.all())

    assert unknown_markers(article.body_en, tables) == [9]
    assert unknown_markers("[[entities:1]]\n\nText [[entities:3]] inline.\n", tables) == []
    assert unknown_markers("No markers.", tables) == []
