from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """One article in one language, as search sees it: what queries filter on
    here (a narrow row, quick to read for every match), its words in the
    backend's own index (PostgreSQL: the ``vector`` tsvector column of this
    table; SQLite: the ``search_fts`` FTS5 table, rowid = this id), both added
    by migration 0002. Titles and snippets come from the article itself.

    Published articles have documents, scheduled ones too, with their publish
    time: a query keeps those already due, so an article appears when due
    without anyone re-indexing it. Unpublishing or withdrawing removes them."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="search_documents"
    )
    language = models.CharField(_("language"), max_length=10)
    published_at = models.DateTimeField(_("publish at"))

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(fields=["article", "language"], name="search_document_once")
        ]
        # A language's documents newest first: the order in which a search
        # takes the matches it ranks (search/backends.py, RANKED).
        indexes = [
            models.Index(fields=["language", "published_at", "id"], name="search_document_newest")
        ]

    def __str__(self):
        return f"{self.article_id} ({self.language})"
