"""The site FAQ page in the sitemaps (geo/sitemaps.py), once it has a question."""

from faq.models import FaqItem
from geo.sitemaps import LocalizedSitemap


class FaqSitemap(LocalizedSitemap):
    """``/<lang>/faq/`` in every language. FAQ items keep no modification
    time, so the entry has no lastmod rather than an invented one."""

    url_name = "faq:site"
    slugged = False

    def items(self):
        return [{}] if FaqItem.objects.site_wide().exists() else []
