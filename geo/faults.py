"""When the database is down or hung: a static 503 page in both languages,
within about two seconds, logged once per outage, and back to normal on its
own when the database returns.

- ``database_unavailable(error)`` tells an outage (no connection, a frozen or
  overloaded server, a statement timeout, a locked SQLite file) from a bug
  (bad SQL, a constraint), which stays a 500 with its traceback.
- ``server_error`` is the project's ``handler500``: Django hands it every
  uncaught exception, from a view, a template or a middleware, so one place
  answers them all.
- ``outage`` logs the first failure of an outage and the recovery, one line
  each per process, instead of a traceback per request.
- ``watchdog`` stops waiting for a PostgreSQL server that accepts a
  connection but never answers (geo/postgresql/): libpq would wait forever,
  and ``statement_timeout`` is enforced by the very server that is frozen.
"""

import logging
import os
import socket
import sqlite3
import sys
import threading
import time
from contextlib import contextmanager

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

logger = logging.getLogger(__name__)

# What the 503 asks clients (and crawlers) to wait before trying again.
RETRY_AFTER_SECONDS = 30

# SQLSTATE classes of an unavailable server: 08 connection exception,
# 53 insufficient resources (too many connections), 57 operator intervention
# (shutdown, "cannot connect now", 57014 statement timeout).
_UNAVAILABLE_SQLSTATE_CLASSES = ("08", "53", "57")
_SQLITE_UNAVAILABLE = ("locked", "busy", "unable to open", "disk i/o")


def database_unavailable(error: BaseException | None) -> bool:
    """Is ``error`` the database being unreachable or hung (not our bug)?"""
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__ or error
    if isinstance(cause, sqlite3.Error):
        return any(words in str(cause).lower() for words in _SQLITE_UNAVAILABLE)
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate:
        return sqlstate[:2] in _UNAVAILABLE_SQLSTATE_CLASSES
    # psycopg reports a refused, cut or timed-out connection without a SQLSTATE.
    return True


class Outage:
    """This process's view of a database outage: its first failure and its
    end are logged, one line each; the requests in between are not."""

    def __init__(self):
        self._lock = threading.Lock()
        self.since: float | None = None

    def begin(self, error: BaseException) -> None:
        with self._lock:
            if self.since is not None:
                return
            self.since = time.monotonic()
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
        logger.error(
            "Database unavailable (%s: %s); answering 503 until it returns",
            type(error).__name__,
            first_line,
        )

    def end(self) -> None:
        if self.since is None:  # the common case: no lock taken
            return
        with self._lock:
            since, self.since = self.since, None
        if since is not None:
            logger.warning("Database available again after %.1f s", time.monotonic() - since)


outage = Outage()


def unavailable_response(request) -> HttpResponse:
    """The static 503 page: no database, no context processors, no cache."""
    html = loader.get_template("503.html").render(
        {"not_saved": request is not None and request.method not in ("GET", "HEAD")}
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # Logged once per outage by ``outage``, not once per request by Django.
    response._has_been_logged = True
    return response


def server_error(request):
    """handler500: a database outage is a 503; anything else the usual 500."""
    error = sys.exc_info()[1]
    if database_unavailable(error):
        outage.begin(error)
        return unavailable_response(request)
    return defaults.server_error(request)


# ---------------------------------------------------------------- watchdog


class Watchdog:
    """One thread per process that cuts the socket of a database call still
    waiting after its deadline. The blocked call then fails at once with an
    OperationalError (the server "closed the connection"), which Django
    turns into the 503 above, and the connection is dropped and made anew
    on a later request."""

    def __init__(self):
        self._reset()
        os.register_at_fork(after_in_child=self._reset)

    def _reset(self):
        self._condition = threading.Condition()
        self._calls: dict[object, tuple[float, int]] = {}
        self._thread: threading.Thread | None = None

    @contextmanager
    def guard(self, fileno: int, seconds: float):
        token = object()
        with self._condition:
            self._calls[token] = (time.monotonic() + seconds, fileno)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="db-watchdog", daemon=True)
                self._thread.start()
            self._condition.notify()
        try:
            yield
        finally:
            # Under the lock: once the call is off the list the watchdog can no
            # longer touch its socket (whose number may soon be reused).
            with self._condition:
                self._calls.pop(token, None)

    def _run(self):
        with self._condition:
            while True:
                now = time.monotonic()
                for token, (deadline, fileno) in list(self._calls.items()):
                    if deadline <= now:
                        del self._calls[token]
                        _cut(fileno)
                deadlines = [deadline for deadline, _ in self._calls.values()]
                self._condition.wait(timeout=min(deadlines) - now if deadlines else None)


def _cut(fileno: int) -> None:
    """Shut the connection's socket down (its descriptor stays its owner's)."""
    try:
        with socket.socket(fileno=os.dup(fileno)) as sock:
            sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


watchdog = Watchdog()
