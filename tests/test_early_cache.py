"""Anonymous cache hits are answered before the session, auth, CSRF and
locale middleware run (geo/early_cache.py), with validators (ETag,
Last-Modified, 304), stored gzip and brotli encodings and CDN headers."""

import gzip
from datetime import UTC, datetime, timedelta

import brotli
import pytest
import time_machine
from django.core import checks
from django.utils import translation
from django.utils.cache import get_max_age
from django.utils.http import http_date

from geo.generation import new_content_generation
from tests.reader_data import TITLE_EN, full_article

pytestmark = pytest.mark.django_db

ARTICLE = "/en/articles/answer-engines/"
NOW = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.BROWSER_CACHE_SECONDS = 60
    settings.STALE_WHILE_REVALIDATE_SECONDS = 30
    settings.STALE_IF_ERROR_SECONDS = 86400


@pytest.fixture
def article(db):
    return full_article()


def test_a_hit_is_answered_before_session_auth_and_locale_middleware(client, article):
    rendered = client.get(ARTICLE)
    assert hasattr(rendered.wsgi_request, "session")  # the miss went through the stack

    with translation.override("zh-hans"):
        hit = client.get(ARTICLE)
        # LocaleMiddleware would have switched this thread to English.
        assert translation.get_language() == "zh-hans"

    assert not hasattr(hit.wsgi_request, "session")
    assert not hasattr(hit.wsgi_request, "user")
    assert hit.status_code == 200
    assert hit.content == rendered.content
    assert TITLE_EN in hit.content.decode()
    assert "Set-Cookie" not in hit.headers
    assert "cookie" not in hit["Vary"].lower()
    assert hit["Content-Usage"] == rendered["Content-Usage"]
    # Headers the inner middleware added on the miss are stored with the page.
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Language"):
        assert hit[header] == rendered[header]


def test_a_session_cookie_bypasses_the_early_cache(client, article):
    client.get(ARTICLE)
    client.cookies["sessionid"] = "not-even-a-valid-session"

    response = client.get(ARTICLE)

    assert hasattr(response.wsgi_request, "session")
    assert "private" in response["Cache-Control"]
    assert "ETag" not in response.headers
    assert "Content-Encoding" not in response.headers


def test_the_markdown_twin_and_the_page_are_stored_apart(client, article):
    html = client.get(ARTICLE)
    twin = client.get(ARTICLE, headers={"accept": "text/markdown"})
    html_again = client.get(ARTICLE)

    assert twin["Content-Type"].startswith("text/markdown")
    assert twin.content.startswith(b"---")
    assert html_again.content == html.content
    assert "Accept" in [v.strip() for v in html_again["Vary"].split(",")]


def test_reader_pages_carry_cdn_cache_control(client, article):
    for response in (client.get(ARTICLE), client.get(ARTICLE)):
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"public", "max-age=60", "stale-while-revalidate=30"} <= cache_control
        assert "stale-if-error=86400" in cache_control


def test_a_matching_if_none_match_gets_304_without_a_body(client, article):
    etag = client.get(ARTICLE)["ETag"]

    again = client.get(ARTICLE, headers={"if-none-match": etag})

    assert etag.startswith('W/"')
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert "public" in again["Cache-Control"]


def test_the_first_request_can_already_be_answered_304(client, article):
    """A browser that kept the page across a content change that left it as it was."""
    etag = client.get(ARTICLE)["ETag"]

    new_content_generation()  # the next request renders the page again

    assert client.get(ARTICLE, headers={"if-none-match": etag}).status_code == 304


def test_a_stale_etag_gets_the_page(client, article):
    client.get(ARTICLE)

    response = client.get(ARTICLE, headers={"if-none-match": 'W/"something-else"'})

    assert response.status_code == 200
    assert TITLE_EN in response.content.decode()


def test_if_modified_since_the_render_gets_304_and_before_it_the_page(client):
    with time_machine.travel(NOW, tick=False) as clock:
        full_article()
        first = client.get(ARTICLE)
        clock.shift(timedelta(seconds=30))

        unchanged = client.get(ARTICLE, headers={"if-modified-since": first["Last-Modified"]})
        earlier = http_date((NOW - timedelta(hours=1)).timestamp())
        changed = client.get(ARTICLE, headers={"if-modified-since": earlier})

    assert first["Last-Modified"] == http_date(NOW.timestamp())
    assert unchanged.status_code == 304
    assert changed.status_code == 200


