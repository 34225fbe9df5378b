"""The page a locked-out admin login gets (django-axes' AXES_LOCKOUT_CALLABLE):
in both languages, saying how long to wait."""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _

from geo.seo import PageMeta


def locked_out(request, original_response=None, credentials=None):
    context = {
        "limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "meta": PageMeta(title=_("Too many failed logins"), noindex=True),
    }
    response = render(request, "login_locked.html", context, status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
