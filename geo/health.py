"""``/healthz``: what a load balancer and an operator need to know, as JSON.

- ``database``: ``ok`` or ``unavailable`` — the only part that makes the
  answer 503 (this instance cannot serve pages its cache does not hold).
- ``cache``: ``ok`` or ``unavailable`` — pages are then rendered uncached:
  slower, not down, so the answer stays 200 with ``status: degraded``.
- ``tasks``: the background queue (django-tasks-db): how many tasks are due,
  how long the oldest has waited, and when a worker last started one. Tasks
  due for longer than ``STALLED_AFTER`` mean no worker is running (or it is
  stuck): ``degraded`` too, since readers are not affected.
"""

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from geo import faults

STALLED_AFTER = 300  # seconds


def report() -> tuple[dict, int]:
    """The health report and its HTTP status."""
    database = _database()
    body = {"status": "ok", "database": database, "cache": _cache()}
    if database != "ok":
        body["status"] = "error"
        return body, 503
    body["tasks"] = _tasks()
    if body["cache"] != "ok" or body["tasks"]["status"] != "ok":
        body["status"] = "degraded"
    return body, 200


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        if not faults.database_unavailable(error):
            raise
        faults.outage.begin(error)
        return "unavailable"
    return "ok"


def _cache() -> str:
    available = getattr(cache, "is_available", lambda: True)()
    return "ok" if available else "unavailable"


def _tasks() -> dict:
    now = timezone.now()
    never = get_date_max()  # django-tasks-db's run_after for "as soon as possible"
    due = DBTaskResult.objects.ready().aggregate(
        count=Count("pk"),
        oldest_unscheduled=Min("enqueued_at", filter=Q(run_after=never)),
        oldest_scheduled=Min("run_after", filter=~Q(run_after=never)),
    )
    waiting_since = [t for t in (due["oldest_unscheduled"], due["oldest_scheduled"]) if t]
    oldest = (now - min(waiting_since)).total_seconds() if waiting_since else 0.0
    last_started = DBTaskResult.objects.aggregate(last=Max("started_at"))["last"]
    return {
        "status": "stalled" if oldest > STALLED_AFTER else "ok",
        "due": due["count"],
        "oldest_due_seconds": round(oldest, 1),
        "last_started_seconds_ago": (
            round((now - last_started).total_seconds(), 1) if last_started else None
        ),
    }
