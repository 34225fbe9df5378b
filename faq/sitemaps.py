"""The site FAQ page in the sitemaps (geo/sitemaps.py), once it has a question."""

from django.urls import reverse

from faq.models import FaqItem
from geo.sitemaps import LocalizedSitemap


class FaqSitemap(LocalizedSitemap):
    """``/<lang>/faq/`` in every language. FAQ items keep no modification
    time, so the entry has no lastmod rather than an invented one."""

    def items(self):
        return ["faq:site"] if FaqItem.objects.site_wide().exists() else []

    def path(self, url_name):
        return reverse(url_name)
