"""Answer readiness and translation QA: what a translated, answer-first page
tends to get wrong, found before readers and answer engines do.

Warnings, never blockers: ``check(article)`` lists findings; the admin shows
them on the change page (computed afresh) and in the list (stored by the
change hook in ``Article.readiness``, so the list and its filter cost no
extra query per row)."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from articles import placement
from articles.bilingual import HEADINGS
from articles.models import Article
from geo.markdown import render_markdown_blocks

ZH, EN = "zh-hans", "en"
# Fields whose English side a reader of the English page meets, in page order.
ENGLISH_FIELDS = ("title", "summary", "insight", "body", "editor_note")
# Fields whose numbers must say the same thing in both languages.
NUMBER_FIELDS = ("title", "summary", "insight", "body", "editor_note")
# A BLUF's (and an FAQ answer's) last character when it ends a sentence.
SENTENCE_END = tuple("。！？!?.…”’\"')）】」")
CUT_OFF = ("…", "...", "-", "—", ",", "，", "、")
# Block labels the page prints itself: text that starts with one prints it twice.
LABELS = {
    "summary": ("AI 摘要", "AI摘要", "摘要", "BLUF", "AI summary", "Summary", "TL;DR", "TLDR"),
    "insight": ("核心洞察", "关键洞察", "Key insights", "Insights"),
    "editor_note": (
        "编辑点评",
        "编者按",
        "Editor's commentary",
        "Editor’s commentary",
        "Editor's note",
    ),
    "question": ("问：", "问:", "Q:", "Q："),
    "answer": ("答：", "答:", "A:", "A："),
}

MESSAGES = {
    "english-missing": _("English %(field)s is missing: the English page shows the Chinese text."),
    "faq-english-missing": _("FAQ “%(question)s” has no English %(part)s."),
    "table-english-missing": _("Entity table “%(caption)s” has no English %(part)s."),
    "summary-too-long": _(
        "The %(language)s BLUF has %(length)s characters, over the limit of %(limit)s."
    ),
    "summary-unfinished": _(
        "The %(language)s BLUF does not end a sentence: answer engines quote it whole."
    ),
    "summary-cut": _("The %(language)s BLUF looks cut off (it ends with “%(end)s”)."),
    "numbers-differ": _(
        "Numbers in the %(field)s disagree between the languages: %(zh_only)s only in Chinese, "
        "%(en_only)s only in English."
    ),
    "label-twice": _(
        "The %(language)s %(field)s starts with “%(label)s”, which the page already prints "
        "as its label."
    ),
    "no-faq": _("No FAQ: answer engines quote question-and-answer pairs."),
    "faq-answer-long": _(
        "The %(language)s answer to “%(question)s” has %(length)s characters; over %(limit)s "
        "it is too long to quote."
    ),
    "entity-no-wikidata": _(
        "Entity “%(entity)s” has no Wikidata id, so answer engines cannot tell which one it is."
    ),
    "cover-alt-missing": _("The cover has no %(language)s alt text."),
    "headings-differ": _(
        "The Chinese body has %(zh)s section headings and the English %(en)s: the bilingual "
        "view cannot pair the sections."
    ),
    "marker-unknown": _(
        "The %(language)s body places entity table %(number)s, but the article has %(count)s."
    ),
}


@dataclass(frozen=True)
class Finding:
    """One warning: a code, and the details its message names (JSON-safe)."""

    code: str
    details: tuple[tuple[str, str], ...] = ()

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code] % {key: _localise(value) for key, value in self.details})

    def as_json(self) -> dict:
        return {"code": self.code, "details": dict(self.details)}

    @classmethod
    def from_json(cls, data: dict) -> "Finding":
        return cls(data["code"], tuple(data.get("details", {}).items()))


def check(article) -> list[Finding]:
    """Every readiness finding for ``article`` (saved, with its FAQ and tables)."""
    faq = list(article.faq_items.all()) if hasattr(article, "faq_items") else []
    tables = list(article.entity_tables.prefetch_related("rows__entity"))
    findings = [
        *_english_missing(article, faq, tables),
        *_summary(article),
        *_numbers(article),
        *_labels_twice(article, faq),
        *_faq(faq),
        *_entities(tables),
        *_cover(article),
        *_headings(article),
        *_markers(article, tables),
    ]
    return findings


def store(article) -> list[Finding]:
    """Remember ``article``'s findings for the admin list (no save(): derived data)."""
    findings = check(article)
    Article.objects.filter(pk=article.pk).update(readiness=[f.as_json() for f in findings])
    return findings


