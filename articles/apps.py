import simple_history
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from articles import page_parts, readiness
        from articles.models import Article
        from articles.revisions import RevisionFields
        from geo import changes

        # Remembered article pages are stale once their article changes; told
        # before the page cache, so no page is cached from a stale memo.
        changes.updating.connect(page_parts.refresh_page_stamps, dispatch_uid="page-stamps")
        # Readiness findings for the admin list, refreshed after every change.
        changes.changed.connect(readiness.refresh_changed, dispatch_uid="readiness")

        # An article's edit history (Article.history). Registered here, not in
        # models.py: modeltranslation adds the translated columns when its own
        # ready() runs (it comes first in INSTALLED_APPS), and the historical
        # table must copy them, so history keeps both languages.
        # RevisionFields: the version and the related content (tags, FAQ, tables).
        simple_history.register(
            Article,
            excluded_fields=[
                "translation_edited",
                "version",
                "created_at",
                "readiness",
                "page_stamp",
            ],
            bases=[RevisionFields],
        )
