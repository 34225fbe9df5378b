"""Words for the index and for queries, the same way on both sides.

Chinese has no spaces: rjieba (the Rust jieba) cuts it into words in search
mode, which also yields the shorter words inside a long one (多云战略 gives
多云, 战略 and 多云战略), so a query for a part finds the whole. Entity and
tag names join the segmenter's dictionary, so 微软Azure stays one word too.
Latin words are lower-cased and stemmed (Snowball English: partnerships →
partnership). A word is letters and digits only; punctuation and FTS or SQL
syntax never reach a query as anything but plain words.

The dictionary loads once per process, on first use (rjieba: ~0.2 s; jieba
would take ~1 s; see README), never per request."""

import re
import threading
import unicodedata
from functools import lru_cache

import rjieba
import snowballstemmer

# Letters and digits (any script), no underscore: the same units SQLite's
# unicode61 tokenizer keeps, so both backends see the same words.
_WORD = re.compile(r"[^\W_]+")
_LATIN = re.compile(r"[a-z0-9]+")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SCRIPT_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[^\W_\u3400-\u9fff\uf900-\ufaff]+")

_lock = threading.Lock()
_loaded = False
_stemmer = snowballstemmer.stemmer("english")


def _ensure_dictionary() -> None:
    """Load the segmenter's dictionary and our names once per process."""
    global _loaded
    if _loaded:
        return
    with _lock:
        if _loaded:
            return
        rjieba.cut("初始化")  # builds the default dictionary
        _add(_known_names())
        _loaded = True


def _known_names() -> list[str]:
    """Tag (hence entity) names in every language. Read lazily: a process that
    never searches never queries them."""
    from django.db import DatabaseError

    from articles.models import Entity, Tag
    from geo.i18n import LANGUAGE_CODES

    names = []
    try:
        for code in LANGUAGE_CODES:
            column = f"name_{code.replace('-', '_')}"
            names += Tag.objects.exclude(**{f"{column}__isnull": True}).values_list(
                column, flat=True
            )
            names += Entity.objects.exclude(**{f"{column}__isnull": True}).values_list(
                column, flat=True
            )
    except DatabaseError:  # no tables yet (before migrate)
        return []
    return names


def _add(names) -> None:
    for name in names:
        # Only names with Chinese in them need the segmenter's help.
        if name and _HAN.search(name):
            rjieba.add_word(name.strip(), None, None)


def add_names(names) -> None:
    """New tag or entity names (an article being indexed): this process's
    segmenter learns them; others keep finding them by their parts."""
    _ensure_dictionary()
    with _lock:
        _add(names)
    _segment.cache_clear()


@lru_cache(maxsize=50_000)
def _normalise(word: str) -> str:
    word = unicodedata.normalize("NFKC", word).lower()
    if _LATIN.fullmatch(word) and not word.isdigit():
        return _stemmer.stemWord(word)
    return word


def _pieces(text: str) -> list[str]:
    """Each segment of ``text`` split into letter-and-digit words."""
    words = []
    for segment in rjieba.cut_for_search(text):
        for word in _WORD.findall(segment):
            words.append(word)
            # A mixed name (微软Azure) is also found by its Latin part.
            if _HAN.search(word) and _SCRIPT_RUN.fullmatch(word) is None:
                words += [run for run in _SCRIPT_RUN.findall(word) if not _HAN.search(run)]
    return words


def index_words(text: str) -> list[str]:
    """The words of ``text`` to store in the index, in order."""
    if not text:
        return []
    _ensure_dictionary()
    return [_normalise(word) for word in _pieces(unicodedata.normalize("NFKC", text))]


@lru_cache(maxsize=1024)
def _segment(text: str) -> tuple[tuple[str, ...], ...]:
    groups = []
    for word in rjieba.cut(text):
        parts = _WORD.findall(word)
        if not parts:
            continue
        whole = _normalise("".join(parts))
        # The shorter dictionary words inside a long one (search mode's extras).
        inner = [
            _normalise(piece)
            for piece in _pieces(word)
            if _normalise(piece) != whole and len(piece) > 1
        ]
        groups.append((whole, *inner))
    return tuple(groups)


def query_groups(text: str) -> tuple[tuple[str, ...], ...]:
    """The query as groups: each is a word and, after it, the shorter words
    inside it. A group matches a document that has the word, or all of its
    inner words (an index built before the word joined the dictionary)."""
    text = unicodedata.normalize("NFKC", text or "")
    if not _WORD.search(text):
        return ()
    _ensure_dictionary()
    return _segment(text)


def highlight_terms(text: str) -> set[str]:
    """Every normalised word a query can match, for highlighting."""
    return {word for group in query_groups(text) for word in group}
