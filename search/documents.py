"""What search reads of an article in one language: its parts, by weight."""

import re
from dataclasses import dataclass

from modeltranslation.utils import build_localized_fieldname

from articles.models import Article
from geo.i18n import LANGUAGE_CODES

# The parts of a document, most important first, with their weight class
# (PostgreSQL's A–D; SQLite's bm25 column weights follow the same order).
PARTS = {
    "title": "A",
    "names": "A",  # tag and entity names
    "summary": "B",
    "insight": "B",
    "editor_note": "C",
    "faq": "C",
    "body": "D",
}

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKER = re.compile(r"^\s*\[\[entities:\d+\]\]\s*$", re.MULTILINE)
_SYNTAX = re.compile(r"^\s{0,3}(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|>\s?)|[*_`|~]+|^[-: |]+$", re.M)


def plain(markdown: str) -> str:
    """Markdown as the words a reader sees (link text, no URLs or markup)."""
    text = _MARKER.sub("", markdown or "")
    text = _LINK.sub(r"\1", text)
    return _SYNTAX.sub(" ", text)


@dataclass(frozen=True)
class Document:
    article_id: int
    language: str
    published_at: object
    parts: dict[str, str]


def searchable(article: Article) -> bool:
    """Published articles are indexed, scheduled ones too: the query checks
    the publish time, so they appear when due without anyone re-indexing."""
    return article.status == Article.Status.PUBLISHED and article.published_at is not None


def articles_for_indexing(ids):
    return Article.objects.filter(pk__in=ids).prefetch_related(
        "faq_items", "taggedarticle_set__tag"
    )


def documents(article: Article) -> list[Document]:
    """One document per language the article can be read in."""
    found = []
    for language in article.readable_languages():

        def text(obj, field, language=language):
            return getattr(obj, build_localized_fieldname(field, language)) or ""

        other = [code for code in LANGUAGE_CODES if code != language]
        names = []
        for link in article.taggedarticle_set.all():
            names.append(
                text(link.tag, "name")
                or next(
                    (
                        text(link.tag, "name", code)
                        for code in other
                        if text(link.tag, "name", code)
                    ),
                    "",
                )
            )
        faq = [
            f"{text(item, 'question')}\n{plain(text(item, 'answer'))}"
            for item in article.faq_items.all()
        ]
        found.append(
            Document(
                article_id=article.pk,
                language=language,
                published_at=article.published_at,
                parts={
                    "title": text(article, "title"),
                    "names": " · ".join(name for name in names if name),
                    "summary": text(article, "summary"),
                    "insight": plain(text(article, "insight")),
                    "editor_note": plain(text(article, "editor_note")),
                    "faq": "\n".join(faq),
                    "body": plain(text(article, "body")),
                },
            )
        )
    return found


def tag_names(article: Article) -> list[str]:
    """Names the segmenter must know to index this article (every language)."""
    return [
        getattr(link.tag, build_localized_fieldname("name", code)) or ""
        for link in article.taggedarticle_set.all()
        for code in LANGUAGE_CODES
    ]


def snippet_text(article: Article, language: str) -> str:
    """The text a result's snippet is cut from (the title is shown apart)."""
    fields = ("summary", "insight", "body", "editor_note")
    texts = [getattr(article, build_localized_fieldname(f, language)) or "" for f in fields]
    return "\n".join(plain(text) for text in texts if text)
