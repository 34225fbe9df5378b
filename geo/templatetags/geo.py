from urllib.parse import urlsplit

from django import template
from django.utils.timezone import localtime
from django.utils.translation import get_language

from geo import i18n, seo
from geo.markdown import render_markdown
from geo.text import shorten as text_shorten

register = template.Library()


@register.simple_tag(takes_context=True)
def tr(context, obj, field):
    """``{% tr article "summary" as summary %}``: the field in the active
    language, with the language it is really in (``summary.lang``). In the
    bilingual view a missing translation stays missing instead of falling back."""
    return i18n.translated_text(obj, field, get_language(), fallback=not context.get("bilingual"))


@register.simple_tag
def tr_any(obj, field):
    """``tr`` that falls back even in the bilingual view: for what must never
    be empty (an entity's name, the text of a link)."""
    return i18n.translated_text(obj, field, get_language())


@register.filter
def markdown(text):
    return render_markdown(str(text or ""))


@register.filter
def absolute(path):
    """An absolute URL from SITE_URL (never the request's host)."""
    return seo.absolute(str(path or ""))


@register.filter
def html_lang(code):
    return i18n.html_lang(code)


@register.filter
def shorten(text, limit):
    """Shorten at a sentence, else a word boundary; "…" only when shortened."""
    return text_shorten(str(text or ""), int(limit))


@register.filter
def iso_datetime(value):
    """A ``<time datetime>`` value: local time, whole seconds, with offset."""
    if not value:
        return ""
    return localtime(value).replace(microsecond=0).isoformat()


@register.filter
def web_url(url):
    """``url`` if it is an http(s) address, else "" (never a javascript: link)."""
    url = str(url or "")
    return url if urlsplit(url).scheme in ("http", "https") else ""
