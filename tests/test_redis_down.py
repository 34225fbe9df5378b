"""Production's Redis going down or hanging costs the cache, not the site:
pages, the takedown form and the admin login still answer. Against a real
Redis server this test starts (and stops, and freezes) on its own port
(``own_redis``, tests/conftest.py)."""

import logging
import os
import shutil
import signal
import time

import pytest

from takedowns.models import TakedownRequest
from tests.test_takedown_form import takedown_data

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
]


def reader_requests_succeed(client, article):
    assert client.get("/en/").status_code == 200
    assert client.get(f"/en/articles/{article.slug}/").status_code == 200
    assert client.get("/en/articles/no-such-article/").status_code == 404
    assert client.get("/robots.txt").status_code == 200
    assert client.get("/admin/login/").status_code == 200
    response = client.post("/en/takedown/", takedown_data(article))
    assert response.status_code == 302
    assert TakedownRequest.objects.filter(article=article).exists()


def test_redis_stopped_pages_and_forms_still_answer(client, article_factory, own_redis):
    article = article_factory(live=True, slug="still-here")
    assert client.get("/en/").status_code == 200  # cached in Redis

    assert client.get("/healthz").json()["status"] == "ok"
    own_redis.terminate()
    own_redis.wait(timeout=10)

    reader_requests_succeed(client, article)
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json()["status"] == "degraded"
    assert health.json()["cache"] == "unavailable"
    assert health.json()["database"] == "ok"


def test_redis_hung_pages_and_forms_still_answer(client, article_factory, own_redis):
    article = article_factory(live=True, slug="still-here")
    assert client.get("/en/").status_code == 200

    os.kill(own_redis.pid, signal.SIGSTOP)  # accepts connections, never answers

    reader_requests_succeed(client, article)


def test_a_redis_outage_is_logged_once_and_its_end_once(client, article_factory, own_redis, caplog):
    article = article_factory(live=True, slug="still-here")
    assert client.get("/en/").status_code == 200
    os.kill(own_redis.pid, signal.SIGSTOP)

    with caplog.at_level(logging.WARNING, logger="geo.cache_backends"):
        for _ in range(4):  # each past the back-off, so Redis is tried again
            assert client.get(f"/en/articles/{article.slug}/").status_code == 200
            time.sleep(0.3)
        os.kill(own_redis.pid, signal.SIGCONT)
        time.sleep(0.3)
        assert client.get("/en/").status_code == 200

    messages = [record.getMessage() for record in caplog.records]
    assert len([m for m in messages if "Redis unavailable" in m]) == 1
    assert len([m for m in messages if "Redis available again" in m]) == 1
    assert "Traceback" not in caplog.text


def test_rate_limits_fail_open_while_redis_is_down(client, article_factory, own_redis, settings):
    settings.TAKEDOWN_STATUS_RATE = "1/h"
    own_redis.terminate()
    own_redis.wait(timeout=10)

    for _ in range(3):  # over the limit, but nothing counts: every lookup answers
        response = client.post(
            "/en/takedown/status/", {"reference": "TD-AAAA-BBBB", "email": "a@example.com"}
        )
        assert response.status_code == 200
