"""Head metadata of a page: title, description, canonical and hreflang URLs,
Open Graph / Twitter / Weibo tags. Views build a PageMeta; base.html prints it.
Every URL is absolute from SITE_URL, never from the request's Host header."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.utils import translation

from geo.i18n import LANGUAGE_CODES, html_lang
from geo.text import shorten


def absolute(path: str) -> str:
    return settings.SITE_URL + path if path.startswith("/") else path


def alternates(path_for: Callable[[], str], languages=LANGUAGE_CODES) -> list[tuple[str, str]]:
    """``[(hreflang, url), …, ("x-default", url)]``; ``path_for`` is called with
    each language active, so ``reverse()`` inside it gives that language's path."""
    paths = {}
    for code in languages:
        with translation.override(code):
            paths[code] = path_for()
    return hreflang_links(paths)


def hreflang_links(paths: dict[str, str]) -> list[tuple[str, str]]:
    """``{language code: path}`` as hreflang links; x-default is the first
    language's (the Chinese page when there is one)."""
    links = [(html_lang(code), absolute(path)) for code, path in paths.items()]
    if links:
        links.append(("x-default", links[0][1]))
    return links


@dataclass
class PageMeta:
    title: str
    description: str = ""
    canonical: str = ""
    alternates: list[tuple[str, str]] = field(default_factory=list)
    og_type: str = "website"
    image: str = ""
    image_alt: str = ""
    published: datetime | None = None
    modified: datetime | None = None
    noindex: bool = False

    def __post_init__(self):
        self.description = shorten(self.description, settings.META_DESCRIPTION_LENGTH)
        self.canonical = absolute(self.canonical)
        if self.image:
            self.image = absolute(self.image)
