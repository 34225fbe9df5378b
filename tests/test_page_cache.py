"""Reader pages are cached for anonymous readers and fresh after any content
change; editors (with a session cookie) always get a fresh, private page."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import transaction
from django.utils.cache import get_max_age

from articles.services import article_publish, article_withdraw
from geo.generation import GENERATION_KEY, new_content_generation
from tests.reader_data import TITLE_EN, full_article
from tests.reader_html import page

pytestmark = pytest.mark.django_db

READER_URLS = [
    "/en/",
    "/zh-hans/",
    "/en/articles/answer-engines/",
    "/en/articles/answer-engines/?view=bilingual",
    "/en/tags/search/",
    "/en/entities/deepseek/",
    "/en/faq/",
]


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


def titles(response):
    return [card.one("h2").text for card in page(response).find_all("li", class_="card")]


def test_anonymous_second_request_is_served_from_the_cache(
    client, article_factory, assert_content_queries
):
    article_factory(live=True, title_en="Already there")
    assert titles(client.get("/en/")) == ["Already there"]
    # Written behind the site's back (no service, so no content-generation bump).
    article_factory(live=True, title_en="Sneaked in")

    with assert_content_queries(0, exact=True):
        response = client.get("/en/")

    assert titles(response) == ["Already there"]


def test_content_generation_bump_makes_cached_pages_fresh(client, article_factory):
    article_factory(live=True, title_en="Already there")
    client.get("/en/")
    article_factory(live=True, title_en="Sneaked in")

    new_content_generation()

    assert "Sneaked in" in titles(client.get("/en/"))


def test_publishing_through_the_service_refreshes_cached_pages(
    client, article_factory, django_capture_on_commit_callbacks
):
    article_factory(live=True, title_en="Already there")
    draft = article_factory(slug="news", title_en="Breaking analysis")
    assert client.get("/en/articles/news/").status_code == 404
    client.get("/en/")

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article_publish(article=draft)

    assert "Breaking analysis" in titles(client.get("/en/"))
    assert client.get("/en/articles/news/").status_code == 200


def test_withdrawing_through_the_service_turns_a_cached_article_into_410(
    client, django_capture_on_commit_callbacks
):
    article = full_article()
    assert client.get("/en/articles/answer-engines/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article_withdraw(article=article)

    assert client.get("/en/articles/answer-engines/").status_code == 410
    assert TITLE_EN not in titles(client.get("/en/"))


def test_query_parameters_that_change_the_page_are_cached_separately(client, article_factory):
    full_article()

    plain = client.get("/en/articles/answer-engines/")
    both = client.get("/en/articles/answer-engines/?view=bilingual")
    tracked = client.get("/en/articles/answer-engines/?utm_source=weibo")

    assert b'class="pair"' not in plain.content
    assert b'class="pair"' in both.content
    assert tracked.content == plain.content


def test_each_language_is_cached_separately(client):
    full_article()

    chinese = client.get("/zh-hans/articles/answer-engines/")
    english = client.get("/en/articles/answer-engines/")

    assert page(chinese).one("html").get("lang") == "zh-Hans"
    assert page(english).one("html").get("lang") == "en"


@pytest.mark.parametrize("url", READER_URLS)
def test_anonymous_response_is_public_and_does_not_vary_on_cookie(client, url):
    full_article()

    for response in (client.get(url), client.get(url)):  # fresh, then from the cache
        assert response.status_code == 200
        cache_control = response["Cache-Control"]
        assert "public" in cache_control
        assert "private" not in cache_control
        assert get_max_age(response) > 0
        assert "cookie" not in response.get("Vary", "").lower()
        assert "Set-Cookie" not in response.headers


def test_request_with_session_cookie_bypasses_the_cache_and_is_private(client, article_factory):
    article_factory(live=True, title_en="Already there")
    client.get("/en/")  # cached for anonymous readers
    article_factory(live=True, title_en="Sneaked in")
    client.cookies["sessionid"] = "not-even-a-valid-session"

    response = client.get("/en/")

    assert "Sneaked in" in titles(response)
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_editors_page_with_edit_link_is_never_served_to_anonymous_readers(client, user_factory):
    full_article()
    editor = client.__class__()
    editor.force_login(user_factory(is_staff=True))

    seen_by_editor = editor.get("/en/articles/answer-engines/")
    seen_by_reader = client.get("/en/articles/answer-engines/")

    assert b"Edit in admin" in seen_by_editor.content
    assert b"Edit in admin" not in seen_by_reader.content


def test_editor_gets_the_edit_link_even_when_readers_have_cached_the_page(client, user_factory):
    full_article()
    client.get("/en/articles/answer-engines/")  # cached for anonymous readers

    client.force_login(user_factory(is_staff=True))
    response = client.get("/en/articles/answer-engines/")

    assert b"Edit in admin" in response.content


def test_scheduled_article_appears_when_its_time_comes_with_the_cache_on(client, article_factory):
    start = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        article_factory(live=True, title_en="Already there", published_at=start - timedelta(days=1))
        article_factory(
            status="published",
            slug="soon",
            title_en="Scheduled piece",
            published_at=start + timedelta(minutes=5),
        )
        assert titles(client.get("/en/")) == ["Already there"]
        assert client.get("/en/articles/soon/").status_code == 404

        clock.shift(timedelta(minutes=4))
        assert titles(client.get("/en/")) == ["Already there"]

        clock.shift(timedelta(minutes=2))
        assert titles(client.get("/en/")) == ["Scheduled piece", "Already there"]
        assert client.get("/en/articles/soon/").status_code == 200


def test_cached_page_lifetime_ends_when_the_next_article_is_scheduled(client, article_factory):
    start = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        article_factory(status="published", slug="soon", published_at=start + timedelta(seconds=30))

        response = client.get("/en/")

    assert 0 < get_max_age(response) <= 30


def test_a_page_cached_before_the_generation_was_evicted_never_comes_back(client, article_factory):
    article_factory(live=True, title_en="Already there")
    client.get("/en/")  # cached under the first generation
    article_factory(live=True, title_en="Sneaked in")
    new_content_generation()
    assert "Sneaked in" in titles(client.get("/en/"))

    cache.delete(GENERATION_KEY)  # evicted, e.g. by Redis under memory pressure

    assert "Sneaked in" in titles(client.get("/en/"))


def test_tracking_parameters_never_reach_the_cached_page(client):
    full_article()

    client.get("/en/articles/answer-engines/?utm_source=weibo&fbclid=abc")
    later_reader = client.get("/en/articles/answer-engines/")

    assert b"utm_source" not in later_reader.content
    assert b"fbclid" not in later_reader.content
    language_links = [a.get("href") for a in page(later_reader).find_all("a") if a.get("hreflang")]
    assert language_links == ["/zh-hans/articles/answer-engines/", "/en/articles/answer-engines/"]


def test_max_age_shrinks_on_cache_hits_as_the_next_scheduled_publication_nears(
    client, article_factory
):
    start = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        article_factory(status="published", slug="soon", published_at=start + timedelta(seconds=50))
        assert get_max_age(client.get("/en/")) == 50

        clock.shift(timedelta(seconds=40))
        from_cache = client.get("/en/")

    assert get_max_age(from_cache) == 10


@pytest.mark.parametrize(
    ("url", "status"),
    [("/en/articles/no-such-article/", 404), ("/en/articles/removed/", 410)],
)
def test_unknown_and_removed_articles_are_cached_too(
    client, article_factory, assert_content_queries, url, status
):
    article_factory(withdrawn=True, slug="removed")
    assert client.get(url).status_code == status

    with assert_content_queries(0, exact=True):
        again = client.get(url)

    assert again.status_code == status
    assert "public" in again["Cache-Control"]
