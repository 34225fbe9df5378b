"""Sitemaps as a crawler reads them: the index at /sitemap.xml, the files it
lists, and in each file URLs with their lastmod and reciprocal hreflang
alternates, all from SITE_URL (never the request's host)."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import pytest

from articles.models import Article, Tag
from articles.services import article_withdraw
from articles.sitemaps import ArticleSitemap
from tests.factories import UNPUBLISHED

pytestmark = pytest.mark.django_db

SITE = "https://geo.example"
MIRROR = "mirror.example"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
NOW = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _site(settings):
    """Requests come in on a mirror host; every URL must still be SITE_URL's."""
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = [MIRROR]


@dataclass
class Entry:
    lastmod: datetime | None
    alternates: dict[str, str]  # hreflang -> URL


def fetch(client, url: str, status: int = 200):
    response = client.get(url.removeprefix(SITE), headers={"host": MIRROR})
    assert response.status_code == status, (url, response.status_code)
    if status != 200:
        return None
    assert response["Content-Type"].startswith("application/xml")
    assert MIRROR not in response.content.decode()
    return ElementTree.fromstring(response.content)


def sitemap_files(client) -> list[str]:
    index = fetch(client, "/sitemap.xml")
    assert index.tag == f"{{{NS['sm']}}}sitemapindex"
    return [loc.text for loc in index.iterfind("sm:sitemap/sm:loc", NS)]


def entries(client) -> dict[str, Entry]:
    """Every URL of every sitemap file the index lists (each URL once)."""
    found = {}
    for file in sitemap_files(client):
        for url in fetch(client, file).iterfind("sm:url", NS):
            location = url.findtext("sm:loc", namespaces=NS)
            assert location not in found, f"{location} listed twice"
            lastmod = url.findtext("sm:lastmod", namespaces=NS)
            links = url.findall("xhtml:link", NS)
            assert all(link.get("rel") == "alternate" for link in links)
            found[location] = Entry(
                lastmod=datetime.fromisoformat(lastmod) if lastmod else None,
                alternates={link.get("hreflang"): link.get("href") for link in links},
            )
    return found


def both(path: str) -> list[str]:
    return [f"{SITE}/zh-hans/{path}", f"{SITE}/en/{path}"]


@pytest.fixture
def site_content(article_factory, tag_factory, entity_factory, faq_item_factory):
    """A bilingual and a Chinese-only article, a plain tag, an entity, a site FAQ."""
    search = tag_factory(slug="search")
    deepseek = entity_factory(slug="deepseek")
    bilingual = article_factory(live=True, slug="bilingual")
    bilingual.tags.add(search, deepseek.tag)
    article_factory(live=True, chinese_only=True, slug="zh-only").tags.add(search)
    faq_item_factory(article=None)


def test_index_lists_one_sitemap_per_section_and_language_from_site_url(client, site_content):
    assert sitemap_files(client) == [
        f"{SITE}/sitemap-{section}-{language}.xml"
        for section in ("articles", "tags", "entities", "faq")
        for language in ("zh-hans", "en")
    ]


def test_sitemaps_list_every_published_page_in_its_languages(client, site_content):
    assert sorted(entries(client)) == sorted(
        [
            *both("articles/bilingual/"),
            f"{SITE}/zh-hans/articles/zh-only/",
            *both("tags/search/"),
            *both("entities/deepseek/"),
            *both("faq/"),
        ]
    )


def test_every_hreflang_set_is_reciprocal_and_has_x_default(client, site_content):
    found = entries(client)

    for location, entry in found.items():
        languages = {lang: url for lang, url in entry.alternates.items() if lang != "x-default"}
        assert location in languages.values(), f"{location} does not list itself"
        assert entry.alternates["x-default"] == next(iter(languages.values()))
        for url in languages.values():
            assert url in found, f"{location} names {url}, which no sitemap lists"
            assert found[url].alternates == entry.alternates


def test_bilingual_page_alternates_name_both_languages_and_the_chinese_default(
    client, site_content
):
    zh, en = both("articles/bilingual/")

    assert entries(client)[en].alternates == {"zh-Hans": zh, "en": en, "x-default": zh}


def test_chinese_only_article_is_listed_only_with_its_chinese_url(client, site_content):
    found = entries(client)
    zh, en = both("articles/zh-only/")

    assert en not in found
    assert found[zh].alternates == {"zh-Hans": zh, "x-default": zh}
    assert all(en not in entry.alternates.values() for entry in found.values())


@pytest.mark.parametrize("trait", UNPUBLISHED)
def test_unpublished_articles_and_their_tags_never_appear(
    client, article_factory, tag_factory, entity_factory, trait
):
    article = article_factory(slug="hidden", **UNPUBLISHED[trait])
    article.tags.add(tag_factory(slug="hidden-tag"), entity_factory(slug="hidden-entity").tag)
    article_factory(live=True, slug="visible")

    found = entries(client)

    assert sorted(found) == sorted(both("articles/visible/"))
    assert not any("hidden" in url for url in found)


def test_empty_sections_are_left_out_of_the_index(client, article_factory):
    article_factory(live=True, chinese_only=True)

    assert sitemap_files(client) == [f"{SITE}/sitemap-articles-zh-hans.xml"]


