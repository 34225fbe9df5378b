"""Production's Redis going down or hanging costs the cache, not the site:
pages, the takedown form and the admin login still answer. Against a real
Redis server this test starts (and stops, and freezes) on its own port."""

import os
import shutil
import signal
import subprocess
import time

import pytest
import redis

from takedowns.models import TakedownRequest
from tests.processes import free_port
from tests.test_takedown_form import takedown_data

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
]


@pytest.fixture
def own_redis(tmp_path, settings):
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    client = redis.Redis(port=port)
    for _ in range(50):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    settings.CACHES = {
        "default": {
            "BACKEND": "geo.cache_backends.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.PAGE_CACHE_SECONDS = 600
    yield process
    if process.poll() is None:
        os.kill(process.pid, signal.SIGCONT)
        process.terminate()
        process.wait(timeout=10)


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

    assert client.get("/healthz").json() == {"status": "ok"}
    own_redis.terminate()
    own_redis.wait(timeout=10)

    reader_requests_succeed(client, article)
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {"status": "degraded", "cache": "unavailable"}


def test_redis_hung_pages_and_forms_still_answer(client, article_factory, own_redis):
    article = article_factory(live=True, slug="still-here")
    assert client.get("/en/").status_code == 200

    os.kill(own_redis.pid, signal.SIGSTOP)  # accepts connections, never answers

    reader_requests_succeed(client, article)
