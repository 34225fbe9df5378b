"""Loaded by pytest before Django starts (``-p tests.environment`` in
pyproject.toml): the test run declares itself, so settings accept the
development secret key without guessing whether tests are running."""

import os

os.environ["GEO_TESTING"] = "true"
# Reader pages are cached; tests of caching turn it on explicitly.
os.environ.setdefault("PAGE_CACHE_SECONDS", "0")
# Test set-up and tear-down (flush, serialized rollback, DROP DATABASE) may run
# long statements on a busy machine; tests of the limit set it on their server.
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "0")
# No test pings a real search engine, whatever a local .env says; tests of
# instant indexing point the services at their own local server.
os.environ["INDEXNOW_KEY"] = os.environ["BAIDU_PUSH_TOKEN"] = os.environ["CDN_PURGE_URL"] = ""

# GEO_CLOCK_SHIFT_DAYS=365 runs the suite with the clock a year ahead (a CI
# step does), proving that no test depends on today's date. Tests that start
# other processes (which keep the real clock) skip themselves under a shift.
CLOCK_SHIFT_DAYS = int(os.environ.get("GEO_CLOCK_SHIFT_DAYS") or 0)
if CLOCK_SHIFT_DAYS:
    from datetime import UTC, datetime, timedelta

    import time_machine

    time_machine.travel(datetime.now(UTC) + timedelta(days=CLOCK_SHIFT_DAYS), tick=True).start()
