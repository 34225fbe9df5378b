"""Removal and correction requests (notice and takedown) and their audit trail.

The tables keep the names they had when this lived in ``articles``."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from geo import validators


class TakedownRequestQuerySet(models.QuerySet):
    def overdue(self):
        """Undecided and received more than TAKEDOWN_OVERDUE_DAYS ago."""
        return self.exclude(status__in=TakedownRequest.DECIDED).filter(
            created_at__lt=overdue_before()
        )


class TakedownRequest(models.Model):
    """A removal or correction request from a rights holder or a person concerned."""

    class Relationship(models.TextChoices):
        RIGHTS_HOLDER = "rights-holder", _("Rights holder")
        AGENT = "agent", _("Authorised agent of the rights holder")
        NAMED_PERSON = "named-person", _("Person named in the content")
        OTHER = "other", _("Other")

    class Kind(models.TextChoices):
        COPYRIGHT = "copyright", _("Copyright or trademark")
        PRIVACY = "privacy", _("Privacy")
        FACTUAL_ERROR = "factual-error", _("Factual error needing correction")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        UNDER_REVIEW = "under-review", _("Under review")
        REMOVED = "removed", _("Removed")
        CORRECTED = "corrected", _("Corrected")
        REJECTED = "rejected", _("Rejected")

    DECIDED = (Status.REMOVED, Status.CORRECTED, Status.REJECTED)

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="takedown_requests",
        verbose_name=_("article"),
    )
    target_url = validators.WebURLField(_("address of the content"), max_length=500)
    requester_name = models.CharField(_("name"), max_length=120)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("contact e-mail"), max_length=254)
    relationship = models.CharField(
        _("relationship to the content"), max_length=20, choices=Relationship
    )
    kind = models.CharField(_("request kind"), max_length=20, choices=Kind)
    statement = models.TextField(_("statement"), max_length=5000)
    evidence_links = models.JSONField(
        _("evidence links"), default=list, blank=True, validators=[validators.web_url_list]
    )
    good_faith = models.BooleanField(_("good-faith declaration"), default=False)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.RECEIVED)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assignee"),
    )
    decision_note = models.TextField(
        _("public decision note"), blank=True, help_text=_("Shown to the requester.")
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
        editable=False,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("received at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TakedownRequestQuerySet.as_manager()

    class Meta:
        db_table = "articles_takedownrequest"
        verbose_name = _("takedown request")
        verbose_name_plural = _("takedown requests")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return self.reference

    @property
    def is_decided(self) -> bool:
        return self.status in self.DECIDED

    @property
    def is_overdue(self) -> bool:
        return not self.is_decided and self.created_at < overdue_before()


def overdue_before():
    """Undecided requests received before this moment are overdue."""
    return timezone.now() - timedelta(days=settings.TAKEDOWN_OVERDUE_DAYS)


class TakedownEvent(models.Model):
    """One line of a request's audit trail; never edited."""

    request = models.ForeignKey(TakedownRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("who"),
    )
    action = models.CharField(_("what"), max_length=200)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        db_table = "articles_takedownevent"
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} {self.action}"
