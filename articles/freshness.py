"""Translation freshness: which side of a translated field was edited last.

An article keeps, per translated field, when each language's text last
changed (``Article.translation_edited``)::

    {"body": {"zh_hans": "2026-11-01T08:00:00+00:00", "en": "...", "dismissed": "..."}}

A field is *stale* in one language when both sides have text and the other
side changed after it, unless an editor dismissed the flag after that change.
Editing the stale side counts as dismissing: the translation caught up.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from modeltranslation.utils import build_localized_fieldname

from geo.i18n import LANGUAGE_CODES

SUFFIXES = {code: build_localized_fieldname("", code).lstrip("_") for code in LANGUAGE_CODES}


@dataclass(frozen=True)
class StaleField:
    field: str  # e.g. "body"
    language: str  # the side that may be out of date, e.g. "en"
    changed_language: str  # the side that changed, e.g. "zh-hans"
    changed_at: datetime


def tracked_columns(fields):
    """``{"title_zh_hans": ("title", "zh-hans"), ...}`` for the given fields."""
    return {
        build_localized_fieldname(field, code): (field, code)
        for field in fields
        for code in LANGUAGE_CODES
    }


def _stamp(when: datetime) -> str:
    # One fixed format, so stamps compare correctly as strings.
    return when.astimezone(UTC).isoformat(timespec="microseconds")


def record_edits(article, edited_columns, when: datetime) -> None:
    columns = tracked_columns(article.TRANSLATED_FIELDS)
    stamps = article.translation_edited
    for column in edited_columns:
        field, code = columns[column]
        sides = stamps.setdefault(field, {})
        mine = sides.get(SUFFIXES[code]) or ""
        others = [sides.get(SUFFIXES[other]) or "" for other in LANGUAGE_CODES if other != code]
        if any(other > mine and other > sides.get("dismissed", "") for other in others):
            # Editing the side that was behind is the translation catching up,
            # not a new change the other side must follow.
            sides["dismissed"] = _stamp(when)
        sides[SUFFIXES[code]] = _stamp(when)


def dismiss(article, field: str, when: datetime) -> None:
    article.translation_edited.setdefault(field, {})["dismissed"] = _stamp(when)


def stale_fields(article) -> list[StaleField]:
    stale = []
    for field, stamps in article.translation_edited.items():
        if field not in article.TRANSLATED_FIELDS:
            continue
        sides = {code: stamps.get(SUFFIXES[code]) for code in LANGUAGE_CODES}
        if not all(sides.values()):
            continue
        if not all(
            getattr(article, build_localized_fieldname(field, code)) for code in LANGUAGE_CODES
        ):
            continue  # a missing translation is reported as missing, not stale
        newest = max(LANGUAGE_CODES, key=lambda code: sides[code])
        oldest = min(LANGUAGE_CODES, key=lambda code: sides[code])
        changed_at = sides[newest]
        if changed_at > sides[oldest] and changed_at > stamps.get("dismissed", ""):
            stale.append(StaleField(field, oldest, newest, datetime.fromisoformat(changed_at)))
    return sorted(stale, key=lambda s: article.TRANSLATED_FIELDS.index(s.field))