def refresh_changed(sender, change, **kwargs) -> None:
    """Change-hook subscriber: re-check the changed articles, once their FAQ
    and tables are saved too (the hook runs after commit). A site-wide change
    (an entity edit) can only clear a missing Wikidata id: re-check those."""
    if change.site_wide:
        articles = Article.objects.filter(readiness__icontains="entity-no-wikidata")
    else:
        articles = Article.objects.filter(pk__in=change.article_ids)
    for article in articles:
        store(article)


def stored(article) -> list[Finding]:
    return [Finding.from_json(data) for data in article.readiness or []]


# Helpers -------------------------------------------------------------------


def _text(obj, field: str, language: str) -> str:
    return (getattr(obj, build_localized_fieldname(field, language), "") or "").strip()


def _finding(code: str, **details) -> Finding:
    return Finding(code, tuple((key, str(value)) for key, value in details.items()))


# Message details that are names of things, translated when the message is shown.
_FIELD_NAMES = {
    "title": _("title"),
    "summary": _("BLUF"),
    "insight": _("key insights"),
    "body": _("body"),
    "editor_note": _("editor's commentary"),
    "question": _("question"),
    "answer": _("answer"),
    "caption": _("caption"),
    "role": _("role"),
    "note": _("key change"),
    "labels": _("column labels"),
}
_LANGUAGE_NAMES = {ZH: _("Chinese"), EN: _("English")}


def _localise(value: str) -> str:
    name = _FIELD_NAMES.get(value) or _LANGUAGE_NAMES.get(value)
    return str(name) if name is not None else value


def _english_missing(article, faq, tables):
    for field in ENGLISH_FIELDS:
        if _text(article, field, ZH) and not _text(article, field, EN):
            yield _finding("english-missing", field=field)
    for item in faq:
        for part in ("question", "answer"):
            if _text(item, part, ZH) and not _text(item, part, EN):
                yield _finding(
                    "faq-english-missing", question=_text(item, "question", ZH), part=part
                )
    for table in tables:
        caption = _text(table, "caption", ZH) or _text(table, "caption", EN)
        if _text(table, "caption", ZH) and not _text(table, "caption", EN):
            yield _finding("table-english-missing", caption=caption, part="caption")
        labels = ("entity_label", "role_label", "note_label")
        if any(_text(table, f, ZH) and not _text(table, f, EN) for f in labels):
            yield _finding("table-english-missing", caption=caption, part="labels")
        for part in ("role", "note"):
            if any(_text(row, part, ZH) and not _text(row, part, EN) for row in table.rows.all()):
                yield _finding("table-english-missing", caption=caption, part=part)


def _summary(article):
    limit = settings.SUMMARY_MAX_LENGTH
    for language in (ZH, EN):
        summary = _text(article, "summary", language)
        if not summary:
            continue
        if len(summary) > limit:
            yield _finding("summary-too-long", language=language, length=len(summary), limit=limit)
        cut = next((end for end in CUT_OFF if summary.endswith(end)), None)
        if cut:
            yield _finding("summary-cut", language=language, end=cut)
        elif not summary.endswith(SENTENCE_END):
            yield _finding("summary-unfinished", language=language)


def _numbers(article):
    for field in NUMBER_FIELDS:
        zh, en = _text(article, field, ZH), _text(article, field, EN)
        if not (zh and en):
            continue
        zh_numbers, en_numbers = numbers_in(zh, ZH), numbers_in(en, EN)
        zh_only = [shown for value, shown in zh_numbers.items() if value not in en_numbers]
        en_only = [shown for value, shown in en_numbers.items() if value not in zh_numbers]
        if zh_only or en_only:
            yield _finding(
                "numbers-differ",
                field=field,
                zh_only=", ".join(zh_only) or "—",
                en_only=", ".join(en_only) or "—",
            )


def _labels_twice(article, faq):
    for field in ("summary", "insight", "editor_note"):
        for language in (ZH, EN):
            label = _leading_label(_text(article, field, language), field)
            if label:
                yield _finding("label-twice", language=language, field=field, label=label)
    for item in faq:
        for part in ("question", "answer"):
            for language in (ZH, EN):
                label = _leading_label(_text(item, part, language), part)
                if label:
                    yield _finding("label-twice", language=language, field=part, label=label)


