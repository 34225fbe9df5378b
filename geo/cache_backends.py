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
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import connections, router, transaction
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
