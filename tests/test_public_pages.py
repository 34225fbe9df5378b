"""What readers see on the list, article, tag, entity and FAQ pages."""

import shutil
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from articles.models import Disclaimer
from articles.services import article_sync_entity_tags
from tests.reader_data import (
    BODY_ZH,
    CAPTION_EN,
    CAPTION_ZH,
    FAQ_ANSWER_EN,
    FAQ_QUESTION_EN,
    FAQ_QUESTION_ZH,
    PUBLISHED,
    SUMMARY_ZH,
    TITLE_EN,
    TITLE_ZH,
    UPDATED,
    full_article,
)
from tests.reader_html import page, parse, section_ids

pytestmark = pytest.mark.django_db

ANATOMY = [
    "summary",
    "insights",
    "content",
    "entities",
    "editor-note",
    "faq",
    "share",
    "disclaimer",
]


def cards(doc):
    return doc.find_all("li", class_="card")


def card_titles(doc):
    return [card.one("h2").text for card in cards(doc)]


def card_summary(card):
    """The BLUF paragraph of a list card (the one without a class)."""
    return next(p for p in card.find_all("p") if not p.get("class")).text


# ----------------------------------------------------------------- article list


def test_list_shows_newest_article_first(client, article_factory):
    now = timezone.now()
    article_factory(live=True, title_en="Middle", published_at=now - timedelta(days=2))
    article_factory(live=True, title_en="Newest", published_at=now - timedelta(hours=1))
    article_factory(live=True, title_en="Oldest", published_at=now - timedelta(days=9))

    doc = page(client.get("/en/"))

    assert card_titles(doc) == ["Newest", "Middle", "Oldest"]


def test_list_shows_twenty_articles_a_page_and_the_rest_on_page_two(client, article_factory):
    now = timezone.now()
    for number in range(21):
        article_factory(
            live=True, title_en=f"Issue {number:02}", published_at=now - timedelta(hours=number + 1)
        )

    first = page(client.get("/en/"))
    older = first.one("a", rel="next").get("href")
    second = page(client.get(older))

    assert card_titles(first) == [f"Issue {number:02}" for number in range(20)]
    assert card_titles(second) == ["Issue 20"]
    assert first.find("a", rel="prev") is None
    assert older.startswith("/en/?before=")
    assert second.one("a", rel="prev").get("href") == "/en/"
    assert second.find("a", rel="next") is None


@pytest.mark.parametrize("number", ["abc", "0", "-1", "2", "99999999999999999999"])
def test_list_page_number_that_is_not_a_page_is_404(client, article_factory, number):
    article_factory(live=True)

    response = client.get(f"/en/?page={number}")

    assert response.status_code == 404


def test_list_item_shows_title_link_date_tags_and_bluf(client):
    article = full_article()

    card = cards(page(client.get("/en/")))[0]

    link = card.one("h2").one("a")
    assert link.text == TITLE_EN
    assert link.get("href") == "/en/articles/answer-engines/"
    assert datetime.fromisoformat(card.one("time").get("datetime")) == article.published_at
    tags = {a.text: a.get("href") for a in card.one("ul", class_="tags").find_all("a")}
    assert tags == {
        "Search": "/en/tags/search/",
        "DeepSeek": "/en/entities/deepseek/",
        "Moonshot AI": "/en/entities/moonshot/",
    }
    assert card_summary(card) == article.summary_en


def test_list_shows_a_short_bluf_whole_without_ellipsis(client, article_factory):
    article_factory(live=True, summary_en="Short and complete. Two sentences.")

    card = cards(page(client.get("/en/")))[0]

    assert card_summary(card) == "Short and complete. Two sentences."


def test_list_shortens_a_long_bluf_at_a_sentence_end(client, article_factory):
    first = "Answer engines now quote the first paragraph of an analysis article more than anything else."
    second = (
        " Editors therefore write a bottom line up front that stands on its own when quoted alone."
    )
    article_factory(live=True, summary_en=first + second)

    shown = card_summary(cards(page(client.get("/en/")))[0])

    assert len(shown) <= 140
    assert shown.removesuffix("…") == first


