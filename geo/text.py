"""Shortening reader-facing text without cutting words or sentences."""

import re

from geo.render_memo import memoised_by_text

ELLIPSIS = "…"
# Sentence ends in Chinese and English: 。！？ (no space needed) or .!? then space.
_SENTENCE_END = re.compile(r"(?<=[。！？!?])|(?<=[.;；])(?=\s)")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def sentences(text: str) -> list[str]:
    return [part for part in _SENTENCE_END.split(text.strip()) if part.strip()]


def shorten(text: str, limit: int) -> str:
    """``text`` unchanged if it fits; otherwise whole sentences that fit, or
    failing that whole words (CJK may break between characters) plus "…"."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    kept = ""
    for sentence in sentences(text):
        if len(kept) + len(sentence) > limit:
            break
        kept += sentence
    if kept.strip():
        return kept.strip()
    return cut_at_word(text, limit - 1) + ELLIPSIS


def cut_at_word(text: str, limit: int) -> str:
    """At most ``limit`` characters, ending at a word boundary."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    at_boundary = text[limit].isspace() or _CJK.match(text[limit - 1]) or _CJK.match(text[limit])
    if not at_boundary and head.rfind(" ") > 0:
        head = head[: head.rfind(" ")]
    return head.rstrip(" ,;:，、；：-—")


def fits_whole_sentences(text: str, limit: int) -> bool:
    """Would ``shorten(text, limit)`` keep at least one whole sentence?"""
    return not shorten(text, limit).endswith(ELLIPSIS)


@memoised_by_text  # counting a long body's characters costs about a millisecond
def reading_minutes(text: str, language: str) -> int:
    """Rough reading time: ~400 Chinese characters or ~220 English words a minute."""
    if language.startswith("zh"):
        units, speed = len(_CJK.findall(text)) + len(text.split()) // 2, 400
    else:
        units, speed = len(text.split()), 220
    return max(1, round(units / speed))
