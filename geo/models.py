import copy

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from geo.generation import content_generation
from geo.render_memo import LRU, new_stamp

# Loaded settings rows by generation key: no cache round trip per use.
_loaded_settings = LRU(16)


class SiteSettings(models.Model):
    """The single row of site-wide settings editors may change without a deploy."""

    class CrawlerPolicy(models.TextChoices):
        ALLOW_ALL = "allow-all", _("Allow search and AI crawlers, including training")
        SEARCH_ONLY = "search-only", _("Allow search and answer engines; refuse AI training")
        DENY_AI = "deny-ai", _("Refuse all AI crawlers")

    site_name = models.CharField(_("site name"), max_length=80, default="GEO")
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    icp_number = models.CharField(
        _("ICP filing number"), max_length=60, blank=True, help_text=_("e.g. 京ICP备12345678号-1")
    )
    public_security_number = models.CharField(
        _("public-security filing number"),
        max_length=60,
        blank=True,
        help_text=_("e.g. 京公网安备11010502030000号 (the 14-digit code is linked)"),
    )
    ai_crawler_policy = models.CharField(
        _("AI-crawler policy"),
        max_length=20,
        choices=CrawlerPolicy,
        default=CrawlerPolicy.SEARCH_ONLY,
    )
    # Replaced by the change hook whenever a change names no article (an entity,
    # tag, disclaimer, site FAQ or settings edit: it may touch any page), never
    # by an article's own edit (geo/shared_stamp.py). Work remembered per
    # article that also shows shared rows is keyed by it (articles/page_parts.py).
    shared_stamp = models.CharField(max_length=16, default=new_stamp, editable=False)

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="site_settings_single_row")
        ]

    def __str__(self):
        return str(_("Site settings"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @property
    def public_security_code(self) -> str:
        """The 14-digit record code the MPS lookup takes (digits of the number)."""
        digits = "".join(ch for ch in self.public_security_number if ch.isdigit())
        return digits[:14]

    @classmethod
    def load(cls) -> "SiteSettings":
        """The settings row (created with defaults on first use), read once per
        content generation and process: the change hook refreshes it like any
        page. (Not in the shared cache: one read by primary key is cheaper than
        storing it there.)"""
        key = content_generation()
        settings = _loaded_settings.get(key)
        if settings is None:
            settings, _created = cls.objects.get_or_create(pk=1)
            _loaded_settings.put(key, settings)
        return copy.copy(settings)  # callers may change theirs


class IndexingPing(models.Model):
    """One request to a search engine's indexing API and its answer, or URLs
    not sent (Baidu's daily quota was used up): the log editors read in the
    admin. Written by geo/indexing.py only."""

    class Service(models.TextChoices):
        INDEXNOW = "indexnow", "IndexNow"
        BAIDU = "baidu", _("Baidu link push")

    class Outcome(models.TextChoices):
        SENT = "sent", _("Sent")
        RETRYING = "retrying", _("Failed, will retry")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent: daily quota used up")

    # Kept of an answer's body: enough to read an error message.
    BODY_LIMIT = 2000

    service = models.CharField(_("service"), max_length=20, choices=Service)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome)
    urls = models.JSONField(_("URLs"), default=list)
    attempt = models.PositiveSmallIntegerField(_("try"), default=1)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    response_body = models.TextField(_("answer"), blank=True)
    error = models.TextField(_("error"), blank=True)
    remain = models.IntegerField(
        _("quota left today"), null=True, blank=True, help_text=_("Baidu's answer.")
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("indexing ping")
        verbose_name_plural = _("indexing pings")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["service", "created_at"], name="indexing_ping_service_day")]

    def __str__(self):
        return f"{self.get_service_display()} · {self.get_outcome_display()} · {len(self.urls)}"
