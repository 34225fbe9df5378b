"""/healthz: database, cache and task queue as JSON, never cached. A task
due for minutes means no worker runs: degraded (200), not down. The database
and cache outages themselves: tests/test_database_down.py, test_redis_down.py."""

from datetime import UTC, datetime, timedelta

import pytest

from takedowns.tasks import send_takedown_mail

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_a_healthy_site_says_ok_for_each_part_and_is_never_cached(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["database"], body["cache"]) == ("ok", "ok", "ok")
    assert body["tasks"]["status"] == "ok" and body["tasks"]["due"] == 0
    assert "no-cache" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]


def test_a_task_due_for_minutes_means_no_worker_and_the_site_is_degraded(client, time_machine):
    time_machine.move_to(NOW, tick=False)
    send_takedown_mail.enqueue(1, "received")

    time_machine.move_to(NOW + timedelta(minutes=2), tick=False)
    fresh = client.get("/healthz").json()
    time_machine.move_to(NOW + timedelta(minutes=6), tick=False)
    stalled = client.get("/healthz")

    assert fresh["status"] == "ok" and fresh["tasks"]["due"] == 1
    assert fresh["tasks"]["oldest_due_seconds"] == 120.0
    assert stalled.status_code == 200
    assert stalled.json()["status"] == "degraded"
    assert stalled.json()["tasks"]["status"] == "stalled"
    assert stalled.json()["tasks"]["oldest_due_seconds"] == 360.0


def test_a_task_the_worker_has_started_shows_when(client, time_machine, run_tasks):
    time_machine.move_to(NOW, tick=False)
    send_takedown_mail.enqueue(1, "received")
    run_tasks()

    time_machine.move_to(NOW + timedelta(seconds=30), tick=False)
    tasks = client.get("/healthz").json()["tasks"]

    assert tasks["due"] == 0
    assert tasks["last_started_seconds_ago"] == 30.0
