from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from geo import robots
from geo.admin_mixins import ReaderContentAdmin
from geo.crawlers import AI_CRAWLERS, SEARCH, TRAINING, USER
from geo.models import IndexingPing, SiteSettings

PURPOSES = {
    TRAINING: _("AI training"),
    SEARCH: _("AI search / answers"),
    USER: _("fetches for a user"),
}


@admin.register(SiteSettings)
class SiteSettingsAdmin(ReaderContentAdmin, TabbedTranslationAdmin):
    """One row: the list page opens it directly; it can be neither added nor deleted."""

    readonly_fields = ["ai_crawlers"]

    @admin.display(description=_("AI crawlers robots.txt speaks to"))
    def ai_crawlers(self, site):
        """Every crawler of the policy, and a warning on those known not to obey robots.txt."""
        refused = robots.REFUSED_PURPOSES[site.ai_crawler_policy]
        rows = format_html_join(
            "",
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    crawler.token,
                    crawler.operator,
                    PURPOSES[crawler.purpose],
                    _("refused") if crawler.purpose in refused else _("allowed"),
                    crawler.note
                    if crawler.honours_robots
                    else format_html(
                        "⚠ {} {}", _("Does not always obey robots.txt."), crawler.note
                    ),
                )
                for crawler in AI_CRAWLERS
            ),
        )
        head = format_html(
            "<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            _("robots.txt token"),
            _("operator"),
            _("purpose"),
            _("under this policy"),
            _("note"),
        )
        return format_html("<table>{}{}</table>", head, rows)

    def changelist_view(self, request, extra_context=None):
        SiteSettings.load()
        return redirect(reverse("admin:geo_sitesettings_change", args=[1]))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IndexingPing)
class IndexingPingAdmin(admin.ModelAdmin):
    """The instant-indexing log (geo/indexing.py writes it): read-only; only
    superusers may delete old rows."""

    list_display = (
        "created_at",
        "service",
        "outcome",
        "status_code",
        "attempt",
        "url_count",
        "first_url",
        "remain",
    )
    list_filter = ("service", "outcome", "status_code")
    date_hierarchy = "created_at"
    search_fields = ("response_body", "error")

    @admin.display(description=_("URLs"))
    def url_count(self, ping):
        return len(ping.urls)

    @admin.display(description=_("first URL"))
    def first_url(self, ping):
        return ping.urls[0] if ping.urls else ""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
