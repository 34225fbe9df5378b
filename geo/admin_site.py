"""The admin carries the site's name (SiteSettings) instead of "Django
administration": in the header, the window title and the login page."""

from django.contrib import admin
from django.utils.functional import lazy
from django.utils.translation import gettext


def _site_name() -> str:
    from geo.models import SiteSettings  # the app registry is ready by the first render

    return SiteSettings.load().site_name


def _header() -> str:
    return gettext("%(site)s editors’ desk") % {"site": _site_name()}


def _title() -> str:
    return gettext("%(site)s admin") % {"site": _site_name()}


def brand(site: admin.AdminSite) -> None:
    # Lazy: read on each page, in the editor's language, after SiteSettings edits.
    site.site_header = lazy(_header, str)()
    site.site_title = lazy(_title, str)()
