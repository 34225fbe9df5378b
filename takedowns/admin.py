from datetime import timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from takedowns import services
from takedowns.forms import TakedownDecisionForm
from takedowns.models import TakedownEvent, TakedownRequest
from takedowns.tasks import failed_mails


class TakedownAgeFilter(admin.SimpleListFilter):
    title = _("age")
    parameter_name = "age"

    def lookups(self, request, model_admin):
        return [
            (
                "overdue",
                _("Overdue (undecided, older than %(days)d days)")
                % {"days": settings.TAKEDOWN_OVERDUE_DAYS},
            ),
            ("week", _("Received this week")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.overdue()
        if self.value() == "week":
            return queryset.filter(created_at__gte=timezone.now() - timedelta(days=7))
        return queryset


class TakedownEventInline(admin.TabularInline):
    model = TakedownEvent
    fields = ["at", "actor", "action", "from_status", "to_status", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TakedownRequest)
class TakedownRequestAdmin(admin.ModelAdmin):
    list_display = ["reference", "age", "kind", "article", "status", "assignee", "mail"]
    actions = ["resend_failed_mails"]
    list_filter = ["status", "kind", TakedownAgeFilter]
    list_select_related = ["article", "assignee"]
    search_fields = [
        "reference",
        "email",
        "requester_name",
        "article__title_zh_hans",
        "article__title_en",
        "target_url",
    ]
    date_hierarchy = "created_at"
    inlines = [TakedownEventInline]
    fieldsets = [
        (None, {"fields": ["reference", "status", "assignee", "decide"]}),
        (
            _("Request"),
            {"fields": ["article", "target_url", "kind", "statement", "evidence", "good_faith"]},
        ),
        (
            _("Requester"),
            {"fields": ["requester_name", "organisation", "email", "relationship", "language"]},
        ),
        (_("Decision"), {"fields": ["decision_note", "handled_by", "decided_at", "created_at"]}),
    ]
    readonly_fields = [
        "reference",
        "decide",
        "target_url",
        "kind",
        "statement",
        "evidence",
        "good_faith",
        "requester_name",
        "organisation",
        "email",
        "relationship",
        "language",
        "decision_note",
        "handled_by",
        "decided_at",
        "created_at",
    ]
    autocomplete_fields = ["article"]

    class Media:
        css = {"all": ["css/admin.css"]}

    def has_add_permission(self, request):
        return False  # requests come from the public form

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.is_decided:
            fields += ["status", "article"]
        return fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "status" in form.base_fields:
            # Decisions go through the decision page, which records and mails them.
            form.base_fields["status"].choices = [
                (value, label)
                for value, label in TakedownRequest.Status.choices
                if value not in TakedownRequest.DECIDED
            ]
        return form

    @admin.display(description=_("age"), ordering="created_at")
    def age(self, takedown):
        days = (timezone.now() - takedown.created_at).days
        text = ngettext("%(days)d day", "%(days)d days", days) % {"days": days}
        if takedown.is_overdue:
            return format_html(
                '<strong class="overdue" title="{}">⚠ {}</strong>', _("Overdue"), text
            )
        return text

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("events")

    @admin.display(description=_("mail"))
    def mail(self, takedown):
        failed = failed_mails(takedown)
        if not failed:
            return "—"
        return format_html(
            '<strong class="overdue">⚠ {}</strong>',
            _("failed: %(mails)s") % {"mails": ", ".join(failed)},
        )

    @admin.action(description=_("Send failed mails again"), permissions=["change"])
    def resend_failed_mails(self, request, queryset):
        queued = sum(
            len(services.takedown_mails_resend(request=takedown, user=request.user))
            for takedown in queryset.prefetch_related("events")
        )
        self.message_user(
            request,
            ngettext("%(count)d mail queued again.", "%(count)d mails queued again.", queued)
            % {"count": queued},
            messages.SUCCESS if queued else messages.INFO,
        )

    @admin.display(description=_("evidence links"))
    def evidence(self, takedown):
        return (
            format_html_join(
                mark_safe("<br>"),
                '<a href="{0}" rel="noopener noreferrer nofollow" target="_blank">{0}</a>',
                ((link,) for link in takedown.evidence_links),
            )
            or "—"
        )

    @admin.display(description=_("decision"))
    def decide(self, takedown):
        if takedown.is_decided or not takedown.pk:
            return takedown.get_status_display()
        url = reverse("admin:takedowns_takedownrequest_decide", args=[takedown.pk])
        return format_html(
            '<a class="button" href="{}">{}</a>', url, _("Decide: remove, correct or reject…")
        )

    def save_model(self, request, obj, form, change):
        services.takedown_request_update(
            request=obj, user=request.user, note=_("Edited in the admin.")
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="takedowns_takedownrequest_decide",
            ),
            *super().get_urls(),
        ]

    def decide_view(self, request, pk):
        takedown = get_object_or_404(TakedownRequest.objects.select_related("article"), pk=pk)
        if not self.has_change_permission(request, takedown):
            raise PermissionDenied
        change_url = reverse("admin:takedowns_takedownrequest_change", args=[pk])
        if takedown.is_decided:
            self.message_user(request, _already_decided(takedown), messages.WARNING)
            return redirect(change_url)
        form = TakedownDecisionForm(request.POST or None, takedown=takedown)
        if request.method == "POST" and form.is_valid():
            try:
                decided = services.takedown_request_decide(
                    request=takedown,
                    decision=form.cleaned_data["decision"],
                    note=form.cleaned_data["note"],
                    user=request.user,
                    correction=form.correction(),
                )
            except services.AlreadyDecided as error:
                self.message_user(request, _already_decided(error.request), messages.WARNING)
                return redirect(change_url)
            self.message_user(
                request,
                _("Decision recorded: %(status)s. The requester will be e-mailed.")
                % {"status": decided.get_status_display()},
                messages.SUCCESS,
            )
            return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Decide on %(reference)s") % {"reference": takedown.reference},
            "takedown": takedown,
            "form": form,
            "adminform": helpers.AdminForm(form, DECISION_FIELDSETS, {}, model_admin=self),
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/takedowns/takedownrequest/decide.html", context)


DECISION_FIELDSETS = [
    (_("Decision"), {"fields": ["decision", "note"]}),
    (
        _("Correction note (for a correction)"),
        {"fields": [("correction_note_zh_hans", "correction_note_en")]},
    ),
]


def _already_decided(takedown: TakedownRequest) -> str:
    return _("This request was already decided (%(status)s) by %(who)s at %(when)s.") % {
        "status": takedown.get_status_display(),
        "who": takedown.handled_by or _("someone"),
        "when": timezone.localtime(takedown.decided_at).strftime("%Y-%m-%d %H:%M")
        if takedown.decided_at
        else "—",
    }
