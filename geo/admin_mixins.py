from django.db import transaction

from geo.cache import reader_content_changed


class ReaderContentAdmin:
    """For admins of anything readers see: every write refreshes reader caches."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        transaction.on_commit(reader_content_changed)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        transaction.on_commit(reader_content_changed)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        transaction.on_commit(reader_content_changed)
