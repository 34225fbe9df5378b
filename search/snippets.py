"""The words of a query found in a text, as (text, matched) pieces a template
prints escaped, wrapping the matched ones in <mark>. No HTML is built here."""

import re

SNIPPET_LENGTH = 160
_LATIN = re.compile(r"[a-z0-9]+")


def _pattern(terms: set[str]) -> re.Pattern | None:
    """A query word as it may appear in text: Chinese as written, an English
    stem with any ending (partnership finds partnerships)."""
    alternatives = []
    for term in sorted(terms, key=len, reverse=True):
        if _LATIN.fullmatch(term):
            alternatives.append(rf"(?<![^\W_]){re.escape(term)}[^\W_]*")
        else:
            alternatives.append(re.escape(term))
    if not alternatives:
        return None
    return re.compile("|".join(alternatives), re.IGNORECASE)


def pieces(text: str, terms: set[str], *, length: int | None = None) -> list[tuple[str, bool]]:
    """``text`` (cut to about ``length`` characters around the first match)
    in pieces, each marked as matched or not."""
    # Shown as written (NFKC would turn Chinese punctuation into ASCII).
    text = " ".join((text or "").split())
    pattern = _pattern(terms)
    matches = list(pattern.finditer(text)) if pattern else []
    prefix = suffix = ""
    if length and len(text) > length:
        start = max(0, matches[0].start() - length // 4) if matches else 0
        end = min(len(text), start + length)
        start = max(0, min(start, end - length))
        prefix = "…" if start else ""
        suffix = "…" if end < len(text) else ""
        text = text[start:end]
        matches = list(pattern.finditer(text)) if pattern else []
    result, at = [], 0
    for match in matches:
        if match.start() > at:
            result.append((text[at : match.start()], False))
        if result and result[-1][1] and match.start() == at:
            # Adjacent matched words (答案 + 引擎) make one highlight.
            result[-1] = (result[-1][0] + match.group(), True)
        else:
            result.append((match.group(), True))
        at = match.end()
    if at < len(text):
        result.append((text[at:], False))
    if prefix:
        result.insert(0, (prefix, False))
    if suffix:
        result.append((suffix, False))
    return result