def test_list_shortens_a_long_chinese_bluf_after_the_last_whole_sentence_that_fits(
    client, article_factory
):
    sentences = [
        "答案引擎越来越多地直接引用分析文章的第一段内容，读者往往只看摘要就离开页面，这在过去一年里明显改变了编辑部撰写摘要的方式。",
        "因此编辑先写结论，再写论据，最后补充背景和数据来源，让答案引擎可以不加改动地完整引用这一段文字。",
        "这种写法也让只看摘要的读者能够马上得到最重要的信息，不必读完全文才知道文章的核心观点和判断依据。",
    ]
    assert len(sentences[0] + sentences[1]) <= 140 < len("".join(sentences)) <= 300
    article_factory(live=True, summary_zh_hans="".join(sentences))

    shown = card_summary(cards(page(client.get("/zh-hans/")))[0])

    assert shown.removesuffix("…") == sentences[0] + sentences[1]


def test_list_cuts_a_bluf_without_sentence_breaks_at_a_word_with_ellipsis(client, article_factory):
    words = (
        "answer engines quote conclusion first summaries from analysis articles written for "
        "people and machines alike across markets and languages while editors keep "
        "checking every named company product and person against primary sources"
    )
    summary = f"Observation: {words} {words}"
    article_factory(live=True, summary_en=summary)

    shown = card_summary(cards(page(client.get("/en/")))[0])

    assert shown.endswith("…")
    assert len(shown) <= 140
    kept = shown.removesuffix("…")
    assert summary.startswith(kept)
    # The next character of the original is a space: no word was cut in half.
    assert summary[len(kept)] == " ", (
        f"cut mid-word: {kept[-12:]!r}|{summary[len(kept) : len(kept) + 12]!r}"
    )


def test_english_list_marks_chinese_only_article_and_shows_its_chinese_title(
    client, article_factory
):
    now = timezone.now()
    article_factory(
        live=True,
        chinese_only=True,
        title_zh_hans="只有中文的文章",
        published_at=now - timedelta(hours=1),
    )
    article_factory(live=True, title_en="Bilingual article", published_at=now - timedelta(hours=2))

    doc = page(client.get("/en/"))

    chinese_only, bilingual = cards(doc)
    assert chinese_only.one("h2").text == "只有中文的文章"
    assert chinese_only.one("h2").lang() == "zh-Hans"
    marker = chinese_only.one(class_="only-marker")
    assert marker.text == "中文 only"
    assert marker.get("lang") == "zh-Hans"
    assert bilingual.find(class_="only-marker") is None
    assert (
        card_summary(chinese_only)
        == "答案引擎正在改变读者找到分析文章的方式。本文说明编辑部的应对办法。"
    )


def test_chinese_list_has_no_chinese_only_marker(client, article_factory):
    article_factory(live=True, chinese_only=True)

    doc = page(client.get("/zh-hans/"))

    assert len(cards(doc)) == 1
    assert doc.find(class_="only-marker") is None


# ---------------------------------------------------------------- article page


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_article_page_has_every_block_with_its_fragment_id_in_reading_order(client, language):
    full_article()

    doc = page(client.get(f"/{language}/articles/answer-engines/"))

    assert section_ids(doc) == ANATOMY


def test_article_page_leaves_out_empty_optional_blocks(client, article_factory):
    article_factory(live=True, slug="plain", insight_en="", insight_zh_hans="")

    doc = page(client.get("/en/articles/plain/"))

    assert section_ids(doc) == ["summary", "content", "share", "disclaimer"]


