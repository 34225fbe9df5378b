"""Language helpers shared by views, templates and feeds."""

from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.utils import translation
from django.utils.safestring import SafeString
from modeltranslation.utils import build_localized_fieldname

from geo.markdown import render_markdown

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
# Django's language codes as HTML lang / hreflang values (BCP 47).
HTML_LANG = {"zh-hans": "zh-Hans", "en": "en"}


def html_lang(code: str) -> str:
    return HTML_LANG.get(code, code)


def url_in(language: str, url_of) -> str:
    """``url_of()`` (a ``get_absolute_url``-like callable) with ``language`` active."""
    with translation.override(language):
        return url_of()


def fallback_chain(code: str) -> list[str]:
    fallbacks = settings.MODELTRANSLATION_FALLBACK_LANGUAGES
    return [code, *fallbacks.get(code, fallbacks["default"])]


@dataclass(frozen=True)
class Text:
    """A translated value and the language it is really in (which differs
    from the page's when a missing translation fell back)."""

    value: str
    language: str

    def __str__(self):
        return self.value

    def __bool__(self):
        return bool(self.value)

    @property
    def lang(self) -> str:
        return html_lang(self.language)

    @cached_property
    def html(self) -> SafeString:
        return render_markdown(self.value)


def translated_text(obj, field: str, language: str, *, fallback: bool = True) -> Text:
    chain = fallback_chain(language) if fallback else [language]
    for code in dict.fromkeys(chain):
        value = getattr(obj, build_localized_fieldname(field, code), "") or ""
        if value:
            return Text(value, code)
    return Text("", language)
