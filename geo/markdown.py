"""The one way Markdown becomes HTML on this site.

Two walls: markdown-it-py with raw HTML switched off (so editors' ``<script>``
is shown as text), then nh3 keeping only the tags and attributes we emit."""

from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin

from geo.render_memo import memoised_by_text
from geo.slugs import slugify_any

# Ids of the article page's own blocks; a body heading never takes one.
RESERVED_IDS = frozenset(
    {
        "summary",
        "insights",
        "content",
        "entities",
        "editor-note",
        "faq",
        "share",
        "disclaimer",
        "changes",
        "main",
        "top",
    }
)

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "rel"},
    "img": {"src", "alt", "title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "th": {"style"},
    "td": {"style"},
    "ol": {"start"},
}
ATTRIBUTES_WITHOUT_IDS = {
    tag: allowed - {"id"} for tag, allowed in ALLOWED_ATTRIBUTES.items() if allowed - {"id"}
}
URL_SCHEMES = {"http", "https", "mailto"}


def heading_id(title: str) -> str:
    slug = slugify_any(title, max_length=60) or "section"
    # Never an id the page uses itself: block ids and FAQ anchors (faq-…).
    return f"{slug}-section" if slug in RESERVED_IDS or slug.startswith("faq-") else slug


def is_external(href: str) -> bool:
    parts = urlsplit(href)
    if not parts.netloc:
        return False
    return parts.netloc != urlsplit(settings.SITE_URL).netloc


def _link_open(self, tokens, idx, options, env):
    href = tokens[idx].attrGet("href") or ""
    if is_external(href):
        tokens[idx].attrSet("rel", "noopener nofollow")
    return self.renderToken(tokens, idx, options, env)


@cache
def _parser() -> MarkdownIt:
    md = (
        MarkdownIt("commonmark", {"html": False, "typographer": False})
        .enable(["table", "strikethrough"])
        .use(anchors_plugin, min_level=2, max_level=4, slug_func=heading_id)
    )
    md.core.ruler.before("anchor", "shift_headings", _shift_headings)
    md.add_render_rule("link_open", _link_open)
    return md


def _shift_headings(state):
    # The page has one h1 (the title): a body "# Heading" becomes an h2.
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close") and token.tag == "h1":
            token.tag = "h2"


@dataclass(frozen=True)
class Block:
    """One top-level Markdown block (heading, paragraph, list, table…) as safe HTML."""

    tag: str
    html: SafeString


@memoised_by_text  # once per text and process (geo/render_memo.py)
def render_markdown(text: str) -> SafeString:
    """Sanitised HTML for editor Markdown; the only text templates mark safe."""
    if not text:
        return mark_safe("")
    return _sanitise(_parser().render(text))


@memoised_by_text
def render_markdown_blocks(text: str, *, anchors: bool = True) -> list[Block]:
    """The same HTML as ``render_markdown``, cut into top-level blocks, so two
    languages can be shown side by side block by block. ``anchors=False``
    leaves out the heading ids (one page must not repeat an id)."""
    if not text:
        return []
    md = _parser()
    env: dict = {}
    tokens = md.parse(text, env)
    blocks, start = [], 0
    for index, token in enumerate(tokens):
        if token.level != 0 or token.nesting == 1:
            continue
        # A closing token, or a self-contained one (hr, code), ends a block.
        html = md.renderer.render(tokens[start : index + 1], md.options, env)
        blocks.append(Block(tokens[start].tag or tokens[start].type, _sanitise(html, anchors)))
        start = index + 1
    return blocks


def _sanitise(html: str, anchors: bool = True) -> SafeString:
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES if anchors else ATTRIBUTES_WITHOUT_IDS,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        filter_style_properties={"text-align"},
        strip_comments=True,
    )
    return mark_safe(clean)


def markdown_with_heading_ids(text: str) -> str:
    """The Markdown source with each heading given the id the HTML gives it
    (``## Background {#background}``), a top-level ``#`` shifted to ``##`` as
    in the HTML, so a quote from the Markdown twin links to the same anchor."""
    if not text:
        return ""
    lines = text.split("\n")
    for token in _parser().parse(text):
        if token.type != "heading_open" or not token.map:
            continue
        first = token.map[0]
        line = lines[first].rstrip()
        if token.markup.startswith("#"):
            line = "##" + line.lstrip()[1:] if token.markup == "#" else line
            lines[first] = f"{line.rstrip(' #')} {{#{token.attrGet('id')}}}"
        else:  # setext: the underline on the next line makes the heading
            lines[first] = f"{line} {{#{token.attrGet('id')}}}"
    return "\n".join(lines)
