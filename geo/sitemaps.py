"""Sitemaps: ``/sitemap.xml`` is an index of one sitemap per section and
language (``/sitemap-articles-en.xml``; ``?p=2`` and on past ``limit`` URLs).
Every entry lists, as ``xhtml:link`` alternates, each language its page exists
in and ``x-default`` (the first of them: the Chinese page when there is one),
so the alternates of every page of a set are the same, reciprocal set.

The apps define the sections (``LocalizedSitemap`` subclasses in
articles/sitemaps.py and faq/sitemaps.py); the root urlconf names them by
dotted path, since geo imports no app.

Django's ``i18n``/``alternates`` options are not used: they pair every item
with every language in a Python list (every row loaded for each page), make
x-default the unprefixed URL and write ``zh-hans`` rather than ``zh-Hans``.
One sitemap per language paginates in SQL instead. URLs come from SITE_URL,
never from the request."""

from functools import cached_property

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, sitemap, x_robots_tag
from django.db.models import QuerySet
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.module_loading import import_string

from geo.cache import reader_page
from geo.i18n import LANGUAGE_CODES, html_lang
from geo.seo import absolute, alternates

# Rows read from the database at a time while a sitemap page is written.
CHUNK_SIZE = 2000


class LocalizedSitemap(Sitemap):
    """One language's URLs of a section. Subclasses give ``items()`` (an ordered
    queryset or a list), ``path(item)`` (the page's path in the active language;
    None skips the item) and, as needed, ``languages(item)``, ``lastmod(item)``,
    ``get_latest_lastmod()`` (one query, for the index) and ``next_change()``."""

    def __init__(self, language: str):
        self.language = language

    def path(self, item) -> str | None:
        raise NotImplementedError

    def languages(self, item) -> list[str]:
        """The languages the item's page exists in (it must include ``self.language``)."""
        return LANGUAGE_CODES

    def lastmod(self, item):
        return None

    def get_latest_lastmod(self):
        return None

    def next_change(self):
        """When the section changes by itself (a scheduled publication), else None."""
        return None

    def get_urls(self, page=1, site=None, protocol=None):
        """The entries of one page (the request's site and protocol are ignored)."""
        objects = self.paginator.page(page).object_list
        if isinstance(objects, QuerySet):
            objects = objects.iterator(chunk_size=CHUNK_SIZE)
        entries = [entry for entry in map(self.entry, objects) if entry is not None]
        lastmods = [entry["lastmod"] for entry in entries]
        if lastmods and None not in lastmods:
            # Django's view sends it as Last-Modified.
            self.latest_lastmod = max(lastmods)
        return entries

    def entry(self, item) -> dict | None:
        links = alternates(lambda: self.path(item) or "", self.languages(item))
        if not all(url for _hreflang, url in links):
            return None  # a slug the URL rules refuse (logged by reverse_or_none)
        return {
            "location": dict(links)[html_lang(self.language)],
            "lastmod": self.lastmod(item),
            "alternates": links,
        }


class Sections:
    """The site's sitemap sections, ``{"articles": "articles.sitemaps.ArticleSitemap", …}``
    (imported on first use), with one sitemap per section and language."""

    def __init__(self, paths: dict[str, str]):
        self.paths = paths

    @cached_property
    def classes(self) -> dict[str, type[LocalizedSitemap]]:
        return {name: import_string(dotted) for name, dotted in self.paths.items()}

    def sitemaps(self) -> dict[str, LocalizedSitemap]:
        return {
            f"{name}-{code}": sitemap_class(code)
            for name, sitemap_class in self.classes.items()
            for code in LANGUAGE_CODES
        }

    def next_change(self):
        """The earliest time a section changes by itself; each distinct hook asked once."""
        hooks = {}
        for section in self.sitemaps().values():
            hooks.setdefault(type(section).next_change, section)
        times = [time for time in (s.next_change() for s in hooks.values()) if time is not None]
        return min(times, default=None)

    @x_robots_tag
    def index(self, request):
        entries = []
        for name, section in self.sitemaps().items():
            paginator = section.paginator
            if not paginator.count:
                continue  # no empty files in the index
            location = absolute(reverse("sitemap", kwargs={"section": name}))
            lastmod = section.get_latest_lastmod()
            entries += [
                SitemapIndexItem(location if page == 1 else f"{location}?p={page}", lastmod)
                for page in paginator.page_range
            ]
        return TemplateResponse(
            request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
        )

    def section(self, request, section):
        return sitemap(
            request, sitemaps=self.sitemaps(), section=section, template_name="geo/sitemap.xml"
        )

    def urlpatterns(self) -> list:
        """``/sitemap.xml`` and ``/sitemap-<section>.xml``, in the shared page cache
        (every change hook refreshes them; none outlives the next publication)."""
        return [
            path(
                "sitemap.xml",
                reader_page(self.index, next_change=self.next_change),
                name="sitemap-index",
            ),
            path(
                "sitemap-<slug:section>.xml",
                reader_page(self.section, next_change=self.next_change),
                name="sitemap",
            ),
        ]