def test_article_page_shows_title_publish_time_tags_and_summary(client):
    article = full_article()

    doc = page(client.get("/en/articles/answer-engines/"))

    assert [h1.text for h1 in doc.find_all("h1")] == [TITLE_EN]
    published = doc.one("header", class_="article-head").find("time")
    assert datetime.fromisoformat(published.get("datetime")) == article.published_at
    tags = [
        a.text
        for a in doc.one("header", class_="article-head").one("ul", class_="tags").find_all("a")
    ]
    assert tags == ["DeepSeek", "Moonshot AI", "Search"]
    assert article.summary_en in doc.by_id("summary").text


def test_article_shows_an_updated_date_only_when_updated_on_a_later_day(client):
    full_article()  # published 2 March, updated 9 March
    full_article(slug="same-day", updated_at=PUBLISHED + timedelta(hours=2))

    updated = page(client.get("/en/articles/answer-engines/")).one("p", class_="article-meta")
    same_day = page(client.get("/en/articles/same-day/")).one("p", class_="article-meta")

    times = [datetime.fromisoformat(t.get("datetime")) for t in updated.find_all("time")]
    assert times == [PUBLISHED, UPDATED]
    assert "Updated" in updated.text
    assert len(same_day.find_all("time")) == 1
    assert "Updated" not in same_day.text


@pytest.mark.parametrize(
    ("language", "caption", "names"),
    [
        ("zh-hans", CAPTION_ZH, {"深度求索": "deepseek", "月之暗面": "moonshot"}),
        ("en", CAPTION_EN, {"DeepSeek": "deepseek", "Moonshot AI": "moonshot"}),
    ],
)
def test_entity_table_is_a_captioned_table_linking_each_entity(client, language, caption, names):
    full_article()

    table = page(client.get(f"/{language}/articles/answer-engines/")).by_id("entities").one("table")

    assert table.one("caption").text == caption
    assert len(table.find_all("th", scope="col")) == 3
    row_heads = table.find_all("th", scope="row")
    links = {th.one("a").text: th.one("a").get("href") for th in row_heads}
    assert links == {name: f"/{language}/entities/{slug}/" for name, slug in names.items()}


def test_faq_item_has_a_stable_fragment_id(client):
    full_article()

    doc = page(client.get("/en/articles/answer-engines/"))

    item = doc.by_id("faq-what-is-an-answer-engine")
    assert item.one("h3").text == FAQ_QUESTION_EN
    assert FAQ_ANSWER_EN in item.text
    assert doc.by_id("faq").find_all(class_="faq-item") == [item]


def test_article_page_links_back_to_the_list_of_its_language(client):
    full_article()

    doc = page(client.get("/en/articles/answer-engines/"))

    back = doc.one("p", class_="back").one("a")
    assert back.get("href") == "/en/"
    assert back.text == "← Back to articles"


