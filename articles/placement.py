"""Entity tables placed in the body: a paragraph that is only ``[[entities:N]]``
puts the article's table N (1-based, tables by order then pk) there. Tables
no marker places come after the body as before; a marker naming no table, or
a table already placed, shows nothing. One place for the rule, used by the
page (both languages and 双语对照) and the Markdown twin."""

from dataclasses import dataclass

from django.utils.safestring import SafeString

from geo.markdown import Block, has_entities_marker, render_markdown, render_markdown_blocks


@dataclass(frozen=True)
class PlacedTable:
    table: object  # an EntityTable
    number: int

    @property
    def anchor(self) -> str:
        """The table's fragment id, the same on the page and in the twin."""
        return f"entities-{self.number}"


@dataclass(frozen=True)
class Html:
    html: SafeString
    table = None


def marker(number: int) -> str:
    """The text an editor puts on a line of its own to place table ``number``."""
    return f"[[entities:{number}]]"


def numbered(tables) -> dict[int, object]:
    return dict(enumerate(tables, start=1))


def place(blocks: list[Block], tables, placed: set[int]) -> list:
    """``blocks`` with each marker block replaced by its table (or dropped);
    ``placed`` collects the numbers shown, so a table is never shown twice."""
    by_number = numbered(tables)
    result = []
    for block in blocks:
        if block.marker is None:
            result.append(block)
        elif block.marker in by_number and block.marker not in placed:
            placed.add(block.marker)
            result.append(PlacedTable(by_number[block.marker], block.marker))
    return result


def body_parts(text: str, tables, *, anchors: bool = True) -> tuple[list, list[PlacedTable]]:
    """The body as HTML parts and placed tables, and the tables left for after it."""
    tables = list(tables)
    if not has_entities_marker(text):
        parts = [Html(render_markdown(text))] if text else []
        return parts, [PlacedTable(t, n) for n, t in numbered(tables).items()]
    placed: set[int] = set()
    parts = []
    for item in place(render_markdown_blocks(text, anchors=anchors), tables, placed):
        if isinstance(item, PlacedTable):
            parts.append(item)
        elif parts and isinstance(parts[-1], Html):
            parts[-1] = Html(parts[-1].html + item.html)
        else:
            parts.append(Html(item.html))
    return parts, unplaced(tables, placed)


def unplaced(tables, placed: set[int]) -> list[PlacedTable]:
    return [PlacedTable(t, n) for n, t in numbered(tables).items() if n not in placed]


def unknown_markers(text: str, tables) -> list[int]:
    """The Ns of markers naming no table (readers see nothing there): a
    readiness warning for the editor."""
    if not has_entities_marker(text):
        return []
    known = numbered(tables)
    return [b.marker for b in render_markdown_blocks(text) if b.marker and b.marker not in known]
