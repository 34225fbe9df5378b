"""双语对照 (``?view=bilingual``): Chinese then English, block by block."""

import pytest

from tests.reader_data import (
    CAPTION_EN,
    CAPTION_ZH,
    FAQ_QUESTION_EN,
    FAQ_QUESTION_ZH,
    NOTE_EN,
    NOTE_ZH,
    SUMMARY_EN,
    SUMMARY_ZH,
    TITLE_EN,
    TITLE_ZH,
    full_article,
)
from tests.reader_html import canonical, meta, page

pytestmark = pytest.mark.django_db


def bilingual(client, slug="answer-engines", language="zh-hans"):
    return page(client.get(f"/{language}/articles/{slug}/?view=bilingual"))


def pairs(section):
    """``[(chinese_part, english_part), …]`` of a block's ``<div class="pair">``s."""
    result = []
    for pair in section.find_all("div", class_="pair"):
        parts = [child for child in pair.children if not isinstance(child, str)]
        assert [part.get("lang") for part in parts] == ["zh-Hans", "en"], (
            "a pair is Chinese then English"
        )
        result.append((parts[0], parts[1]))
    return result


def position(doc, text):
    """Where ``text`` first appears in the page's text (document order)."""
    index = doc.text.find(text)
    assert index >= 0, f"{text!r} is not on the page"
    return index


def test_bilingual_view_interleaves_paragraphs_when_both_languages_have_the_same_structure(
    client, article_factory
):
    article_factory(
        live=True,
        slug="aligned",
        body_zh_hans="## 背景\n\n第一段中文。\n\n第二段中文。\n",
        body_en="## Background\n\nFirst English paragraph.\n\nSecond English paragraph.\n",
    )

    body = bilingual(client, "aligned").by_id("content")

    shown = [(zh.text, en.text) for zh, en in pairs(body)]
    assert shown == [
        ("背景", "Background"),
        ("第一段中文。", "First English paragraph."),
        ("第二段中文。", "Second English paragraph."),
    ]
    for zh, en in pairs(body):
        assert len(zh.find_all("p")) + len(zh.find_all("h2")) == 1
        assert len(en.find_all("p")) + len(en.find_all("h2")) == 1


def test_bilingual_view_groups_by_section_when_paragraphs_do_not_line_up(client, article_factory):
    article_factory(
        live=True,
        slug="sections",
        body_zh_hans="## 背景\n\n中文背景一段。\n\n## 做法\n\n中文做法一段。\n",
        body_en=(
            "## Background\n\nEnglish background, part one.\n\nEnglish background, part two.\n\n"
            "## Practice\n\nEnglish practice.\n"
        ),
    )

    body = bilingual(client, "sections").by_id("content")

    sections = pairs(body)
    assert len(sections) == 2
    (zh_background, en_background), (zh_practice, en_practice) = sections
    assert [e.text for e in zh_background.find_all("h2")] == ["背景"]
    assert [p.text for p in zh_background.find_all("p")] == ["中文背景一段。"]
    assert [e.text for e in en_background.find_all("h2")] == ["Background"]
    assert [p.text for p in en_background.find_all("p")] == [
        "English background, part one.",
        "English background, part two.",
    ]
    assert zh_practice.text == "做法 中文做法一段。"
    assert en_practice.text == "Practice English practice."


def test_bilingual_view_pairs_paragraphs_when_english_has_headings_for_only_some_sections(
    client, article_factory
):
    article_factory(
        live=True,
        slug="few-headings",
        body_zh_hans="## 背景\n\n背景段。\n\n## 方法\n\n方法段。\n\n## 数据\n\n数据段。\n",
        body_en="Background paragraph.\n\nMethod paragraph.\n\n## Data\n\nData paragraph.\n",
    )

    body = bilingual(client, "few-headings").by_id("content")

    shown = [(zh.text, en.text) for zh, en in pairs(body)]
    assert shown == [
        ("背景", ""),
        ("背景段。", "Background paragraph."),
        ("方法", ""),
        ("方法段。", "Method paragraph."),
        ("数据", "Data"),
        ("数据段。", "Data paragraph."),
    ]


