"""Feeds as a feed reader sees them (parsed with feedparser): RSS 2.0 and Atom
per language, RSS per tag and entity, and the head links that announce them.
Every URL comes from SITE_URL, never from the request's host."""

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from html import unescape

import feedparser
import pytest

from articles.models import Article
from articles.services import article_withdraw
from tests.factories import UNPUBLISHED
from tests.reader_html import page

pytestmark = pytest.mark.django_db

SITE = "https://geo.example"
MIRROR = "mirror.example"
# Whole seconds: RSS dates (RFC 2822) carry no fractions.
NOW = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
FEEDS = {"rss": ("feed.xml", "rss20"), "atom": ("atom.xml", "atom10")}
CONTENT_TYPES = {"rss20": "application/rss+xml", "atom10": "application/atom+xml"}


@pytest.fixture(autouse=True)
def _site(settings):
    """Requests come in on a mirror host; every URL must still be SITE_URL's."""
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = [MIRROR]


def get(client, path: str):
    return client.get(path, headers={"host": MIRROR})


def read(client, path: str):
    """The parsed feed at ``path``, which must be well-formed and SITE_URL's."""
    response = get(client, path)
    assert response.status_code == 200, (path, response.status_code)
    assert MIRROR not in response.content.decode()
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert response["Content-Type"].startswith(CONTENT_TYPES[feed.version])
    return feed


def site_feed(client, language: str, kind: str = "rss"):
    name, version = FEEDS[kind]
    feed = read(client, f"/{language}/{name}")
    assert feed.version == version
    return feed


def links(feed) -> list[str]:
    return [entry.link for entry in feed.entries]


def article_url(language: str, slug: str) -> str:
    return f"{SITE}/{language}/articles/{slug}/"


def date_of(entry, field: str) -> datetime:
    """An entry's date as written: RFC 2822 in RSS, RFC 3339 in Atom."""
    value = entry[field]
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return parsedate_to_datetime(value)


@pytest.mark.parametrize("kind", FEEDS)
@pytest.mark.parametrize(("language", "lang"), [("zh-hans", "zh-Hans"), ("en", "en")])
def test_site_feeds_parse_and_carry_their_language(client, article_factory, kind, language, lang):
    article_factory(live=True)

    feed = site_feed(client, language, kind)

    assert feed.feed.language == lang
    assert feed.feed.link == f"{SITE}/{language}/"
    assert len(feed.entries) == 1


def text(html: str) -> str:
    """What a reader sees of an HTML description: feed readers render it."""
    return unescape(html)


@pytest.mark.parametrize("kind", FEEDS)
def test_items_carry_title_canonical_link_guid_dates_and_summary(
    client, time_machine, article_factory, kind
):
    time_machine.move_to(NOW, tick=False)
    article_factory(
        live=True,
        slug="answer-engines",
        title_zh_hans="答案引擎如何改变行业分析",
        title_en="How answer engines change industry analysis",
        summary_zh_hans="答案引擎直接引用文章摘要。",
        summary_en="Answer engines quote an article's summary directly.",
        published_at=NOW - timedelta(days=3),
        updated_at=NOW - timedelta(days=1),
    )
    expected = {
        "zh-hans": ("答案引擎如何改变行业分析", "答案引擎直接引用文章摘要。"),
        "en": (
            "How answer engines change industry analysis",
            "Answer engines quote an article's summary directly.",
        ),
    }

    for language, (title, summary) in expected.items():
        (entry,) = site_feed(client, language, kind).entries

        assert entry.title == title
        assert entry.link == article_url(language, "answer-engines")
        assert entry.id == entry.link  # the guid is the canonical URL
        assert text(entry.summary) == summary
        assert date_of(entry, "published") == NOW - timedelta(days=3)
        if kind == "atom":
            assert date_of(entry, "updated") == NOW - timedelta(days=1)


def test_rss_guid_is_marked_as_a_permalink(client, article_factory):
    article_factory(live=True, slug="answer-engines")

    response = get(client, "/en/feed.xml")

    assert (
        f'<guid isPermaLink="true">{article_url("en", "answer-engines")}</guid>'
        in response.content.decode()
    )


