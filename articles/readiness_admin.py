"""The answer-readiness panel on the article change page, and its list column and filter."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles import readiness


class ReadinessFilter(admin.SimpleListFilter):
    title = _("answer readiness")
    parameter_name = "readiness"

    def lookups(self, request, model_admin):
        return [("ready", _("No warnings")), ("warnings", _("Has warnings"))]

    def queryset(self, request, queryset):
        # Element 0 of the stored list exists exactly when there is a warning.
        if self.value() == "ready":
            return queryset.filter(readiness__0__isnull=True)
        if self.value() == "warnings":
            return queryset.filter(readiness__0__isnull=False)
        return queryset


class ReadinessAdminMixin:
    """For ArticleAdmin: warnings, never blockers. The panel checks the saved
    article afresh; the list reads what the change hook stored."""

    @property
    def media(self):
        return super().media + forms.Media(css={"all": ["css/admin-readiness.css"]})

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None:
            return fieldsets
        panel = (_("Answer readiness"), {"fields": ["readiness_panel"], "classes": ["readiness"]})
        return [panel, *fieldsets]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "readiness_panel"]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "readiness_column"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), ReadinessFilter]

    @admin.display(description=_("readiness"))
    def readiness_panel(self, article):
        findings = readiness.check(article)
        if not findings:
            return format_html(
                '<p id="readiness" class="readiness-ok">✓ {}</p>',
                _("No warnings: both languages are complete and ready to be quoted."),
            )
        count = ngettext(
            "%(count)d warning (it does not stop you saving or publishing):",
            "%(count)d warnings (they do not stop you saving or publishing):",
            len(findings),
        ) % {"count": len(findings)}
        items = format_html_join(
            "", '<li data-check="{}">{}</li>', ((f.code, f.message) for f in findings)
        )
        return format_html(
            '<div id="readiness" class="readiness-warnings"><p>⚠ {}</p><ul>{}</ul></div>',
            count,
            items,
        )

    @admin.display(description=_("readiness"))
    def readiness_column(self, article):
        findings = readiness.stored(article)
        if not findings:
            return format_html('<span class="readiness-ok">✓ {}</span>', _("ready"))
        return format_html(
            '<span class="readiness-warnings" title="{}">⚠ {}</span>',
            "\n".join(f.message for f in findings),
            len(findings),
        )
