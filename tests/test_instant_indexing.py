"""Instant indexing: every change is pushed to IndexNow and Baidu by the task
worker, retried when the engine is down, logged in the admin; withdrawn
articles are listed in /sitemap-gone.xml. The engines are a local HTTP server
(127.0.0.1, a free port) that records what it receives and answers as told."""

import json
import socket
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django_tasks_db.models import DBTaskResult

from articles.services import article_publish, article_withdraw
from geo.changes import content_changed
from geo.indexing import batches, ping_search_engines
from geo.models import IndexingPing

pytestmark = pytest.mark.django_db

SITE = "https://geo.example.com"
KEY = "5f2b7c1d9e8a4b3c"
TOKEN = "baidu-token-123"
# 20:00 in Shanghai: Baidu's day there ends at 16:00 UTC.
NOON = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
SHANGHAI_MIDNIGHT = datetime(2026, 11, 28, 16, 0, tzinfo=UTC)
INDEXNOW = "/indexnow"
BAIDU = "/urls"
LOG = "/admin/geo/indexingping/"
SITEMAP_GONE = "/sitemap-gone.xml"
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@dataclass(frozen=True)
class Received:
    path: str
    query: str
    headers: dict
    body: bytes

    @property
    def json(self):
        return json.loads(self.body)

    @property
    def lines(self) -> list[str]:
        return self.body.decode().split("\n")


class Engines:
    """What the stand-in engines received, and the answers they are to give next
    (by default 200; Baidu's with plenty of quota left)."""

    def __init__(self):
        self.requests: list[Received] = []
        self.script: dict[str, list[tuple[int, str]]] = {INDEXNOW: [], BAIDU: []}
        self.lock = threading.Lock()

    def answer(self, path: str, *answers: tuple[int, str]) -> None:
        self.script[path].extend(answers)

    def received(self, path: str) -> list[Received]:
        return [request for request in self.requests if request.path == path]

    def next_answer(self, request: Received) -> tuple[int, str]:
        with self.lock:
            self.requests.append(request)
            if self.script[request.path]:
                return self.script[request.path].pop(0)
        if request.path == BAIDU:
            return 200, json.dumps({"remain": 4999998, "success": len(request.lines)})
        return 200, ""


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        parts = urlsplit(self.path)
        request = Received(parts.path, parts.query, dict(self.headers), body)
        status, text = self.server.engines.next_answer(request)
        payload = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format, *args):  # keep the test output quiet
        pass


@pytest.fixture
def engines(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.engines = Engines()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_port}"
    settings.SITE_URL = SITE
    settings.INDEXNOW_KEY = KEY
    settings.INDEXNOW_ENDPOINT = origin + INDEXNOW
    settings.BAIDU_PUSH_TOKEN = TOKEN
    settings.BAIDU_PUSH_ENDPOINT = origin + BAIDU
    yield server.engines
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOON, tick=False)
    return time_machine


@pytest.fixture
def publish(article_factory, tasks_run_after):
    """Publish a new article (the change hook runs at commit, then the worker)."""

    def publish(slug, **traits):
        article = article_factory(slug=slug, **traits)
        with tasks_run_after():
            article_publish(article=article)
        return article

    return publish


def urls_of(slug: str) -> list[str]:
    return [f"{SITE}/zh-hans/articles/{slug}/", f"{SITE}/en/articles/{slug}/"]


def log(service: str) -> list[tuple]:
    return list(
        IndexingPing.objects.filter(service=service)
        .order_by("pk")
        .values_list("attempt", "status_code", "outcome")
    )


