"""On Redis each process keeps the content generation, and the pages it served
under it, in its own memory until Redis says the generation changed (CLIENT
TRACKING): a warm hit costs no round trip, and a change made by another
process counts on the very next request. Against a Redis of the test's own
(``own_redis``); the other process is a second cache client of its own."""

import shutil

import pytest
import redis
from django.core.cache import cache

from geo.cache_backends import ResilientRedisCache
from geo.changes import content_changed
from geo.generation import GENERATION_KEY, content_generation
from geo.render_memo import new_stamp

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
]


@pytest.fixture
def other_process(own_redis, settings):
    """What another gunicorn process sees: its own client of the same Redis."""
    params = settings.CACHES["default"]
    return ResilientRedisCache(params["LOCATION"], params)


def redis_reads(settings) -> int:
    """GET and MGET commands Redis has answered so far."""
    server = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    stats = server.info("commandstats")
    return sum(stats.get(f"cmdstat_{name}", {}).get("calls", 0) for name in ("get", "mget"))


def test_a_generation_replaced_by_another_process_counts_on_the_next_read(other_process):
    for round_number in range(200):
        content_generation()  # kept in this process
        other_process.set_tracked(GENERATION_KEY, f"from-the-other-{round_number}")
        assert content_generation() == f"from-the-other-{round_number}"


def test_an_unchanged_generation_is_read_from_redis_once(own_redis, settings):
    first = content_generation()
    reads = redis_reads(settings)
    assert all(content_generation() == first for _ in range(100))
    assert redis_reads(settings) - reads <= 1  # at most the once-a-second re-check


def test_a_flushed_redis_is_noticed_at_once(other_process):
    before = content_generation()
    other_process.clear()
    after = content_generation()
    assert after != before
    assert other_process.get(GENERATION_KEY) == after


def test_redis_stopping_under_a_kept_generation_drops_it_without_an_error(own_redis):
    content_generation()
    own_redis.terminate()
    own_redis.wait(timeout=10)
    assert content_generation()  # a token of the moment: every page renders
    assert cache.get_tracked(GENERATION_KEY) is None


def test_a_warm_hit_costs_no_round_trip_and_a_change_elsewhere_counts_at_once(
    client, article_factory, other_process, settings, django_capture_on_commit_callbacks
):
    article = article_factory(live=True, slug="kept-in-memory", title_en="First title")
    url = f"/en/articles/{article.slug}/"
    assert "First title" in client.get(url).text
    reads = redis_reads(settings)
    for _ in range(50):
        assert "First title" in client.get(url).text
    assert redis_reads(settings) - reads <= 1

    type(article).objects.filter(pk=article.pk).update(title_en="Second title")
    with django_capture_on_commit_callbacks(execute=True):
        content_changed(article_ids=[article.pk])  # this process's change hook
    assert "Second title" in client.get(url).text
    # Another process's edit: its change hook replaced the article's page stamp
    # (articles/page_parts.py) in the shared database, then the generation.
    type(article).objects.filter(pk=article.pk).update(
        title_en="Third title", page_stamp=new_stamp()
    )
    other_process.set_tracked(GENERATION_KEY, "changed-elsewhere")
    assert "Third title" in client.get(url).text