def test_text_is_text_not_markup(client, article_factory):
    article_factory(
        live=True,
        title_en="AT&T <b>and</b> co",
        summary_en="Fewer <script>alert(1)</script> tags & more text.",
    )

    for kind in FEEDS:
        (entry,) = site_feed(client, "en", kind).entries

        assert text(entry.title) == "AT&T <b>and</b> co"
        assert text(entry.summary) == "Fewer <script>alert(1)</script> tags & more text."


def test_chinese_only_article_is_only_in_the_chinese_feeds(client, article_factory):
    article_factory(live=True, slug="bilingual")
    article_factory(live=True, chinese_only=True, slug="zh-only")

    for kind in FEEDS:
        assert links(site_feed(client, "zh-hans", kind)) == [
            article_url("zh-hans", "zh-only"),
            article_url("zh-hans", "bilingual"),
        ]
        assert links(site_feed(client, "en", kind)) == [article_url("en", "bilingual")]


@pytest.mark.parametrize("trait", UNPUBLISHED)
def test_unpublished_articles_are_in_no_feed(
    client, article_factory, tag_factory, entity_factory, trait
):
    tag = tag_factory(slug="search")
    entity = entity_factory(slug="deepseek")
    article_factory(slug="hidden", **UNPUBLISHED[trait]).tags.add(tag, entity.tag)
    article_factory(live=True, slug="visible").tags.add(tag, entity.tag)

    for language in ("zh-hans", "en"):
        for path in ("feed.xml", "atom.xml", "tags/search/feed.xml", "entities/deepseek/feed.xml"):
            feed = read(client, f"/{language}/{path}")

            assert links(feed) == [article_url(language, "visible")], path


def test_newest_first_and_at_most_fifty(client, time_machine, article_factory):
    time_machine.move_to(NOW, tick=False)
    for number in range(52):
        article_factory(
            live=True, slug=f"issue-{number}", published_at=NOW - timedelta(hours=52 - number)
        )

    for kind in FEEDS:
        feed = site_feed(client, "en", kind)

        assert links(feed) == [article_url("en", f"issue-{n}") for n in range(51, 1, -1)]
        published = [date_of(entry, "published") for entry in feed.entries]
        assert published == sorted(published, reverse=True)


def test_tag_and_entity_feeds_list_their_articles(
    client, article_factory, tag_factory, entity_factory
):
    tag = tag_factory(slug="search", name_zh_hans="搜索", name_en="Search")
    entity = entity_factory(slug="deepseek", name_zh_hans="深度求索", name_en="DeepSeek")
    article_factory(live=True, slug="tagged").tags.add(tag)
    article_factory(live=True, slug="mentioned").tags.add(entity.tag)
    article_factory(live=True, slug="neither")

    tag_feed = read(client, "/en/tags/search/feed.xml")
    entity_feed = read(client, "/zh-hans/entities/deepseek/feed.xml")

    assert tag_feed.version == entity_feed.version == "rss20"
    assert tag_feed.feed.title == "Articles tagged “Search”"
    assert tag_feed.feed.link == f"{SITE}/en/tags/search/"
    assert tag_feed.feed.language == "en"
    assert links(tag_feed) == [article_url("en", "tagged")]
    assert entity_feed.feed.title == "深度求索"
    assert entity_feed.feed.link == f"{SITE}/zh-hans/entities/deepseek/"
    assert entity_feed.feed.language == "zh-Hans"
    assert links(entity_feed) == [article_url("zh-hans", "mentioned")]


def test_an_entity_tag_feed_redirects_to_the_entity_feed(client, entity_factory):
    entity_factory(slug="deepseek")

    response = get(client, "/en/tags/deepseek/feed.xml")

    assert response.status_code == 301
    assert response["Location"] == "/en/entities/deepseek/feed.xml"


@pytest.mark.parametrize("path", ["tags/nothing/feed.xml", "entities/nothing/feed.xml"])
def test_unknown_tag_or_entity_feed_is_not_found(client, path):
    assert get(client, f"/en/{path}").status_code == 404


