from django.urls import translate_url

from geo.i18n import LANGUAGE_CODES
from geo.models import SiteSettings


def site(request):
    """Site settings and the current page's address in each language."""
    path = request.get_full_path()
    return {
        "site_settings": SiteSettings.load(),
        "language_links": [(code, translate_url(path, code)) for code in LANGUAGE_CODES],
    }
