"""CDN purge: after a change the task worker POSTs the exact addresses it
touched to CDN_PURGE_URL (both languages, twins, list, tag, entity pages,
feeds, sitemaps, llms files), or "everything" for a site-wide change. The
CDN is a local HTTP server (127.0.0.1, a free port) that records what it gets."""

import json
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.services import article_publish
from geo.changes import content_changed
from tests.reader_data import full_article

pytestmark = pytest.mark.django_db

SITE = "https://geo.example.com"
LANGUAGES = ("zh-hans", "en")


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        cdn = self.server.cdn
        cdn["requests"].append((dict(self.headers), json.loads(body)))
        status = cdn["statuses"].pop(0) if cdn["statuses"] else 200
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args):
        pass


@pytest.fixture
def cdn(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.cdn = {"requests": [], "statuses": []}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SITE_URL = SITE
    settings.CDN_PURGE_URL = f"http://127.0.0.1:{server.server_port}/purge"
    settings.CDN_PURGE_TOKEN = ""
    yield server.cdn
    server.shutdown()
    server.server_close()
    thread.join()


def purged_urls(cdn) -> list[str]:
    [(_headers, payload)] = cdn["requests"]
    return payload["urls"]


def article_urls(slug: str, *, month: str, tags=(), entities=()) -> set[str]:
    paths = {"/sitemap.xml", "/llms.txt", "/llms-full.txt", "/sitemap-gone.xml"}
    for language in LANGUAGES:
        home = f"/{language}/"
        page = f"{home}articles/{slug}/"
        paths |= {page, f"{home}articles/{slug}.md", f"{page}index.html.md", home}
        paths |= {f"{home}archive/", f"{home}archive/{month}/"}
        for kind, slugs in (("tags", tags), ("entities", entities)):
            for each in slugs:
                paths |= {f"{home}{kind}/{each}/", f"{home}{kind}/{each}/feed.xml"}
        paths |= {f"{home}feed.xml", f"{home}atom.xml"}
        paths |= {
            f"/sitemap-{section}-{language}.xml" for section in ("articles", "tags", "entities")
        }
    return {SITE + path for path in paths}


def test_an_admin_edit_purges_exactly_the_addresses_that_show_the_article(
    cdn, superuser_client, form_data, tasks_run_after
):
    article = full_article()
    change_page = f"/admin/articles/article/{article.pk}/change/"

    with tasks_run_after():
        saved = superuser_client.post(
            change_page, form_data(superuser_client.get(change_page), title_en="Edited")
        )

    assert saved.status_code == 302
    urls = purged_urls(cdn)
    assert len(urls) == len(set(urls))
    published = timezone.localtime(article.published_at)
    month = f"{published.year}/{published.month}"
    assert set(urls) == article_urls(
        "answer-engines", month=month, tags=["search"], entities=["deepseek", "moonshot"]
    )


def test_an_article_deeper_in_the_list_purges_its_month_archive_page(
    cdn, article_factory, tasks_run_after
):
    start = datetime(2026, 1, 1, tzinfo=UTC)
    older = article_factory(slug="older", status="draft", published_at=start)
    for n in range(20):
        article_factory(live=True, slug=f"newer-{n}", published_at=start + timedelta(days=n + 1))

    with tasks_run_after():
        article_publish(article=older)

    # Past the first page the list is addressed by cursors: its month's archive is the page.
    assert set(purged_urls(cdn)) == article_urls("older", month="2026/1")


def test_a_site_wide_change_purges_everything(cdn, tasks_run_after):
    with tasks_run_after():
        content_changed()

    assert cdn["requests"][0][1] == {"everything": True}


def test_the_token_is_sent_as_a_bearer_authorization(cdn, settings, tasks_run_after):
    settings.CDN_PURGE_TOKEN = "s3cret-token"

    with tasks_run_after():
        content_changed()

    headers, _payload = cdn["requests"][0]
    assert headers["Authorization"] == "Bearer s3cret-token"
    assert headers["Content-Type"] == "application/json; charset=utf-8"


def test_a_cdn_that_answers_503_is_asked_again_later(cdn, tasks_run_after):
    cdn["statuses"].append(503)

    with tasks_run_after():
        content_changed()

    assert len(cdn["requests"]) == 1
    [again] = DBTaskResult.objects.filter(status="READY")
    assert again.run_after > again.enqueued_at


def test_without_a_purge_url_nothing_is_queued(settings, article_factory, tasks_run_after):
    settings.CDN_PURGE_URL = ""
    article = article_factory(slug="quiet")

    with tasks_run_after():
        article_publish(article=article)

    assert not DBTaskResult.objects.filter(task_path__endswith="purge_cdn").exists()