@pytest.mark.parametrize("kind", FEEDS)
def test_full_content_follows_the_setting(client, settings, article_factory, kind):
    article_factory(live=True, body_en="## Background\n\nAnswer engines quote **summaries**.")

    settings.FEED_FULL_CONTENT = False
    (entry,) = site_feed(client, "en", kind).entries
    assert "content" not in entry

    settings.FEED_FULL_CONTENT = True
    (entry,) = site_feed(client, "en", kind).entries
    (content,) = entry.content
    assert content.type == "text/html"
    assert '<h2 id="background">Background</h2>' in content.value
    assert "<strong>summaries</strong>" in content.value
    assert text(entry.summary) == Article.objects.get().summary_en


def test_full_content_is_the_sanitised_rendering(client, settings, article_factory):
    settings.FEED_FULL_CONTENT = True
    article_factory(live=True, body_en="Text <script>alert(1)</script> [x](javascript:alert(1))")

    for name, _version in FEEDS.values():
        # The raw XML: feedparser would sanitise on its own.
        markup = unescape(get(client, f"/en/{name}").content.decode())

        assert "<script" not in markup
        assert 'href="javascript:' not in markup


def test_feed_queries_do_not_grow_with_the_items(client, article_factory, assert_content_queries):
    for _number in range(50):
        article_factory(live=True)
    get(client, "/en/")  # site settings are loaded once, then cached

    for path in ("/en/feed.xml", "/zh-hans/atom.xml"):
        with assert_content_queries(1):  # the articles, whatever their number
            get(client, path)


def test_withdrawing_an_article_removes_it_from_the_cached_feeds_at_once(
    client, settings, article_factory, tag_factory, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    tag = tag_factory(slug="search")
    removed = article_factory(live=True, slug="removed")
    removed.tags.add(tag)
    article_factory(live=True, slug="stays").tags.add(tag)
    paths = ["/en/feed.xml", "/zh-hans/atom.xml", "/en/tags/search/feed.xml"]
    for path in paths:
        assert article_url(path.split("/")[1], "removed") in links(read(client, path))

    with django_capture_on_commit_callbacks(execute=True):
        article_withdraw(article=removed)

    for path in paths:
        assert links(read(client, path)) == [article_url(path.split("/")[1], "stays")]


def test_scheduled_article_enters_the_cached_feed_when_it_goes_live(
    client, settings, time_machine, article_factory
):
    settings.PAGE_CACHE_SECONDS = 600
    time_machine.move_to(NOW, tick=False)
    article_factory(live=True, slug="earlier")
    article_factory(
        status=Article.Status.PUBLISHED, slug="later", published_at=NOW + timedelta(minutes=5)
    )
    assert links(site_feed(client, "en")) == [article_url("en", "earlier")]

    time_machine.move_to(NOW + timedelta(minutes=5, seconds=1), tick=False)

    assert links(site_feed(client, "en")) == [
        article_url("en", "later"),
        article_url("en", "earlier"),
    ]


# ------------------------------------------------------------------ head links


def feed_links(doc) -> dict[str, str]:
    """``type -> href`` of the page head's feed links (one of each type)."""
    found = {}
    for link in doc.one("head").find_all("link", rel="alternate"):
        if link.get("type", "").endswith("+xml"):
            assert link.get("title")
            found.setdefault(link.get("type"), []).append(link.get("href"))
    return found


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(
    ("path", "own_feed"),
    [
        ("", None),
        ("articles/answer-engines/", None),
        ("tags/search/", "tags/search/feed.xml"),
        ("entities/deepseek/", "entities/deepseek/feed.xml"),
        ("faq/", None),
    ],
)
def test_reader_pages_announce_the_site_feeds_and_their_own(
    client, article_factory, tag_factory, entity_factory, language, path, own_feed
):
    article = article_factory(live=True, slug="answer-engines")
    article.tags.add(tag_factory(slug="search"), entity_factory(slug="deepseek").tag)

    found = feed_links(page(get(client, f"/{language}/{path}")))

    rss = [f"{SITE}/{language}/feed.xml"]
    if own_feed:
        rss.append(f"{SITE}/{language}/{own_feed}")
    assert found == {
        "application/rss+xml": rss,
        "application/atom+xml": [f"{SITE}/{language}/atom.xml"],
    }
    for url in rss + found["application/atom+xml"]:
        assert links(read(client, url.removeprefix(SITE))) == [
            article_url(language, "answer-engines")
        ]