@pytest.fixture
def compiled_translations(settings, tmp_path):
    """The committed .po files compiled into a temporary locale folder, so the
    Chinese interface is tested whether or not ``make messages`` has run."""
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (GNU gettext) is not installed; cannot compile the .po files")
    for po in Path(django_settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/django.po"):
        target = tmp_path / "locale" / po.relative_to(Path(django_settings.BASE_DIR, "locale"))
        target.parent.mkdir(parents=True)
        subprocess.run(
            ["msgfmt", "--check-format", "-o", str(target.with_suffix(".mo")), str(po)], check=True
        )
    settings.LOCALE_PATHS = [tmp_path / "locale"]


def test_chinese_article_page_speaks_chinese_interface(client, compiled_translations):
    full_article()

    doc = page(client.get("/zh-hans/articles/answer-engines/"))

    assert doc.one("p", class_="back").text == "← 返回文章列表"
    share = doc.by_id("share")
    assert "分享到微博" in share.text
    assert "复制链接" in share.text
    assert share.one("a", class_="copy-link").get("data-copied") == "链接已复制"
    for english in ("Back to articles", "Share on Weibo", "Copy link", "Key insights", "Entities"):
        assert english not in doc.text


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_disclaimer_block_shows_every_default_disclaimer_but_the_ai_notice(client, language):
    full_article(ai_assisted=False)
    field = "title_zh_hans" if language == "zh-hans" else "title_en"
    defaults = Disclaimer.objects.filter(applies_to_all=True, active=True)
    ai_notice = defaults.get(kind=Disclaimer.Kind.AI_ASSISTED)

    block = page(client.get(f"/{language}/articles/answer-engines/")).by_id("disclaimer")

    headings = [h3.text for h3 in block.find_all("h3")]
    expected = [
        getattr(d, field) for d in defaults.exclude(pk=ai_notice.pk).order_by("order", "pk")
    ]
    assert headings == expected
    assert len(expected) >= 4  # copyright, not advice, removal, personal data
    assert getattr(ai_notice, field) not in block.text


def test_disclaimer_block_shows_the_ai_notice_on_ai_assisted_articles(client):
    full_article(ai_assisted=True)
    ai_notice = Disclaimer.objects.get(kind=Disclaimer.Kind.AI_ASSISTED, applies_to_all=True)

    block = page(client.get("/en/articles/answer-engines/")).by_id("disclaimer")

    assert ai_notice.title_en in [h3.text for h3 in block.find_all("h3")]
    assert "AI" in ai_notice.body_en and ai_notice.body_en[:40] in block.text


def test_disclaimer_block_shows_an_extra_disclaimer_only_where_chosen(client, disclaimer_factory):
    chosen_by = full_article()
    other = full_article(slug="other-article")
    extra = disclaimer_factory(title_en="Sponsored research notice", applies_to_all=False)
    chosen_by.disclaimers.add(extra)

    shown = page(client.get("/en/articles/answer-engines/")).by_id("disclaimer")
    not_shown = page(client.get(f"/en/articles/{other.slug}/")).by_id("disclaimer")

    assert "Sponsored research notice" in shown.text
    assert "Sponsored research notice" not in not_shown.text


def test_disclaimer_links_to_the_takedown_form_of_the_page_language(client):
    full_article()

    block = page(client.get("/en/articles/answer-engines/")).by_id("disclaimer")

    hrefs = [a.get("href") for a in block.find_all("a")]
    assert "/en/takedown/" in hrefs
    assert client.get("/en/takedown/").status_code == 200


HOSTILE = "<script>alert(1)</script>"


def hostile_article(article_factory, faq_item_factory, entity_factory, entity_row_factory):
    article = article_factory(
        live=True,
        slug="hostile",
        title_en=f'Hostile "><img src=x onerror=alert(1)> {HOSTILE}',
        summary_en=f"Summary {HOSTILE} ends here.",
        seo_description_en='Description "><script>alert(1)</script>',
        insight_en=f"- insight {HOSTILE}\n- <img src=x onerror=alert(1)>",
        body_en=(
            f"## Body\n\nParagraph {HOSTILE}\n\n"
            "[a link](javascript:alert(1)) and [another](JAVASCRIPT:alert(1)) "
            "and <javascript:alert(1)> and ![image](javascript:alert(1))\n\n"
            '<a href="javascript:alert(1)">raw link</a>\n'
        ),
        editor_note_en=f"Note {HOSTILE} [x]( javascript:alert(1) )",
        cover_alt_en='"><script>alert(1)</script>',
    )
    faq_item_factory(
        article=article,
        question_en=f"Question {HOSTILE}?",
        answer_en=f"Answer {HOSTILE} [click](javascript:alert(1))",
    )
    entity = entity_factory(
        slug="hostile-entity", name_en=f"Entity {HOSTILE}", description_en=HOSTILE
    )
    entity_row_factory(
        table__article=article,
        table__caption_en=f"Caption {HOSTILE}",
        entity=entity,
        role_en=HOSTILE,
        note_en=HOSTILE,
    )
    article_sync_entity_tags(article=article)
    return article


def assert_inert(html: str):
    """No script but the site's own (and JSON-LD data, which never runs), no
    event handler, no javascript: URL."""
    assert "<script>alert" not in html.lower()
    doc = parse(html)
    scripts = [s for s in doc.find_all("script") if s.get("type") != "application/ld+json"]
    assert [script.get("src") for script in scripts] == ["/static/js/site.js"]
    for element in doc.iter():
        handlers = [name for name in element.attrs if name.lower().startswith("on")]
        assert not handlers, f"<{element.tag}> has event handler attributes {handlers}"
        for name in ("href", "src", "action", "formaction"):
            value = "".join((element.get(name) or "").split()).lower()
            assert not value.startswith("javascript:"), (
                f"<{element.tag} {name}={element.get(name)!r}>"
            )


@pytest.mark.parametrize(
    "url",
    [
        "/en/articles/hostile/",
        "/en/articles/hostile/?view=bilingual",
        "/en/",
        "/en/entities/hostile-entity/",
    ],
)
def test_hostile_editor_content_is_shown_as_text_never_run(
    client, article_factory, faq_item_factory, entity_factory, entity_row_factory, url
):
    hostile_article(article_factory, faq_item_factory, entity_factory, entity_row_factory)

    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert_inert(html)
    # The text itself is there, escaped: the page did render the hostile input.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_hostile_entity_website_is_not_a_javascript_link(client, entity_factory):
    # The admin and the importer validate URLs; the page must not rely on it.
    entity_factory(slug="shady", website="javascript:alert(document.cookie)")

    response = client.get("/en/entities/shady/")

    assert response.status_code == 200
    assert_inert(response.content.decode())


def test_staff_see_an_edit_in_admin_link(client, user_factory):
    article = full_article()
    client.force_login(user_factory(is_staff=True))

    doc = page(client.get("/en/articles/answer-engines/"))

    link = doc.one("p", class_="edit-link").one("a")
    assert link.get("href") == f"/admin/articles/article/{article.pk}/change/"
    assert link.text == "Edit in admin"


def test_anonymous_readers_and_non_staff_see_no_edit_link(client, user_factory):
    full_article()

    anonymous = client.get("/en/articles/answer-engines/").content.decode()
    client.force_login(user_factory(is_staff=False))
    logged_in = client.get("/en/articles/answer-engines/").content.decode()

    for html in (anonymous, logged_in):
        assert "Edit in admin" not in html
        assert "/admin/articles/article/" not in html


# -------------------------------------------------------------- language switch


@pytest.mark.parametrize(
    ("language", "other", "label"),
    [
        ("zh-hans", "/en/articles/answer-engines/", "English"),
        ("en", "/zh-hans/articles/answer-engines/", "中文"),
    ],
)
def test_language_switch_links_to_the_same_article_in_the_other_language(
    client, language, other, label
):
    full_article()

    switch = page(client.get(f"/{language}/articles/answer-engines/")).one(
        "nav", class_="lang-switch"
    )

    links = {a.text: a.get("href") for a in switch.find_all("a")}
    assert links[label] == other
    assert links["双语对照"] == "?view=bilingual"


def test_english_page_of_chinese_only_article_says_so_in_both_languages_and_shows_chinese(
    client, article_factory, settings
):
    settings.SITE_URL = "https://geo.example"
    article_factory(
        live=True,
        chinese_only=True,
        slug="zh-only",
        title_zh_hans=TITLE_ZH,
        summary_zh_hans=SUMMARY_ZH,
        body_zh_hans=BODY_ZH,
    )

    doc = page(client.get("/en/articles/zh-only/"))

    notice = doc.one(class_="notice")
    assert notice.one("p", lang="en").text.startswith("This article is not available in English")
    assert "英文" in notice.one("p", lang="zh-Hans").text
    h1 = doc.one("h1")
    assert h1.text == TITLE_ZH
    assert h1.lang() == "zh-Hans"
    body = doc.by_id("content")
    assert "答案引擎改变了读者找到文章的方式。" in body.text
    assert body.containing("答案引擎改变了读者找到文章的方式。").lang() == "zh-Hans"
    assert doc.by_id("summary").containing(SUMMARY_ZH[:10]).lang() == "zh-Hans"
    assert (
        doc.one("link", rel="canonical").get("href")
        == "https://geo.example/zh-hans/articles/zh-only/"
    )


# ------------------------------------------------------------ tags and entities


def test_tag_page_lists_the_live_articles_with_the_tag(client, article_factory, tag_factory):
    tag = tag_factory(slug="cloud", name_en="Cloud", name_zh_hans="云计算")
    tagged = article_factory(live=True, title_en="Tagged and live")
    article_factory(live=True, title_en="Not tagged")
    draft = article_factory(title_en="Tagged draft")
    tagged.tags.add(tag)
    draft.tags.add(tag)

    doc = page(client.get("/en/tags/cloud/"))

    assert "Cloud" in doc.one("h1").text
    assert card_titles(doc) == ["Tagged and live"]


def test_an_entity_tag_page_redirects_permanently_to_the_entity_page(client):
    full_article()

    response = client.get("/en/tags/deepseek/")

    assert response.status_code == 301
    assert response["Location"] == "/en/entities/deepseek/"


@pytest.mark.parametrize("url", ["/en/tags/no-such-tag/", "/en/entities/no-such-entity/"])
def test_unknown_tag_or_entity_is_404(client, url):
    assert client.get(url).status_code == 404


def test_entity_page_shows_the_entity_and_the_articles_mentioning_it(
    client, article_factory, entity_factory
):
    entity_factory(
        slug="deepseek",
        name_zh_hans="深度求索",
        name_en="DeepSeek",
        description_en="A Hangzhou company that trains open-weight language models.",
        website="https://www.deepseek.com/",
    )
    full_article()
    article_factory(live=True, title_en="Unrelated article")

    doc = page(client.get("/en/entities/deepseek/"))

    assert doc.one("h1").text == "DeepSeek"
    head = doc.one("header", class_="entity-head")
    assert "Organisation" in head.one(class_="entity-kind").text
    assert head.one("a").get("href") == "https://www.deepseek.com/"
    assert "A Hangzhou company that trains open-weight language models." in head.text
    assert card_titles(doc) == [TITLE_EN]


def test_entity_page_is_paginated(client, article_factory, entity_factory):
    entity = entity_factory(slug="cloudco")
    now = timezone.now()
    for number in range(21):
        article = article_factory(
            live=True,
            title_en=f"Mention {number:02}",
            published_at=now - timedelta(hours=number + 1),
        )
        article.tags.add(entity.tag)

    first = page(client.get("/en/entities/cloudco/"))
    second = page(client.get(first.one("a", rel="next").get("href")))

    assert len(cards(first)) == 20
    assert card_titles(second) == ["Mention 20"]
    assert second.one("a", rel="prev").get("href") == "/en/entities/cloudco/"
    assert client.get("/en/entities/cloudco/?page=3").status_code == 404


def test_site_faq_page_shows_site_wide_questions_but_not_article_questions(
    client, faq_item_factory
):
    faq_item_factory(
        article=None, key="who-writes", question_en="Who writes GEO?", answer_en="Our editors."
    )
    full_article()  # brings an article FAQ item

    doc = page(client.get("/en/faq/"))

    item = doc.by_id("faq-who-writes")
    assert "Who writes GEO?" in item.text
    assert "Our editors." in item.text
    assert FAQ_QUESTION_EN not in doc.text
    assert FAQ_QUESTION_ZH not in doc.text
    assert len(doc.find_all(class_="faq-item")) == 1


def test_chinese_article_page_shows_chinese_texts(client):
    full_article()

    doc = page(client.get("/zh-hans/articles/answer-engines/"))

    assert doc.one("h1").text == TITLE_ZH
    assert doc.by_id("faq").containing(FAQ_QUESTION_ZH).lang() == "zh-Hans"
    assert doc.by_id("content").containing("编辑部为每篇文章写一段摘要。").lang() == "zh-Hans"
