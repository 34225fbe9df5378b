"""Sitemaps: ``/sitemap.xml`` is an index of one sitemap per section and
language (``/sitemap-articles-en.xml``; ``?p=2`` and on past ``limit`` URLs).
Every entry lists, as ``xhtml:link`` alternates, each language its page exists
in and ``x-default`` (the first of them: the Chinese page when there is one),
so the alternates of every page of a set are the same, reciprocal set.

The apps define the sections (``LocalizedSitemap`` subclasses in
articles/sitemaps.py and faq/sitemaps.py); the root urlconf names them by
dotted path, since geo imports no app.

Built for 50,000 URLs a file: Django's ``i18n``/``alternates`` options pair
every item with every language in a Python list (every row loaded for each
page), make x-default the unprefixed URL and write ``zh-hans`` rather than
``zh-Hans``; so here one sitemap per language paginates in SQL, rows are read
as values in chunks, each language's URL pattern is reversed once per file
(not once per URL) and the file is written directly, not through a template
(which takes seconds for 50,000 URLs). URLs come from SITE_URL, never from
the request."""

import logging
import re
from datetime import UTC
from functools import cached_property
from xml.sax.saxutils import escape, quoteattr

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.urls.converters import SlugConverter
from django.utils import translation
from django.utils.module_loading import import_string

from geo.cache import reader_page
from geo.i18n import LANGUAGE_CODES
from geo.seo import absolute, hreflang_links

logger = logging.getLogger(__name__)

# Rows read from the database at a time while a sitemap file is written.
CHUNK_SIZE = 2000
# Stands for the slug in a URL reversed once per language.
PLACEHOLDER = "geo-sitemap-slug"
SLUG = re.compile(SlugConverter.regex)
XML_NAMESPACES = (
    'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml"'
)


class LocalizedSitemap(Sitemap):
    """One language's URLs of a section. Subclasses give ``url_name`` (the
    page, reversed with the item's ``slug`` unless ``slugged`` is False),
    ``items()`` (an ordered ``values()`` queryset, or a list, of dicts) and, as
    needed, ``languages(item)``, ``lastmod(item)``, ``get_latest_lastmod()``
    (one query, for the index) and ``next_change()``."""

    url_name: str
    slugged = True

    def __init__(self, language: str):
        self.language = language

    def languages(self, item) -> list[str]:
        """The languages the item's page exists in (``self.language`` among them)."""
        return LANGUAGE_CODES

    def lastmod(self, item):
        return None

    def get_latest_lastmod(self):
        return None

    def next_change(self):
        """When the section changes by itself (a scheduled publication), else None."""
        return None

    @cached_property
    def patterns(self) -> dict[str, tuple[str, str | None]]:
        """Per language, the page's path before and after the slug (after: None
        when the URL has no slug)."""
        patterns = {}
        for code in LANGUAGE_CODES:
            with translation.override(code):
                if self.slugged:
                    url = reverse(self.url_name, kwargs={"slug": PLACEHOLDER})
                    before, _placeholder, after = url.partition(PLACEHOLDER)
                    patterns[code] = (before, after)
                else:
                    patterns[code] = (reverse(self.url_name), None)
        return patterns

    def path(self, item, language: str) -> str | None:
        """The item's path in ``language``, as ``reverse()`` would give it; None
        for a slug the URL rules refuse (a row written behind the site's back)."""
        before, after = self.patterns[language]
        if after is None:
            return before
        slug = item["slug"]
        if not SLUG.fullmatch(slug or ""):
            logger.warning("No URL for %s with slug %r: fix the slug", self.url_name, slug)
            return None
        return before + slug + after

    def entry(self, item) -> dict | None:
        paths = {code: self.path(item, code) for code in self.languages(item)}
        if None in paths.values():
            return None
        return {
            "location": absolute(paths[self.language]),
            "lastmod": self.lastmod(item),
            "alternates": hreflang_links(paths),
        }

    def get_urls(self, page=1, site=None, protocol=None):
        """The entries of one page (the request's site and protocol are ignored)."""
        objects = self.paginator.page(page).object_list
        if isinstance(objects, QuerySet):
            objects = objects.iterator(chunk_size=CHUNK_SIZE)
        return [entry for entry in map(self.entry, objects) if entry is not None]


def urlset_xml(entries) -> str:
    """A sitemap file (the sitemaps.org schema with xhtml:link alternates)."""
    parts = [f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {XML_NAMESPACES}>\n']
    for entry in entries:
        parts.append(f"<url><loc>{escape(entry['location'])}</loc>")
        if entry["lastmod"] is not None:
            parts.append(f"<lastmod>{entry['lastmod'].astimezone(UTC).isoformat()}</lastmod>")
        parts.extend(
            f'<xhtml:link rel="alternate" hreflang={quoteattr(hreflang)} href={quoteattr(url)}/>'
            for hreflang, url in entry["alternates"]
        )
        parts.append("</url>\n")
    parts.append("</urlset>\n")
    return "".join(parts)


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

    @x_robots_tag
    def section(self, request, section):
        sitemap = self.sitemaps().get(section)
        if sitemap is None:
            raise Http404(f"No sitemap {section!r}")
        try:
            entries = sitemap.get_urls(page=request.GET.get("p", 1))
        except (EmptyPage, PageNotAnInteger) as error:
            raise Http404(str(error)) from error
        return HttpResponse(urlset_xml(entries), content_type="application/xml")

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