def free_port() -> int:
    """A port nothing listens on (a connection to it is refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ------------------------------------------------------------------ IndexNow


def test_publishing_sends_both_language_urls_to_indexnow(frozen, engines, publish):
    publish("answer-engines")

    [request] = engines.received(INDEXNOW)
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"
    assert request.json == {
        "host": "geo.example.com",
        "key": KEY,
        "keyLocation": f"{SITE}/{KEY}.txt",
        "urlList": urls_of("answer-engines"),
    }
    assert log(IndexingPing.Service.INDEXNOW) == [(1, 200, "sent")]


def test_urls_are_sent_in_batches_of_ten_thousand_to_indexnow_and_two_thousand_to_baidu(
    frozen, engines, run_tasks
):
    urls = [f"{SITE}/zh-hans/articles/a{n}/" for n in range(10_001)]

    ping_search_engines.enqueue({"indexnow": urls, "baidu": urls})
    run_tasks()

    assert [len(r.json["urlList"]) for r in engines.received(INDEXNOW)] == [10_000, 1]
    assert [len(r.lines) for r in engines.received(BAIDU)] == [2_000] * 5 + [1]
    sent = [url for r in engines.received(BAIDU) for url in r.lines]
    assert sent == urls


def test_batches_split_at_the_size_given():
    urls = [f"u{n}" for n in range(10_001)]

    assert [len(batch) for batch in batches(urls, 10_000)] == [10_000, 1]
    assert batches([], 10_000) == []


# --------------------------------------------------------------------- Baidu


def test_publishing_pushes_the_urls_to_baidu_one_per_line(frozen, engines, publish):
    publish("answer-engines")

    [request] = engines.received(BAIDU)
    assert request.query == f"site={SITE}&token={TOKEN}"
    assert parse_qs(request.query) == {"site": [SITE], "token": [TOKEN]}
    assert request.headers["Content-Type"] == "text/plain"
    assert request.body.decode() == "\n".join(urls_of("answer-engines"))
    ping = IndexingPing.objects.get(service="baidu")
    assert (ping.status_code, ping.remain, ping.urls) == (200, 4999998, urls_of("answer-engines"))


def test_baidu_is_not_pushed_again_until_the_next_day_in_china_once_its_quota_is_used_up(
    frozen, engines, publish
):
    engines.answer(BAIDU, (200, '{"remain":0,"success":2}'))
    publish("first")
    assert len(engines.received(BAIDU)) == 1

    frozen.move_to(SHANGHAI_MIDNIGHT - timedelta(seconds=1), tick=False)  # 23:59:59 there
    publish("second")

    assert len(engines.received(BAIDU)) == 1
    assert engines.received(INDEXNOW)[-1].json["urlList"] == urls_of("second")
    skipped = IndexingPing.objects.get(outcome=IndexingPing.Outcome.SKIPPED)
    assert (skipped.service, skipped.urls) == ("baidu", urls_of("second"))

    frozen.move_to(SHANGHAI_MIDNIGHT, tick=False)  # a new day in China, still the 28th in UTC
    publish("third")

    assert len(engines.received(BAIDU)) == 2
    assert engines.received(BAIDU)[-1].lines == urls_of("third")


def test_baidu_over_quota_answer_stops_the_pushes_for_the_day(frozen, engines, publish):
    engines.answer(BAIDU, (400, '{"error":400,"message":"over quota"}'))
    publish("first")
    frozen.move_to(NOON + timedelta(hours=1), tick=False)
    publish("second")

    assert len(engines.received(BAIDU)) == 1
    assert log(IndexingPing.Service.BAIDU) == [(1, 400, "failed"), (1, None, "skipped")]


# ------------------------------------------------------------------- retries


@pytest.mark.parametrize("status", [500, 503, 429])
def test_a_busy_or_failing_engine_is_tried_again_after_a_pause(
    status, frozen, engines, publish, run_tasks
):
    engines.answer(INDEXNOW, (status, "busy"))
    publish("answer-engines")
    assert len(engines.received(INDEXNOW)) == 1

    frozen.move_to(NOON + timedelta(seconds=59), tick=False)
    run_tasks()
    assert len(engines.received(INDEXNOW)) == 1  # not yet

    frozen.move_to(NOON + timedelta(minutes=1), tick=False)
    run_tasks()

    first, second = engines.received(INDEXNOW)
    assert second.body == first.body
    assert log(IndexingPing.Service.INDEXNOW) == [(1, status, "retrying"), (2, 200, "sent")]
    assert len(engines.received(BAIDU)) == 1  # Baidu took them the first time
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_an_unreachable_engine_is_tried_again(frozen, engines, settings, publish, run_tasks):
    reachable = settings.INDEXNOW_ENDPOINT
    settings.INDEXNOW_ENDPOINT = f"http://127.0.0.1:{free_port()}/indexnow"
    publish("answer-engines")
    failed = IndexingPing.objects.get(service="indexnow")
    assert (failed.status_code, failed.outcome) == (None, "retrying")
    assert failed.error

    settings.INDEXNOW_ENDPOINT = reachable
    frozen.move_to(NOON + timedelta(minutes=1), tick=False)
    run_tasks()

    [request] = engines.received(INDEXNOW)
    assert request.json["urlList"] == urls_of("answer-engines")


def test_pauses_grow_and_the_task_fails_after_five_tries(frozen, engines, publish, run_tasks):
    engines.answer(INDEXNOW, *[(502, "bad gateway")] * 5)
    publish("answer-engines")

    waited = timedelta()
    for pause in (1, 2, 4, 8):  # minutes
        waited += timedelta(minutes=pause)
        frozen.move_to(NOON + waited, tick=False)
        run_tasks()

    assert len(engines.received(INDEXNOW)) == 5
    assert [outcome for *_, outcome in log(IndexingPing.Service.INDEXNOW)] == ["retrying"] * 4 + [
        "failed"
    ]
    [task] = DBTaskResult.objects.filter(status="FAILED")
    assert "indexnow" in task.traceback


def test_a_refused_request_is_not_tried_again(frozen, engines, publish, run_tasks):
    engines.answer(INDEXNOW, (400, '{"message": "Bad request"}'))
    publish("answer-engines")

    frozen.move_to(NOON + timedelta(hours=1), tick=False)
    run_tasks()

    assert len(engines.received(INDEXNOW)) == 1
    assert log(IndexingPing.Service.INDEXNOW) == [(1, 400, "failed")]
    ping = IndexingPing.objects.get(service="indexnow")
    assert ping.response_body == '{"message": "Bad request"}'
    assert not DBTaskResult.objects.filter(status="READY").exists()


# -------------------------------------------------------------- off / site-wide


def test_nothing_is_sent_or_queued_when_no_service_is_configured(
    frozen, engines, settings, publish
):
    settings.INDEXNOW_KEY = settings.BAIDU_PUSH_TOKEN = ""

    publish("answer-engines")

    assert engines.requests == []
    assert not DBTaskResult.objects.exists()
    assert not IndexingPing.objects.exists()


def test_only_the_configured_service_is_sent_to(frozen, engines, settings, publish):
    settings.BAIDU_PUSH_TOKEN = ""

    publish("answer-engines")

    assert len(engines.received(INDEXNOW)) == 1
    assert engines.received(BAIDU) == []
    assert not IndexingPing.objects.filter(service="baidu").exists()


def test_a_site_wide_change_names_no_urls_and_queues_nothing(frozen, engines, tasks_run_after):
    with tasks_run_after():
        content_changed()

    assert engines.requests == []
    assert not DBTaskResult.objects.exists()


def test_withdrawing_an_article_tells_the_engines_its_urls_are_gone(
    frozen, engines, article_factory, tasks_run_after, client
):
    article = article_factory(live=True, slug="removed-story")

    with tasks_run_after():
        article_withdraw(article=article)

    assert engines.received(INDEXNOW)[-1].json["urlList"] == urls_of("removed-story")
    assert engines.received(BAIDU)[-1].lines == urls_of("removed-story")
    assert client.get("/en/articles/removed-story/").status_code == 410


# --------------------------------------------------------------------- admin


def test_the_log_is_shown_in_the_admin_with_filters(frozen, engines, publish, superuser_client):
    engines.answer(INDEXNOW, (400, "Bad request"))
    publish("answer-engines")

    page = superuser_client.get(LOG)
    baidu_only = superuser_client.get(LOG, {"service__exact": "baidu"})
    refused = superuser_client.get(LOG, {"status_code": "400"})

    assert page.status_code == 200
    assert "IndexNow" in page.text and "Baidu link push" in page.text
    assert urls_of("answer-engines")[0] in page.text
    assert baidu_only.context["cl"].result_count == 1
    assert refused.context["cl"].result_count == 1
    assert "Failed" in refused.text


def test_the_log_is_read_only(frozen, engines, publish, superuser_client):
    publish("answer-engines")
    ping = IndexingPing.objects.first()

    assert superuser_client.get(LOG + "add/").status_code == 403
    detail = superuser_client.get(f"{LOG}{ping.pk}/change/")
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.text


def test_editors_may_read_the_log(frozen, engines, publish, editor_client):
    publish("answer-engines")

    assert editor_client.get(LOG).status_code == 200


# ------------------------------------------------------------------ key file


def test_the_indexnow_key_file_is_served_at_the_root(engines, client):
    response = client.get(f"/{KEY}.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode() == KEY


def test_any_other_txt_name_is_not_found(engines, client):
    assert client.get("/0123456789abcdef.txt").status_code == 404


def test_no_key_file_when_indexnow_is_off(client, settings):
    settings.INDEXNOW_KEY = ""

    assert client.get(f"/{KEY}.txt").status_code == 404


# ------------------------------------------------------------ sitemap-gone.xml


def gone_locations(response) -> dict[str, str]:
    """``{loc: lastmod}`` of the dead-link file (it must parse as XML)."""
    root = ET.fromstring(response.content)
    return {
        url.findtext("sm:loc", namespaces=SITEMAP_NS): url.findtext(
            "sm:lastmod", namespaces=SITEMAP_NS
        )
        for url in root.findall("sm:url", SITEMAP_NS)
    }


def test_the_dead_link_file_lists_withdrawn_articles_in_each_language_they_had(
    frozen, settings, article_factory, client
):
    settings.SITE_URL = SITE
    article_factory(withdrawn=True, slug="removed-story")
    article_factory(withdrawn=True, chinese_only=True, slug="removed-chinese-story")
    article_factory(live=True, slug="live-story")
    article_factory(slug="draft-story")

    response = client.get(SITEMAP_GONE)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert gone_locations(response) == {
        f"{SITE}/zh-hans/articles/removed-story/": "2026-11-28T20:00:00+08:00",
        f"{SITE}/en/articles/removed-story/": "2026-11-28T20:00:00+08:00",
        f"{SITE}/zh-hans/articles/removed-chinese-story/": "2026-11-28T20:00:00+08:00",
    }


def test_the_dead_link_file_is_empty_without_withdrawn_articles(db, client):
    response = client.get(SITEMAP_GONE)

    assert response.status_code == 200
    assert gone_locations(response) == {}


def test_a_withdrawn_article_is_in_the_dead_link_file_at_once(
    frozen, settings, article_factory, client, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    settings.SITE_URL = SITE
    article = article_factory(live=True, slug="removed-story")
    assert gone_locations(client.get(SITEMAP_GONE)) == {}  # and now cached

    with django_capture_on_commit_callbacks(execute=True):
        article_withdraw(article=article)

    assert set(gone_locations(client.get(SITEMAP_GONE))) == set(urls_of("removed-story"))
