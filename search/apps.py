from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from geo import changes
        from search import index

        # Told after commit and before the page cache is, so no cached search
        # page is built from the index as it was before the change.
        changes.updating.connect(index.on_content_changed, dispatch_uid="search-index")
