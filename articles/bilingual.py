"""双语对照: pairing the Chinese and English versions of a Markdown text.

Paragraph by paragraph when both sides have the same block structure,
section by section (split at headings) when only the sections line up, and
otherwise content blocks aligned by their kinds (difflib over paragraph/list/
table sequences) with each side's headings before the block they introduce,
so a text with English headings for only some sections still alternates
zh/en block by block instead of showing one whole text after the other.
Entity-table markers (``[[entities:N]]``) become the tables themselves."""

from dataclasses import dataclass
from difflib import SequenceMatcher

from articles.placement import PlacedTable, place, unplaced
from geo.markdown import Block, render_markdown_blocks

HEADINGS = {"h2", "h3", "h4", "h5", "h6"}


@dataclass(frozen=True)
class Pair:
    zh: list  # Blocks (or PlacedTables in a body)
    en: list


@dataclass(frozen=True)
class BilingualBody:
    pairs: list[Pair]
    # Tables no marker placed, by language (shown after the body).
    unplaced: dict[str, list[PlacedTable]]


def pair_markdown(zh_text: str, en_text: str, *, anchored: str = "zh-hans") -> list[Pair]:
    """The pairs; only the ``anchored`` language's headings keep their ids
    (the page's language), so the page has each id once and links to
    ``#heading`` from the page in that language still land."""
    zh = render_markdown_blocks(zh_text, anchors=anchored == "zh-hans")
    en = render_markdown_blocks(en_text, anchors=anchored == "en")
    return align(zh, en)


def pair_body(zh_text: str, en_text: str, tables, *, anchored: str = "zh-hans") -> BilingualBody:
    """The body's pairs with placed tables, and each language's unplaced tables."""
    tables = list(tables)
    placed: dict[str, set[int]] = {"zh-hans": set(), "en": set()}
    zh = place(
        render_markdown_blocks(zh_text, anchors=anchored == "zh-hans"), tables, placed["zh-hans"]
    )
    en = place(render_markdown_blocks(en_text, anchors=anchored == "en"), tables, placed["en"])
    return BilingualBody(
        align(zh, en), {code: unplaced(tables, numbers) for code, numbers in placed.items()}
    )


def table_pairs(unplaced_by_language: dict[str, list[PlacedTable]]) -> list[tuple]:
    """``(zh table, en table)`` by table number, either side None when placed
    in that language's body: table by table, not all Chinese tables first."""
    zh = {placed.number: placed for placed in unplaced_by_language["zh-hans"]}
    en = {placed.number: placed for placed in unplaced_by_language["en"]}
    return [(zh.get(number), en.get(number)) for number in sorted(zh.keys() | en.keys())]


def _kind(block) -> str:
    return "table-placed" if isinstance(block, PlacedTable) else block.tag


def align(zh: list, en: list) -> list[Pair]:
    if not zh or not en:
        return [Pair(zh, en)] if zh or en else []
    zh_kinds, en_kinds = [_kind(b) for b in zh], [_kind(b) for b in en]
    if zh_kinds == en_kinds:
        return [Pair([a], [b]) for a, b in zip(zh, en, strict=True)]
    zh_sections, en_sections = _sections(zh), _sections(en)
    if len(zh_sections) == len(en_sections):
        return [Pair(a, b) for a, b in zip(zh_sections, en_sections, strict=True)]
    return _align_units(zh, en)


def _units(blocks: list) -> tuple[list[tuple[list, object]], list]:
    """``[(headings before it, content block), …]`` and the headings left at the end."""
    units, headings = [], []
    for block in blocks:
        if _kind(block) in HEADINGS:
            headings.append(block)
        else:
            units.append((headings, block))
            headings = []
    return units, headings


def _align_units(zh: list, en: list) -> list[Pair]:
    """Content blocks (paragraphs, lists, tables…) aligned by kind, each side's
    headings kept before the block they introduce: English headings for only
    2 of 9 sections still pair paragraph with paragraph."""
    (zh_units, zh_tail), (en_units, en_tail) = _units(zh), _units(en)
    matcher = SequenceMatcher(
        None, [_kind(c) for _h, c in zh_units], [_kind(c) for _h, c in en_units], autojunk=False
    )
    pairs = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            for (zh_heads, zh_block), (en_heads, en_block) in zip(
                zh_units[i1:i2], en_units[j1:j2], strict=True
            ):
                if zh_heads or en_heads:
                    pairs.append(Pair(zh_heads, en_heads))
                pairs.append(Pair([zh_block], [en_block]))
        else:
            pairs.append(
                Pair(
                    [b for heads, c in zh_units[i1:i2] for b in (*heads, c)],
                    [b for heads, c in en_units[j1:j2] for b in (*heads, c)],
                )
            )
    if zh_tail or en_tail:
        pairs.append(Pair(zh_tail, en_tail))
    return pairs


def _sections(blocks: list[Block]) -> list[list[Block]]:
    sections: list[list[Block]] = []
    for block in blocks:
        if not sections or _kind(block) in HEADINGS:
            sections.append([])
        sections[-1].append(block)
    return sections
