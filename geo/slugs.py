"""One slug policy for every name on the site: tags, entities, articles and
heading ids. Chinese is spelled out in pinyin (``生成式搜索`` → ``sheng-cheng-shi-sou-suo``)
so a purely Chinese name still gets a readable, ASCII, URL-safe slug."""

import hashlib

from django.core.validators import RegexValidator
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from pypinyin import lazy_pinyin


def slugify_any(text: str, max_length: int = 80) -> str:
    """An ASCII slug for any text; never empty for non-empty input."""
    text = (text or "").strip()
    if not text:
        return ""
    spelled = " ".join(lazy_pinyin(text, errors="default"))
    slug = slugify(spelled)[:max_length].strip("-")
    if not slug:
        # Scripts pypinyin cannot spell (emoji, Cyrillic…): a stable digest.
        slug = ("x-" + hashlib.sha1(text.encode()).hexdigest()[:10])[:max_length]
    return slug


def unique_slug(queryset, text: str, *, field: str = "slug", max_length: int = 80) -> str:
    """``slugify_any(text)``, suffixed ``-2``, ``-3``… until no row of ``queryset`` has it.

    Pass a queryset that already excludes the object being saved."""
    base = slugify_any(text, max_length=max_length - 4) or "item"
    candidate, n = base, 1
    while queryset.filter(**{field: candidate}).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


# The one rule for anything that goes into a URL: ASCII letters, digits, "-" and "_".
validate_ascii_slug = RegexValidator(
    r"^[-a-zA-Z0-9_]+\Z",
    _(
        "Use only Latin letters, digits, hyphens and underscores here (no Chinese); "
        "leave it empty to make one from the name in pinyin."
    ),
    code="invalid_slug",
)


class AsciiSlugField(models.SlugField):
    """A slug field with the site's one slug rule (and its clear message)."""

    default_validators = [validate_ascii_slug]

    def formfield(self, **kwargs):
        return super().formfield(
            **{"validators": [validate_ascii_slug], "allow_unicode": True, **kwargs}
        )
