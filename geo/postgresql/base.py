"""Django's PostgreSQL backend, giving up on a server that does not answer.

A stopped server refuses connections at once, and ``connect_timeout`` bounds
one that does not accept them; but a server that is frozen (or cut off behind
a half-open connection) leaves a query waiting forever: its own
``statement_timeout`` cannot fire. Here every query and the connection
health check run under geo.faults.watchdog, which cuts the socket at the
deadline, so the request fails fast and gets the 503 page. After a slow
failed connection attempt or query the process stops trying for
``RETRY_AFTER`` seconds, so a hung server costs one timeout per process, not
one per request."""

import threading
import time

import psycopg
from django.conf import settings
from django.db import DatabaseError
from django.db.backends.postgresql import base

from geo import faults

# SELECT 1 answers in well under a millisecond from a healthy server.
HEALTH_CHECK_SECONDS = 1.0
RETRY_AFTER = 2.0
_SLOW_FAILURE = 1.0


class _ConnectBackOff:
    def __init__(self):
        self._lock = threading.Lock()
        self.until = 0.0

    def check(self):
        if time.monotonic() < self.until:
            raise psycopg.OperationalError(
                "database unavailable: not retrying for a moment after a timed-out connection"
            )

    def failed(self, seconds_taken: float):
        if seconds_taken >= _SLOW_FAILURE:
            with self._lock:
                self.until = time.monotonic() + RETRY_AFTER


back_off = _ConnectBackOff()


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Innermost of any wrappers: guards the query itself.
        self.execute_wrappers.append(self._guarded_execute)

    def get_new_connection(self, conn_params):
        back_off.check()
        started = time.monotonic()
        try:
            connection = super().get_new_connection(conn_params)
        except psycopg.Error:
            back_off.failed(time.monotonic() - started)
            raise
        faults.outage.end()
        return connection

    def is_usable(self):
        fileno = self._fileno()
        if fileno is None:
            return False
        started = time.monotonic()
        with faults.watchdog.guard(fileno, HEALTH_CHECK_SECONDS):
            usable = super().is_usable()
        if not usable:  # cut by the watchdog: reconnecting now would hang too
            back_off.failed(time.monotonic() - started)
        return usable

    def _guarded_execute(self, execute, sql, params, many, context):
        seconds = settings.DATABASE_STATEMENT_TIMEOUT
        fileno = self._fileno()
        if not seconds or fileno is None:  # nothing to wait for: it fails at once
            return execute(sql, params, many, context)
        # A little past the server's own statement_timeout, which should win.
        started = time.monotonic()
        try:
            with faults.watchdog.guard(fileno, seconds + 0.5):
                result = execute(sql, params, many, context)
        except DatabaseError as error:
            if faults.database_unavailable(error):
                back_off.failed(time.monotonic() - started)  # only if it was slow
            raise
        faults.outage.end()
        return result

    def _fileno(self) -> int | None:
        try:
            return None if self.connection is None else self.connection.fileno()
        except psycopg.Error:  # already closed or broken
            return None
