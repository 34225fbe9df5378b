from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "geo"
    verbose_name = _("Site")

    def ready(self):
        from django.db.backends.signals import connection_created

        from geo import (  # noqa: F401 (early_cache: its check)
            cdn,
            changes,
            early_cache,
            faults,
            generation,
            indexing,
            shared_stamp,
        )

        # A new connection after a database outage ends it (logged once).
        connection_created.connect(
            lambda **kwargs: faults.outage.end(), weak=False, dispatch_uid="outage-end"
        )

        # Before the page cache is told: pages rendered under the new generation
        # see the new stamp of shared rows (entities, tags, settings).
        changes.updating.connect(shared_stamp.new_shared_stamp, dispatch_uid="shared-stamp")
        # The page cache is the first subscriber of the change hook.
        changes.changed.connect(generation.new_content_generation, dispatch_uid="page-cache")
        # Instant indexing: changed URLs go to IndexNow and Baidu (a task each change).
        changes.changed.connect(indexing.queue_pings, dispatch_uid="instant-indexing")
        # The CDN is told exactly which addresses changed (off unless CDN_PURGE_URL is set).
        changes.changed.connect(cdn.queue_purge, dispatch_uid="cdn-purge")