def test_lastmod_is_the_real_modification_time(
    client, time_machine, article_factory, tag_factory, entity_factory
):
    time_machine.move_to(NOW, tick=False)
    older = NOW - timedelta(days=9, microseconds=250)
    newer = NOW - timedelta(days=2, hours=3)
    tag = tag_factory(slug="search")
    entity = entity_factory(slug="deepseek")
    for slug, updated in [("older", older), ("newer", newer)]:
        article = article_factory(
            live=True, slug=slug, published_at=NOW - timedelta(days=30), updated_at=updated
        )
        article.tags.add(tag, entity.tag)
    # Changed later, but not published: it does not date the tag or entity.
    article_factory(withdrawn=True, updated_at=NOW - timedelta(hours=1)).tags.add(tag, entity.tag)

    found = entries(client)

    for path, updated in [
        ("articles/older/", older),
        ("articles/newer/", newer),
        ("tags/search/", newer),
        ("entities/deepseek/", newer),
    ]:
        for url in both(path):
            assert found[url].lastmod == updated, url


def test_faq_page_has_no_invented_lastmod(client, faq_item_factory):
    faq_item_factory(article=None)

    found = entries(client)

    assert sorted(found) == sorted(both("faq/"))
    assert all(found[url].lastmod is None for url in found)


def test_index_dates_each_file_by_its_newest_entry(client, time_machine, article_factory):
    time_machine.move_to(NOW, tick=False)
    article_factory(live=True, updated_at=NOW - timedelta(days=3))
    article_factory(live=True, chinese_only=True, updated_at=NOW - timedelta(days=1))

    index = fetch(client, "/sitemap.xml")
    lastmods = {
        item.findtext("sm:loc", namespaces=NS): datetime.fromisoformat(
            item.findtext("sm:lastmod", namespaces=NS)
        )
        for item in index.iterfind("sm:sitemap", NS)
    }

    assert lastmods[f"{SITE}/sitemap-articles-zh-hans.xml"] == NOW - timedelta(days=1)
    assert lastmods[f"{SITE}/sitemap-articles-en.xml"] == NOW - timedelta(days=3)


def test_a_section_past_its_limit_is_split_into_numbered_files(
    client, monkeypatch, article_factory
):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    for number in range(5):
        article_factory(live=True, slug=f"article-{number}")

    files = sitemap_files(client)
    chinese = [file for file in files if "articles-zh-hans" in file]

    assert chinese == [
        f"{SITE}/sitemap-articles-zh-hans.xml",
        f"{SITE}/sitemap-articles-zh-hans.xml?p=2",
        f"{SITE}/sitemap-articles-zh-hans.xml?p=3",
    ]
    sizes = [len(fetch(client, file).findall("sm:url", NS)) for file in chinese]
    assert sizes == [2, 2, 1]
    assert len([url for url in entries(client) if "/zh-hans/articles/" in url]) == 5
    fetch(client, "/sitemap-articles-zh-hans.xml?p=4", status=404)


def test_entity_tags_are_listed_as_entity_pages_only(client, article_factory, entity_factory):
    entity = entity_factory(slug="deepseek")
    article_factory(live=True).tags.add(entity.tag)

    found = entries(client)

    assert set(both("entities/deepseek/")) <= set(found)
    assert not any("/tags/" in url for url in found)


def test_a_row_with_a_slug_no_url_accepts_is_skipped(client, article_factory, tag_factory):
    article = article_factory(live=True, slug="fine")
    article.tags.add(tag_factory(slug="search"), tag_factory(slug="broken"))
    # Written behind the site's back: the slug rules would refuse it.
    Tag.objects.filter(slug="broken").update(slug="no spaces allowed")

    found = entries(client)

    assert sorted(found) == sorted([*both("articles/fine/"), *both("tags/search/")])


def test_unknown_section_is_not_found(client):
    fetch(client, "/sitemap-nothing-en.xml", status=404)


def test_sitemap_queries_do_not_grow_with_the_number_of_urls(
    client, article_factory, tag_factory, assert_content_queries
):
    for _number in range(30):
        article_factory(live=True).tags.add(tag_factory(), tag_factory())

    for file in sitemap_files(client):
        with assert_content_queries(2):  # the count and the rows
            fetch(client, file)


def test_withdrawing_an_article_removes_it_from_the_cached_sitemaps_at_once(
    client, settings, article_factory, tag_factory, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    article = article_factory(live=True, slug="removed")
    article.tags.add(tag_factory(slug="only-there"))
    article_factory(live=True, slug="stays")
    assert set(both("articles/removed/")) <= set(entries(client))

    with django_capture_on_commit_callbacks(execute=True):
        article_withdraw(article=article)

    found = entries(client)
    assert not any("removed" in url or "only-there" in url for url in found)
    assert set(both("articles/stays/")) <= set(found)


def test_scheduled_article_appears_in_the_cached_sitemap_when_it_goes_live(
    client, settings, time_machine, article_factory
):
    settings.PAGE_CACHE_SECONDS = 600
    time_machine.move_to(NOW, tick=False)
    article_factory(live=True, slug="earlier")
    article_factory(
        status=Article.Status.PUBLISHED, slug="later", published_at=NOW + timedelta(minutes=5)
    )
    assert not any("later" in url for url in entries(client))

    time_machine.move_to(NOW + timedelta(minutes=5, seconds=1), tick=False)

    assert set(both("articles/later/")) <= set(entries(client))
