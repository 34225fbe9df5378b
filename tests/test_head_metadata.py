"""<head> of every reader page: title, description, canonical and hreflang from
SITE_URL (never the request's Host), Open Graph, Twitter and Weibo tags."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from geo.models import SiteSettings
from tests.reader_data import COVER_ALT_EN, SUMMARY_EN, TITLE_EN, TITLE_ZH, full_article
from tests.reader_html import canonical, hreflangs, meta, page

pytestmark = pytest.mark.django_db

SITE = "https://geo.example"
MIRROR = "mirror.example"

# page kind -> (path after the language prefix, expected <title> start in en, in zh-hans)
PAGES = {
    "list": ("", "GEO Review", "GEO 观察"),
    "article": ("articles/answer-engines/", TITLE_EN, TITLE_ZH),
    "tag": ("tags/search/", "Articles tagged “Search”", None),
    "entity": ("entities/deepseek/", "DeepSeek", "深度求索"),
    "faq": ("faq/", "Frequently asked questions", None),
}


@pytest.fixture
def site(settings, faq_item_factory, entity_factory):
    """Every kind of reader page has content; requests come in on a mirror host."""
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = [MIRROR]
    site_settings, _created = SiteSettings.objects.get_or_create(pk=1)
    site_settings.site_name_zh_hans = "GEO 观察"
    site_settings.site_name_en = "GEO Review"
    site_settings.tagline_zh_hans = "写给读者，也写给答案引擎的行业分析"
    site_settings.tagline_en = "Analysis written for readers and answer engines alike"
    site_settings.save()
    entity_factory(
        slug="deepseek",
        name_zh_hans="深度求索",
        name_en="DeepSeek",
        description_zh_hans="训练开放权重模型的杭州公司。",
        description_en="A Hangzhou company that trains open-weight models.",
    )
    faq_item_factory(
        article=None,
        question_en="Who writes GEO?",
        answer_en="Our editors, who sign every article.",
    )
    return full_article()


def get(client, language, path):
    return client.get(f"/{language}/{path}", headers={"host": MIRROR})


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("kind", PAGES)
def test_page_head_has_title_description_and_canonical_from_site_url(client, site, kind, language):
    path, title_en, title_zh = PAGES[kind]

    response = get(client, language, path)
    doc = page(response)

    title = doc.one("title").text
    expected_title = title_en if language == "en" else title_zh
    if expected_title:
        assert title.startswith(expected_title)
    assert title.endswith("GEO Review" if language == "en" else "GEO 观察")
    assert meta(doc, "description")
    assert canonical(doc) == f"{SITE}/{language}/{path}"
    assert meta(doc, "og:url") == canonical(doc)
    assert MIRROR not in response.content.decode()


@pytest.mark.parametrize("kind", PAGES)
def test_page_head_has_hreflang_alternates_for_both_languages_and_x_default(client, site, kind):
    path = PAGES[kind][0]

    for language in ("zh-hans", "en"):
        doc = page(get(client, language, path))

        assert hreflangs(doc) == {
            "zh-Hans": f"{SITE}/zh-hans/{path}",
            "en": f"{SITE}/en/{path}",
            "x-default": f"{SITE}/zh-hans/{path}",
        }


@pytest.mark.parametrize(
    ("language", "html_lang", "locale"), [("zh-hans", "zh-Hans", "zh_CN"), ("en", "en", "en_US")]
)
@pytest.mark.parametrize("kind", PAGES)
def test_html_element_carries_the_page_language(client, site, kind, language, html_lang, locale):
    doc = page(get(client, language, PAGES[kind][0]))

    assert doc.one("html").get("lang") == html_lang
    assert meta(doc, "og:locale") == locale


@pytest.mark.parametrize("kind", ["list", "tag", "entity", "faq"])
def test_listing_pages_are_websites_not_articles(client, site, kind):
    doc = page(get(client, "en", PAGES[kind][0]))

    assert meta(doc, "og:type") == "website"
    assert meta(doc, "article:published_time") is None
    assert meta(doc, "twitter:card") == "summary"


def test_article_head_has_open_graph_article_twitter_and_weibo_tags(client, site):
    article = site

    doc = page(get(client, "en", "articles/answer-engines/"))

    assert meta(doc, "og:type") == "article"
    assert meta(doc, "og:title") == TITLE_EN
    assert meta(doc, "og:description") == meta(doc, "description")
    assert datetime.fromisoformat(meta(doc, "article:published_time")) == article.published_at
    assert datetime.fromisoformat(meta(doc, "article:modified_time")) == article.updated_at
    local = timezone.localtime
    assert meta(doc, "weibo:webpage:create_at") == local(article.published_at).strftime(
        "%Y-%m-%d %H:%M:%S"
    )
    assert meta(doc, "weibo:webpage:update_at") == local(article.updated_at).strftime(
        "%Y-%m-%d %H:%M:%S"
    )
    assert meta(doc, "twitter:card") == "summary"
    assert meta(doc, "twitter:title") == TITLE_EN
    assert meta(doc, "twitter:description") == meta(doc, "description")
    assert meta(doc, "og:image") is None


def test_article_with_cover_has_absolute_image_tags_and_large_card(client, settings):
    settings.SITE_URL = SITE
    full_article(cover=True)

    doc = page(client.get("/en/articles/answer-engines/"))

    image = meta(doc, "og:image")
    assert image.startswith(f"{SITE}/media/covers/")
    assert meta(doc, "og:image:alt") == COVER_ALT_EN
    assert meta(doc, "twitter:card") == "summary_large_image"
    assert meta(doc, "twitter:image") == image


def test_meta_description_is_the_seo_description_when_there_is_one(client, article_factory):
    article_factory(
        live=True, slug="seo", seo_description_en="Hand-written description for search results."
    )

    doc = page(client.get("/en/articles/seo/"))

    assert meta(doc, "description") == "Hand-written description for search results."


@pytest.mark.parametrize(
    ("language", "sentences", "kept"),
    [
        (
            "en",
            [
                "Answer engines now quote the first paragraph of analysis articles far more often than any other part.",
                " Editors respond by writing a bottom line up front that still makes sense when quoted alone.",
            ],
            1,
        ),
        (
            "zh-hans",
            [
                "答案引擎越来越多地直接引用分析文章的第一段内容，读者往往只看摘要就离开页面，这在过去一年里明显改变了编辑部撰写摘要的方式，也改变了读者的阅读习惯。",
                "因此编辑先写结论，再写论据，最后补充背景和数据来源，让答案引擎可以不加改动地完整引用这一段文字。",
                "这种写法也让只看摘要的读者能够马上得到最重要的信息，不必读完全文才知道文章的核心观点和判断依据。",
            ],
            2,
        ),
    ],
)
def test_meta_description_falls_back_to_the_bluf_cut_after_a_whole_sentence(
    client, article_factory, language, sentences, kept
):
    expected = "".join(sentences[:kept])
    assert len(expected) <= 160 < len(expected + sentences[kept]) and len("".join(sentences)) <= 300
    field = "summary_en" if language == "en" else "summary_zh_hans"
    article_factory(live=True, slug="bluf", **{field: "".join(sentences)})

    doc = page(client.get(f"/{language}/articles/bluf/"))

    assert meta(doc, "description") == expected


def test_english_page_of_chinese_only_article_points_search_engines_at_the_chinese_page(
    client, settings, article_factory
):
    settings.SITE_URL = SITE
    article_factory(live=True, chinese_only=True, slug="zh-only")

    doc = page(client.get("/en/articles/zh-only/"))

    zh_url = f"{SITE}/zh-hans/articles/zh-only/"
    assert canonical(doc) == zh_url
    assert hreflangs(doc) == {"zh-Hans": zh_url, "x-default": zh_url}


def test_second_list_page_has_its_own_canonical_and_alternates(client, settings, article_factory):
    settings.SITE_URL = SITE
    now = timezone.now()
    for number in range(21):
        article_factory(live=True, published_at=now - timedelta(hours=number + 1))

    older = page(client.get("/en/")).one("a", rel="next").get("href")
    doc = page(client.get(older))

    assert older.startswith("/en/?before=")
    assert canonical(doc) == f"{SITE}{older}"
    assert hreflangs(doc)["zh-Hans"] == f"{SITE}{older.replace('/en/', '/zh-hans/')}"


def test_article_head_description_is_not_the_english_bluf_on_the_chinese_page(client, site):
    doc = page(get(client, "zh-hans", "articles/answer-engines/"))

    assert meta(doc, "description") != SUMMARY_EN
    assert "答案引擎" in meta(doc, "description")


def test_faq_page_description_is_plain_text_not_markdown(client, faq_item_factory):
    faq_item_factory(
        article=None,
        key="corrections",
        question_en="How do I ask for a correction?",
        answer_en="Please use the [correction and removal form](/en/takedown/). An **editor** replies.",
    )

    doc = page(client.get("/en/faq/"))

    description = meta(doc, "description")
    assert "correction and removal form" in description
    assert "](" not in description
    assert "**" not in description
