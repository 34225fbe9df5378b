"""Publishing that says what it does: one choice on the article form (keep as
draft, in review, publish now, schedule at a time, withdrawn) and the state
an article is in, as the article list shows and filters it.

The form choice is mapped onto the model's ``status`` and ``published_at``
here, once; "publish" without a time means now (as the list action does,
``services.article_publish``)."""

from datetime import datetime

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import Article

Status = Article.Status


class State:
    """What an article is, for editors: a status plus whether its time has come."""

    DRAFT = "draft"
    REVIEW = "review"
    PUBLISHED = "published"
    SCHEDULED = "scheduled"
    WITHDRAWN = "withdrawn"

    LABELS = {
        DRAFT: _("Draft"),
        REVIEW: _("In review"),
        PUBLISHED: _("Published"),
        SCHEDULED: _("Scheduled"),
        WITHDRAWN: _("Withdrawn"),
    }


def article_state(article, now: datetime | None = None) -> str:
    if article.status == Status.PUBLISHED:
        now = now or timezone.now()
        if article.published_at is not None and article.published_at > now:
            return State.SCHEDULED
        return State.PUBLISHED
    return article.status


def state_condition(state: str, now: datetime) -> Q:
    """``article_state(article) == state`` as a query condition."""
    if state == State.SCHEDULED:
        return Q(status=Status.PUBLISHED, published_at__gt=now)
    if state == State.PUBLISHED:
        return Q(status=Status.PUBLISHED, published_at__lte=now)
    return Q(status=state)


def countdown(when: datetime, now: datetime | None = None) -> str:
    """``in 3 h 20 min``, ``in 2 d 4 h``, ``in 5 min`` (minutes rounded up)."""
    seconds = max(0, (when - (now or timezone.now())).total_seconds())
    minutes = int(-(-seconds // 60))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return _("in %(d)d d %(h)d h") % {"d": days, "h": hours}
    if hours:
        return _("in %(h)d h %(m)d min") % {"h": hours, "m": minutes}
    return ngettext("in %(m)d min", "in %(m)d min", minutes) % {"m": minutes}


def state_label(article, now: datetime | None = None) -> str:
    """The list's "Publication" cell: the state, and when for scheduled articles."""
    now = now or timezone.now()
    state = article_state(article, now)
    if state == State.SCHEDULED:
        local = timezone.localtime(article.published_at)
        return format_html(
            '<span class="pub-state pub-scheduled">{}</span> '
            '<time datetime="{}" title="{}">{}</time>',
            State.LABELS[state],
            local.isoformat(),
            local.strftime("%Y-%m-%d %H:%M %Z"),
            countdown(article.published_at, now),
        )
    return format_html('<span class="pub-state pub-{}">{}</span>', state, State.LABELS[state])


class PublicationFilter(admin.SimpleListFilter):
    title = _("publication")
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return list(State.LABELS.items())

    def queryset(self, request, queryset):
        if self.value() in State.LABELS:
            return queryset.filter(state_condition(self.value(), timezone.now()))
        return queryset


# ------------------------------------------------------------------ the form


def _to_minute(when: datetime) -> datetime:
    # The date-time input shows minutes: an untouched value is the same minute.
    return when.replace(second=0, microsecond=0)


class Choice:
    DRAFT = "draft"
    REVIEW = "review"
    NOW = "now"
    SCHEDULE = "schedule"
    WITHDRAWN = "withdrawn"


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's own date-time picker: no calendar script to load."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


# For ModelAdmin.formfield_overrides: one <input type="datetime-local"> per
# date-time field instead of the admin's split date and time with calendar script.
LOCAL_DATETIME = {"form_class": forms.DateTimeField, "widget": DateTimeLocalInput}


class PublishingFormMixin(forms.Form):
    """For the article's ModelForm: ``publishing`` + ``publish_at`` replace the raw
    ``status`` + ``published_at`` pair. Only publishers get these fields (the
    admin leaves them out for the others, as it did status and date)."""

    publishing = forms.ChoiceField(
        label=_("Publishing"),
        widget=forms.RadioSelect,
        required=False,
        choices=[
            (Choice.DRAFT, _("Draft: not on the site")),
            (Choice.REVIEW, _("In review: not on the site")),
            (Choice.NOW, _("Publish now")),
            (Choice.SCHEDULE, _("Schedule: publish at the time below")),
            (Choice.WITHDRAWN, _("Withdrawn: 410 Gone everywhere")),
        ],
    )
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "publishing" not in self.fields:
            return
        article = self.instance
        now = timezone.now()
        state = article_state(article, now) if article.pk else State.DRAFT
        choice = {State.PUBLISHED: Choice.NOW, State.SCHEDULED: Choice.SCHEDULE}.get(state, state)
        self.fields["publishing"].initial = choice
        self.fields["publish_at"].initial = article.published_at
        self.fields["publish_at"].help_text = _(
            "In the site's time zone (%(zone)s). Needed only to schedule."
        ) % {"zone": timezone.get_current_timezone_name()}
        if state == State.PUBLISHED:
            # Saving a live article again keeps its publication date.
            since = timezone.localtime(article.published_at).strftime("%Y-%m-%d %H:%M")
            keep = _("Published (since %(when)s): keep it on the site") % {"when": since}
            self.fields["publishing"].choices = [
                (value, keep if value == Choice.NOW else label)
                for value, label in self.fields["publishing"].choices
            ]
        if not article.pk:  # a new article has nothing to withdraw
            self.fields["publishing"].choices = [
                (value, label)
                for value, label in self.fields["publishing"].choices
                if value != Choice.WITHDRAWN
            ]

    def clean(self):
        cleaned = super().clean()
        if "publishing" not in self.fields:
            return cleaned
        choice = cleaned.get("publishing") or self.fields["publishing"].initial
        when = cleaned.get("publish_at")
        if choice == Choice.SCHEDULE:
            if when is None:
                self.add_error(
                    "publish_at", _("Give the time to publish at, or choose “Publish now”.")
                )
            elif when <= timezone.now():
                self.add_error(
                    "publish_at",
                    _("This time has passed: choose “Publish now”, or a time to come."),
                )
        cleaned["publishing"] = choice
        return cleaned

    def _post_clean(self):
        # Before the model's own validation (its "published needs a date" rule).
        self._apply_publishing()
        super()._post_clean()

    def _apply_publishing(self):
        if "publishing" not in self.fields or not hasattr(self, "cleaned_data"):
            return
        article, choice = self.instance, self.cleaned_data.get("publishing")
        when = self.cleaned_data.get("publish_at")
        if choice == Choice.NOW:
            now = timezone.now()
            if article_state(article, now) != State.PUBLISHED:
                article.published_at = now
            elif when is not None and when <= now and when != _to_minute(article.published_at):
                article.published_at = when  # a live article's date, corrected by hand
            article.status = Status.PUBLISHED
        elif choice == Choice.SCHEDULE and when is not None:
            article.status, article.published_at = Status.PUBLISHED, when
        elif choice in (Choice.DRAFT, Choice.REVIEW, Choice.WITHDRAWN):
            article.status = choice
            if when is not None:
                article.published_at = when  # a planned time, kept for later