def test_bilingual_view_keeps_unmatched_blocks_together_with_the_missing_side_left_empty(
    client, article_factory
):
    article_factory(
        live=True,
        slug="unaligned",
        body_zh_hans="只有一段中文。\n",
        body_en="- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    )

    body = bilingual(client, "unaligned").by_id("content")

    ((zh, en),) = pairs(body)
    assert zh.text == "只有一段中文。"
    assert [e.tag for e in en.children if not isinstance(e, str)] == ["ul", "table"]


@pytest.mark.parametrize(
    ("block", "chinese", "english"),
    [
        ("summary", SUMMARY_ZH, SUMMARY_EN),
        (
            "insights",
            "结论先行的摘要更容易被引用",
            "A conclusion-first summary is quoted more often",
        ),
        (
            "content",
            "答案引擎改变了读者找到文章的方式。",
            "Answer engines changed how readers find articles.",
        ),
        ("entities", CAPTION_ZH, CAPTION_EN),
        ("editor-note", NOTE_ZH, NOTE_EN),
        ("faq", FAQ_QUESTION_ZH, FAQ_QUESTION_EN),
    ],
)
def test_bilingual_block_shows_chinese_then_english_each_marked_with_its_language(
    client, block, chinese, english
):
    full_article()

    for language in ("zh-hans", "en"):
        section = bilingual(client, language=language).by_id(block)

        assert section.containing(chinese).lang() == "zh-Hans"
        assert section.containing(english).lang() == "en"
        assert position(section, chinese) < position(section, english)


def test_bilingual_title_is_chinese_with_the_english_title_after_it(client):
    full_article()

    head = bilingual(client, language="en").one("header", class_="article-head")

    h1 = head.one("h1")
    assert h1.text == TITLE_ZH
    assert h1.lang() == "zh-Hans"
    assert head.containing(TITLE_EN).lang() == "en"
    assert position(head, TITLE_ZH) < position(head, TITLE_EN)


def test_bilingual_entity_tables_link_each_language_to_its_entity_page(client):
    full_article()

    entities = bilingual(client).by_id("entities")

    links = {a.text: a.get("href") for a in entities.find_all("a")}
    assert links["深度求索"] == "/zh-hans/entities/deepseek/"
    assert links["DeepSeek"] == "/en/entities/deepseek/"
    # Both tables, one per language, keep captions and header cells.
    assert [caption.text for caption in entities.find_all("caption")] == [CAPTION_ZH, CAPTION_EN]


def test_bilingual_faq_keeps_one_fragment_id_per_question(client):
    full_article()

    doc = bilingual(client, language="en")

    assert len(doc.find_all(id="faq-what-is-an-answer-engine")) == 1


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_bilingual_view_canonical_is_the_plain_article_url(client, settings, language):
    settings.SITE_URL = "https://geo.example"
    full_article()

    doc = bilingual(client, language=language)

    plain = f"https://geo.example/{language}/articles/answer-engines/"
    assert canonical(doc) == plain
    assert meta(doc, "og:url") == plain


def test_bilingual_toggle_links_to_the_bilingual_view_and_back(client):
    full_article()

    plain = page(client.get("/en/articles/answer-engines/"))
    both = bilingual(client, language="en")

    toggle = plain.one("nav", class_="lang-switch").containing("双语对照", "a")
    assert toggle.get("href") == "?view=bilingual"
    assert toggle.get("aria-current") is None
    back = both.one("nav", class_="lang-switch").containing("双语对照", "a")
    assert back.get("href") == "/en/articles/answer-engines/"
    assert back.get("aria-current") == "page"
    # The plain view shows one language only.
    assert plain.find(class_="pair") is None
    assert TITLE_ZH not in plain.text


def test_bilingual_view_of_chinese_only_article_shows_the_chinese_once_and_no_empty_english(
    client, article_factory
):
    article_factory(
        live=True,
        chinese_only=True,
        slug="zh-only",
        body_zh_hans="## 背景\n\n只有中文的正文段落。\n",
    )

    doc = bilingual(client, "zh-only", language="en")

    assert doc.text.count("只有中文的正文段落。") == 1
    assert doc.one("h1").lang() == "zh-Hans"
    assert doc.find("p", class_="subtitle") is None  # no empty English title


def test_bilingual_view_shows_disclaimers_in_both_languages(client):
    full_article()

    block = bilingual(client, language="en").by_id("disclaimer")

    assert "版权与商标" in block.text
    assert "Copyright and trademarks" in block.text
    assert block.containing("版权与商标").lang() == "zh-Hans"
    assert position(block, "版权与商标") < position(block, "Copyright and trademarks")