def _leading_label(text: str, field: str) -> str | None:
    # A label is the text's first words, followed by a colon, a line end or a dash.
    plain = text.lstrip("#*>-_ \t")
    for label in LABELS[field]:
        if plain.casefold().startswith(label.casefold()):
            rest = plain[len(label) :]
            if label.endswith(("：", ":")) or not rest or rest[0] in ":：\n—-｜|":
                return plain[: len(label)]
    return None


def _faq(faq):
    if not faq:
        yield _finding("no-faq")
        return
    limit = settings.FAQ_ANSWER_QUOTABLE_LENGTH
    for item in faq:
        for language in (ZH, EN):
            answer = _text(item, "answer", language)
            if len(answer) > limit:
                question = _text(item, "question", language) or _text(item, "question", ZH)
                yield _finding(
                    "faq-answer-long",
                    language=language,
                    question=question,
                    length=len(answer),
                    limit=limit,
                )


def _entities(tables):
    seen = set()
    for table in tables:
        for row in table.rows.all():
            entity = row.entity
            if not entity.wikidata_id and entity.pk not in seen:
                seen.add(entity.pk)
                yield _finding(
                    "entity-no-wikidata", entity=_text(entity, "name", ZH) or str(entity)
                )


def _cover(article):
    if not article.cover:
        return
    for language in (ZH, EN):
        if not _text(article, "cover_alt", language):
            yield _finding("cover-alt-missing", language=language)


def _headings(article):
    zh, en = _text(article, "body", ZH), _text(article, "body", EN)
    if not (zh and en):
        return
    counts = [sum(block.tag in HEADINGS for block in render_markdown_blocks(t)) for t in (zh, en)]
    if counts[0] != counts[1]:
        yield _finding("headings-differ", zh=counts[0], en=counts[1])


def _markers(article, tables):
    for language in (ZH, EN):
        for number in placement.unknown_markers(_text(article, "body", language), tables):
            yield _finding("marker-unknown", language=language, number=number, count=len(tables))


# Numbers -------------------------------------------------------------------

# Chinese and English scale words, as multipliers.
ZH_UNITS = {"万亿": 10**12, "亿": 10**8, "万": 10**4, "千": 10**3}
EN_UNITS = {
    "trillion": 10**12,
    "billion": 10**9,
    "bn": 10**9,
    "million": 10**6,
    "mn": 10**6,
    "m": 10**6,
    "thousand": 10**3,
    "k": 10**3,
}
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
# Parts of dates other than the year, which the two languages write differently.
_DATE_PARTS = {
    ZH: re.compile(r"\d{1,2}\s*(?:月|日|号)"),
    EN: re.compile(
        rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\b",
        re.IGNORECASE,
    ),
}
# Markdown that holds numbers which are not the text's: list numbers, link targets.
_NOT_TEXT = re.compile(r"^\s*\d+[.)]\s+|\]\([^)]*\)|https?://\S+", re.MULTILINE)
_NUMBER = re.compile(
    r"(?<![A-Za-z0-9.\-])(\d+(?:,\d{3})*(?:\.\d+)?)"  # not inside a name such as GPT-4 or H100
    r"\s*(%|％|percent\b|per cent\b|万亿|亿|万|千|"
    r"trillion\b|billion\b|million\b|thousand\b|bn\b|mn\b|m\b|k\b)?"
    r"(?![A-Za-z\d])",
    re.IGNORECASE,
)


def numbers_in(text: str, language: str) -> dict[tuple[str, float], str]:
    """The amounts, percentages and years ``text`` states, normalised (5亿 and
    500 million are the same number), each with how the text wrote it."""
    text = _DATE_PARTS[language].sub(" ", _NOT_TEXT.sub(" ", text))
    found = {}
    for match in _NUMBER.finditer(text):
        digits, unit = match[1], (match[2] or "").lower()
        value = float(digits.replace(",", ""))
        if unit in ("%", "％", "percent", "per cent"):
            key = ("percent", round(value, 6))
        else:
            value *= ZH_UNITS.get(unit, 1) if language == ZH else EN_UNITS.get(unit, 1)
            key = ("number", round(value, 6))
        found.setdefault(key, match[0].strip())
    return found
