from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from modeltranslation.admin import TabbedTranslationAdmin

from geo.admin_mixins import ReaderContentAdmin
from geo.models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(ReaderContentAdmin, TabbedTranslationAdmin):
    """One row: the list page opens it directly; it can be neither added nor deleted."""

    def changelist_view(self, request, extra_context=None):
        SiteSettings.load()
        return redirect(reverse("admin:geo_sitesettings_change", args=[1]))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
