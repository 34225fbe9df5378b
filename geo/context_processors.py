from django.urls import translate_url

from geo.i18n import LANGUAGE_CODES
from geo.models import SiteSettings


def site(request):
    """Site settings and the current page's address in each language."""
    # The language links lead to the plain page: 双语对照 is a third mode of its own.
    query = request.GET.copy()
    query.pop("view", None)
    path = request.path + (f"?{query.urlencode()}" if query else "")
    return {
        "site_settings": SiteSettings.load(),
        "language_links": [(code, translate_url(path, code)) for code in LANGUAGE_CODES],
    }
