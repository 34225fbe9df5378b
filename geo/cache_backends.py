"""The embedded default's shared cache: Django's database cache, with an
``incr`` that is atomic across processes and keeps the key's expiry.

Django's own ``incr`` for this backend is a ``get`` then a ``set``: two
processes counting at once lose a count, and the ``set`` restarts the key's
timeout, so a rate-limit window could end early. Here the row is locked
(``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's ``BEGIN IMMEDIATE``, see
settings) while the value is read and written back."""

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router, transaction


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
