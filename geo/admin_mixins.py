from geo.changes import content_changed


class ReaderContentAdmin:
    """For admins of anything readers see: every write goes through the change
    hook. Admins of one article's parts override ``content_changed``."""

    def content_changed(self, obj) -> None:
        content_changed()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.content_changed(obj)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self.content_changed(obj)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        content_changed()