def test_max_age_counts_down_on_hits(client):
    with time_machine.travel(NOW, tick=False) as clock:
        full_article()
        client.get(ARTICLE)
        clock.shift(timedelta(seconds=590))
        assert get_max_age(client.get(ARTICLE)) == 10


@pytest.mark.parametrize(
    ("accept_encoding", "encoding", "decode"),
    [
        ("gzip, deflate, br", "br", brotli.decompress),
        ("gzip", "gzip", gzip.decompress),
        ("br;q=0, gzip;q=0.5", "gzip", gzip.decompress),
    ],
)
def test_compressed_bodies_decode_to_the_page(client, article, accept_encoding, encoding, decode):
    plain = client.get(ARTICLE)

    for _ in ("miss or hit", "hit"):
        response = client.get(ARTICLE, headers={"accept-encoding": accept_encoding})
        assert response["Content-Encoding"] == encoding
        assert decode(response.content) == plain.content
        assert int(response["Content-Length"]) == len(response.content)
        assert response["ETag"] == plain["ETag"]
        vary = [v.strip().lower() for v in response["Vary"].split(",")]
        assert "accept-encoding" in vary


def test_no_accept_encoding_gets_the_plain_page(client, article):
    client.get(ARTICLE, headers={"accept-encoding": "gzip, br"})

    response = client.get(ARTICLE)

    assert "Content-Encoding" not in response.headers
    assert TITLE_EN in response.content.decode()


def test_feeds_are_compressed_too(client, article):
    response = client.get("/en/feed.xml", headers={"accept-encoding": "gzip"})

    assert response["Content-Encoding"] == "gzip"
    assert TITLE_EN in gzip.decompress(response.content).decode()


@pytest.mark.parametrize("url", ["/en/takedown/", "/en/takedown/status/"])
def test_pages_with_a_form_are_never_compressed(client, article, url):
    """BREACH: a page holding a CSRF token goes out as it is."""
    response = client.get(url, headers={"accept-encoding": "gzip, br"})

    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content
    assert "Content-Encoding" not in response.headers


def test_private_pages_are_never_compressed(admin_client, article):
    response = admin_client.get(ARTICLE, headers={"accept-encoding": "gzip, br"})

    assert "private" in response["Cache-Control"]
    assert "Content-Encoding" not in response.headers


def test_a_forged_host_is_refused_on_the_early_path_too(client, article):
    client.get(ARTICLE)

    assert client.get(ARTICLE, headers={"host": "evil.example"}).status_code == 400


def test_a_head_request_gets_the_headers_of_the_stored_page(client, article):
    page = client.get(ARTICLE)

    head = client.head(ARTICLE)

    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == page["ETag"]
    assert head["Content-Length"] == str(len(page.content))


def test_the_site_warns_when_the_early_cache_middleware_is_missing(settings):
    assert not [m for m in checks.run_checks() if m.id == "geo.W001"]
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith("EarlyPageCacheMiddleware")
    ]

    [warning] = [m for m in checks.run_checks() if m.id == "geo.W001"]
    assert "never cached" in warning.msg


def test_parameters_of_pages_that_are_not_cached_reach_them(client, article):
    """Only the cache key ignores other parameters: a form's ?article= and the
    login's ?next= arrive as sent."""
    takedown = client.get("/en/takedown/", {"article": article.slug}).content.decode()
    login = client.get("/admin/login/", {"next": "/admin/articles/"}).content.decode()

    assert f'{ARTICLE}"' in takedown  # the target address is filled in
    assert 'name="next" value="/admin/articles/"' in login


def test_tracking_parameters_share_the_cached_page(client, article):
    first = client.get(ARTICLE, {"utm_source": "weibo"})
    second = client.get(ARTICLE, {"fbclid": "x"})

    assert first.status_code == second.status_code == 200
    assert not hasattr(second.wsgi_request, "session")  # a hit
    assert "utm_source" not in first.content.decode()
