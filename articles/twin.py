"""The Markdown twin of an article: the same text as its page, for answer
engines and LLM tools (``/<lang>/articles/<slug>.md``, or the article URL
with ``Accept: text/markdown``). Same blocks, same order and the same anchor
ids as the HTML, so a quote from the twin links back to the exact claim."""

import json

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from articles.models import Article
from articles.placement import PlacedTable, numbered, unplaced
from geo.i18n import html_lang, translated_text, url_in
from geo.markdown import entities_marker_lines, markdown_with_heading_ids
from geo.seo import absolute

# Headings and labels (marked here: gettext cannot read f-strings).
AI_SUMMARY_BLUF = gettext_noop("AI summary (BLUF)")
KEY_INSIGHTS = gettext_noop("Key insights")
CORRECTION = gettext_noop("Correction")
ENTITIES = gettext_noop("Entities")
EDITOR_S_COMMENTARY = gettext_noop("Editor's commentary")
FAQ = gettext_noop("FAQ")
SOURCE = gettext_noop("Source")


def article_urls(article: Article, *, twins: bool = False) -> dict[str, str]:
    """The article's absolute page URLs (or its twins') by language it is readable in."""
    url_of = article.get_twin_url if twins else article.get_absolute_url
    return {code: absolute(url_in(code, url_of)) for code in article.readable_languages()}


def shown_language(article: Article, language: str) -> str:
    """The language a page in ``language`` shows: its own, or the article's first."""
    readable = article.readable_languages()
    return language if language in readable else readable[0]


def licence_line(site_name: str, year: int) -> str:
    return _(
        "© %(year)s %(site)s. All rights reserved. Quoting with a link to the source is "
        "welcome; this is not professional advice."
    ) % {"year": year, "site": site_name}


def article_markdown(article: Article, language: str, *, site_name: str) -> str:
    """The twin in ``language`` (the article's other language if it has not
    this one, as its HTML page does). ``article`` comes from ``for_detail()``."""
    shown = shown_language(article, language)
    with translation.override(shown):
        return "\n".join(_sections(article, shown, site_name)).rstrip() + "\n"


def front_matter(values: dict) -> str:
    """YAML front matter, written directly: strings as JSON strings (which are
    YAML too), one level of nesting. yaml.safe_dump cost a quarter of a twin."""
    lines = []
    for key, value in values.items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines += [
                f"  {name}: {json.dumps(item, ensure_ascii=False)}" for name, item in value.items()
            ]
        else:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines)


def _text(obj, field, language) -> str:
    return translated_text(obj, field, language).value.strip()


def _sections(article: Article, language: str, site_name: str):
    pages = article_urls(article)
    url = pages[language]
    front = {
        "title": _text(article, "title", language),
        "language": html_lang(language),
        "url": url,
        "translations": {html_lang(code): link for code, link in pages.items() if code != language},
        "datePublished": article.published_at.isoformat(),
        "dateModified": article.date_modified.isoformat(),
        "licence": licence_line(site_name, article.published_at.year),
    }
    if not front["translations"]:
        del front["translations"]
    yield "---"
    yield front_matter(front)
    yield "---\n"
    yield f"# {front['title']}\n"
    for update in article.updates.all():
        yield f"- {update.get_kind_display()} {update.at.date().isoformat()}: {_text(update, 'note', language)}"
    if article.updates.all():
        yield ""
    yield f"## {_(AI_SUMMARY_BLUF)} {{#summary}}\n"
    yield _text(article, "summary", language) + "\n"
    if insight := _text(article, "insight", language):
        yield f"## {_(KEY_INSIGHTS)} {{#insights}}\n"
        yield insight + "\n"
    if (correction := _text(article, "correction_note", language)) and article.corrected_at:
        yield f"> **{_(CORRECTION)}** ({article.corrected_at.date().isoformat()}): {correction}\n"
    tables = list(article.entity_tables.all())
    placed: set[int] = set()
    yield _body(_text(article, "body", language), tables, language, placed) + "\n"
    if rest := unplaced(tables, placed):
        yield f"## {_(ENTITIES)} {{#entities}}\n"
        for table in rest:
            yield from _entity_table(table, language)
    if note := _text(article, "editor_note", language):
        yield f"## {_(EDITOR_S_COMMENTARY)} {{#editor-note}}\n"
        yield note + "\n"
    items = [item for item in article.faq_items.all() if _text(item, "question", language)]
    if items:
        yield f"## {_(FAQ)} {{#faq}}\n"
        for item in items:
            yield f"### {_text(item, 'question', language)} {{#{item.anchor}}}\n"
            yield _text(item, "answer", language) + "\n"
    yield "---\n"
    yield f"{_(SOURCE)}: {url}\n"
    yield licence_line(site_name, article.published_at.year)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _body(text: str, tables: list, language: str, placed: set[int]) -> str:
    """The body with each ``[[entities:N]]`` paragraph replaced by table N
    (as in the HTML: nothing for an unknown or already placed table)."""
    lines = markdown_with_heading_ids(text).split("\n")
    by_number = numbered(tables)
    markers = entities_marker_lines(text)
    shown = {}
    for first, _end, number in markers:  # decided in reading order
        if number in by_number and number not in placed:
            placed.add(number)
            shown[first] = number
    for first, end, _number in reversed(markers):
        number = shown.get(first)
        placed_table = PlacedTable(by_number[number], number) if number else None
        # Replaced from the end, so the earlier line numbers stay right.
        lines[first:end] = list(_entity_table(placed_table, language)) if placed_table else []
    return "\n".join(lines)


def _entity_table(placed: PlacedTable, language):
    table = placed.table
    yield f"### {_cell(_text(table, 'caption', language))} {{#{placed.anchor}}}\n"
    labels = [
        _text(table, "entity_label", language) or _("Entity"),
        _text(table, "role_label", language) or _("Role"),
        _text(table, "note_label", language) or _("Key change"),
    ]
    yield "| " + " | ".join(map(_cell, labels)) + " |"
    yield "| --- | --- | --- |"
    for row in table.rows.all():
        name = _cell(_text(row.entity, "name", language))
        if path := row.entity.get_absolute_url():
            name = f"[{name}]({absolute(path)})"
        yield f"| {name} | {_cell(_text(row, 'role', language))} | {_cell(_text(row, 'note', language))} |"
    yield ""
