"""Cache backends. The embedded default's shared cache is Django's database
cache, with an ``incr`` that is atomic across processes and keeps the key's
expiry; production's is Redis, which may go down without taking pages with it.

Django's own ``incr`` for this backend is a ``get`` then a ``set``: two
processes counting at once lose a count, and the ``set`` restarts the key's
timeout, so a rate-limit window could end early. Here the row is locked
(``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's ``BEGIN IMMEDIATE``, see
settings) while the value is read and written back."""

import base64
import logging
import pickle
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import connections, router, transaction
from redis.connection import Connection, parse_url
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class DatabaseCache(DjangoDatabaseCache):
    def incr(self, key, delta=1, version=None):
        cache_key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(f"SELECT cache_key FROM {table} WHERE cache_key = %s{lock}", [cache_key])
            value = self.get(key, version=version) if cursor.fetchone() else None
            if value is None:
                raise ValueError(f"Key '{key}' not found")
            value += delta
            pickled = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET value = %s WHERE cache_key = %s", [pickled, cache_key]
            )
        return value


# ----------------------------------------------------------------- Redis


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, for which a Redis that is down or hung is a
    cache miss, not a 500: reads find nothing, writes are dropped, counters
    start again (rate limits fail open; what they protect is stored in the
    database anyway; see README). After a failure this process leaves Redis alone for
    ``RETRY_AFTER`` seconds, so a hung server costs one timeout, not one a
    call."""

    RETRY_AFTER = 5.0

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.retry_after = options.pop("RETRY_AFTER", self.RETRY_AFTER)
        super().__init__(server, {**params, "OPTIONS": options})
        self._down_until = 0.0
        self._down_since: float | None = None  # logged once per outage, not per call
        # Django gives each thread a backend of its own, hence a tracking
        # connection per thread of each process.
        self._tracked: dict[str, TrackedValue] = {}

    def _guarded(self, call, *args, fallback=None, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback
        try:
            result = call(*args, **kwargs)
        except (RedisError, OSError) as error:
            self._down_until = time.monotonic() + self.retry_after
            if self._down_since is None:
                self._down_since = time.monotonic()
                logger.warning("Redis unavailable (%s); serving without the cache", error)
            return fallback
        if self._down_since is not None:
            down_for, self._down_since = time.monotonic() - self._down_since, None
            logger.warning("Redis available again after %.1f s", down_for)
        return result

    def get_tracked(self, key):
        """``get``, but answered in process while Redis has not changed the key
        (``TrackedValue``); None if Redis has no value or is unavailable."""
        tracked = self._tracked.get(key) or self._tracked.setdefault(key, self._track(key))
        kept = tracked.kept()  # no round trip: not a sign of Redis being up
        return kept if kept is not None else self._guarded(tracked.read)

    def set_tracked(self, key, value) -> None:
        """``set`` (no expiry) of a key other processes track, returning only
        once each of them has been told (see ``TrackedValue``)."""
        self._guarded(self._set_and_confirm, key, value)

    def _set_and_confirm(self, key, value) -> None:
        super().set(key, value, timeout=None)
        # Redis sends the other processes their invalidation in the same step
        # as our reply, but may write our reply first; its answer to a second
        # command comes only after that step.
        super().has_key(key)

    def _track(self, key) -> "TrackedValue":
        options = self._options
        return TrackedValue(
            self._servers[0],  # where Django's cache writes
            self.make_and_validate_key(key),
            loads=self._cache._serializer.loads,
            connect_timeout=options.get("socket_connect_timeout"),
            timeout=options.get("socket_timeout"),
        )

    def is_available(self) -> bool:
        """Does Redis answer right now? (The health check asks.)"""
        try:
            return bool(self._cache.get_client().ping())
        except (RedisError, OSError):
            return False

    def get(self, key, default=None, version=None):
        return self._guarded(super().get, key, default, version, fallback=default)

    def get_many(self, keys, version=None):
        return self._guarded(super().get_many, keys, version, fallback={})

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._guarded(super().set, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().add, key, value, timeout, version, fallback=False)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().touch, key, timeout, version, fallback=False)

    def delete(self, key, version=None):
        return self._guarded(super().delete, key, version, fallback=False)

    def has_key(self, key, version=None):
        return self._guarded(super().has_key, key, version, fallback=False)

    def incr(self, key, delta=1, version=None):
        result = self._guarded(super().incr, key, delta, version, fallback=_MISSING)
        if result is _MISSING:
            raise ValueError(f"Key '{key}' not found (Redis unavailable)")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().set_many, data, timeout, version, fallback=list(data))

    def delete_many(self, keys, version=None):
        self._guarded(super().delete_many, keys, version)

    def clear(self):
        return self._guarded(super().clear, fallback=False)


_MISSING = object()


class TrackedValue:
    """One Redis key's value, read once and then kept in this process until
    Redis says the key changed: server-assisted client-side caching (``CLIENT
    TRACKING`` on a RESP3 connection of our own, Redis 6 or newer).

    Redis sends its invalidation message to us in the same step in which it
    answers whoever changed the key, and the writer (``set_tracked``) returns
    only after that step. While we have no command outstanding, anything
    arriving on our socket can only be such a message (or the connection
    closing), so a poll of the socket, which costs no round trip, tells
    whether the kept value still holds: on one host a change is seen by every
    process before the writer goes on; across hosts, once the message has
    crossed the network. Any sign of change drops the connection and the next
    read starts afresh; and the value is re-read at least every
    ``TRUST_SECONDS``, which bounds what a connection that died silently
    could keep."""

    TRUST_SECONDS = 1.0

    def __init__(self, url, redis_key, *, loads, connect_timeout=None, timeout=None):
        options = parse_url(url)
        connection_class = options.pop("connection_class", Connection)
        self._connection = connection_class(
            protocol=3, socket_connect_timeout=connect_timeout, socket_timeout=timeout, **options
        )
        self._key = redis_key
        self._loads = loads
        self._lock = threading.Lock()  # a command and its reply are one exchange
        self._tracking = False
        self._value = None
        self._trusted_until = 0.0

    def kept(self):
        """The value, if this process still holds it and Redis has not said
        it changed: no round trip."""
        with self._lock:
            if self._value is None or time.monotonic() >= self._trusted_until or self._changed():
                self._value = None
            return self._value

    def read(self):
        """The value from Redis (None if it has none), kept from now on."""
        with self._lock:
            self._value = None
            try:
                if not self._tracking:
                    self._connection.connect()
                    self._command("CLIENT", "TRACKING", "ON")
                    self._tracking = True
                # An invalidation arriving before the reply is skipped by the
                # parser: the reply is newer than it.
                raw = self._command("GET", self._key)
            except (RedisError, OSError):
                self._disconnect()
                raise
            self._value = None if raw is None else self._loads(raw)
            self._trusted_until = time.monotonic() + self.TRUST_SECONDS
            return self._value

    def _command(self, *args):
        self._connection.send_command(*args)
        return self._connection.read_response()

    def _changed(self) -> bool:
        try:
            waiting = self._connection.can_read(timeout=0)
        except (RedisError, OSError):  # closed under us
            waiting = True
        if waiting:
            self._disconnect()
        return waiting

    def _disconnect(self) -> None:
        self._tracking = False
        self._connection.disconnect()
