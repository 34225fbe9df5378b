"""双语对照: pairing the Chinese and English versions of a Markdown text.

Paragraph by paragraph when both sides have the same block structure,
section by section (split at headings) when only the sections line up,
and whole text after whole text otherwise."""

from dataclasses import dataclass

from geo.markdown import Block, render_markdown_blocks

HEADINGS = {"h2", "h3", "h4", "h5", "h6"}


@dataclass(frozen=True)
class Pair:
    zh: list[Block]
    en: list[Block]


def pair_markdown(zh_text: str, en_text: str, *, anchored: str = "zh-hans") -> list[Pair]:
    """The pairs; only the ``anchored`` language's headings keep their ids
    (the page's language), so the page has each id once and links to
    ``#heading`` from the page in that language still land."""
    zh = render_markdown_blocks(zh_text, anchors=anchored == "zh-hans")
    en = render_markdown_blocks(en_text, anchors=anchored == "en")
    if not zh or not en:
        return [Pair(zh, en)] if zh or en else []
    if [b.tag for b in zh] == [b.tag for b in en]:
        return [Pair([a], [b]) for a, b in zip(zh, en, strict=True)]
    zh_sections, en_sections = _sections(zh), _sections(en)
    if len(zh_sections) == len(en_sections):
        return [Pair(a, b) for a, b in zip(zh_sections, en_sections, strict=True)]
    return [Pair(zh, en)]


def _sections(blocks: list[Block]) -> list[list[Block]]:
    sections: list[list[Block]] = []
    for block in blocks:
        if not sections or block.tag in HEADINGS:
            sections.append([])
        sections[-1].append(block)
    return sections
