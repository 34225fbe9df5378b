"""``/sitemap-gone.xml``: the addresses of withdrawn articles, in sitemap
format, so search engines drop them sooner (each answers 410 Gone). One URL
per language the article could be read in, ``<lastmod>`` its updated date.

Wired at the root by geo/urls.py (``include("articles.gone")``): geo imports
no app. Cached like a reader page, so the change hook that follows every
withdrawal refreshes it in every process at once."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.utils import translation

from articles.models import Article
from geo.cache import reader_page
from geo.i18n import LANGUAGE_CODES


class GoneSitemap(Sitemap):
    def items(self):
        withdrawn = Article.objects.withdrawn().order_by("-updated_at", "-pk")
        return [
            (article, language)
            for article in withdrawn
            for language in LANGUAGE_CODES
            if article.has_language(language)
        ]

    def location(self, item):
        article, language = item
        with translation.override(language):
            return article.get_absolute_url()

    def lastmod(self, item):
        article, _language = item
        return article.updated_at.replace(microsecond=0)

    # Absolute URLs come from SITE_URL, never from the request's Host header.
    def get_protocol(self, protocol=None):
        return settings.SITE_URL.split("://", 1)[0]

    def get_domain(self, site=None):
        return settings.SITE_URL.split("://", 1)[1]


def sitemap_gone(request):
    return sitemap(
        request, {"gone": GoneSitemap}, template_name="articles/article_gone_sitemap.xml"
    )


urlpatterns = [path("", reader_page(sitemap_gone), name="sitemap-gone")]
