"""The one way Markdown becomes HTML on this site.

Two walls: markdown-it-py with raw HTML switched off (so editors' ``<script>``
is shown as text), then nh3 keeping only the tags and attributes we emit."""

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
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
    # Never an id the page uses itself: block ids, FAQ anchors (faq-…) and
    # entity tables (entities-N).
    reserved = slug in RESERVED_IDS or slug.startswith(("faq-", "entities-"))
    return f"{slug}-section" if reserved else slug


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
    # The N of a ``[[entities:N]]`` marker paragraph (its html is empty).
    marker: int | None = None
    table = None  # not a field: templates ask "a placed table?" of any block


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
        if (number := _marker(tokens, start, index)) is not None:
            blocks.append(Block(ENTITIES_MARKER_TAG, mark_safe(""), number))
        else:
            html = md.renderer.render(tokens[start : index + 1], md.options, env)
            blocks.append(Block(tokens[start].tag or tokens[start].type, _sanitise(html, anchors)))
        start = index + 1
    return blocks


# ``[[entities:N]]`` alone in a paragraph: entity table N goes here.
ENTITIES_MARKER = re.compile(r"\[\[entities:(\d{1,4})\]\]")
ENTITIES_MARKER_TAG = "entities"


def _marker(tokens, start: int, end: int) -> int | None:
    """N when ``tokens[start:end + 1]`` is a top-level marker paragraph."""
    if end - start != 2 or tokens[start].type != "paragraph_open":
        return None
    match = ENTITIES_MARKER.fullmatch(tokens[start + 1].content.strip())
    return int(match[1]) if match else None


def has_entities_marker(text: str) -> bool:
    return bool(text) and ENTITIES_MARKER.search(text) is not None


def entities_marker_lines(text: str) -> list[tuple[int, int, int]]:
    """``(first line, end line, N)`` of each marker paragraph, for the Markdown twin."""
    if not has_entities_marker(text):
        return []
    tokens = _parser().parse(text)
    found = []
    for index, token in enumerate(tokens[:-2]):
        if token.level == 0 and token.map and (number := _marker(tokens, index, index + 2)):
            found.append((token.map[0], token.map[1], number))
    return found


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


# -------------------------------------------------- text readers will see literally


@dataclass(frozen=True)
class LiteralText:
    """Markdown the renderer shows as literal text (raw HTML: html is off) or
    drops (a link or image whose URL scheme is refused). ``line`` is 1-based."""

    kind: str  # "html", "url" (shown as text) or "dropped-url" (link removed)
    snippet: str
    line: int | None

    def message(self) -> str:
        values = {"line": self.line or "?", "snippet": self.snippet}
        if self.kind == "html":
            return (
                _("line %(line)s: raw HTML %(snippet)s is shown to readers as literal text")
                % values
            )
        if self.kind == "url":
            return (
                _(
                    "line %(line)s: the link to %(snippet)s is shown to readers as literal text "
                    "(only http, https and mailto links work)"
                )
                % values
            )
        return (
            _(
                "line %(line)s: the link to %(snippet)s is removed, readers get only its text "
                "(only http, https and mailto links work)"
            )
            % values
        )


@cache
def _probe() -> MarkdownIt:
    """The site's parser with raw HTML on and every URL accepted: what it finds
    as HTML or as a link with a refused scheme is what the real one (html off,
    markdown-it's URL check, then nh3's schemes) shows as text or drops."""
    md = MarkdownIt("commonmark", {"html": True, "typographer": False}).enable(
        ["table", "strikethrough"]
    )
    md.validateLink = lambda url: True
    return md


def _url_allowed(url: str) -> bool:
    scheme = urlsplit(url.strip()).scheme.lower() if ":" in url else ""
    return not scheme or scheme in URL_SCHEMES


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def literal_text_warnings(text: str) -> list[LiteralText]:
    """Each place in ``text`` readers will see as literal text or lose."""
    if not text or ("<" not in text and ":" not in text):
        return []
    found = []
    for token in _probe().parse(text):
        line = token.map[0] + 1 if token.map else None
        if token.type == "html_block":
            found.append(LiteralText("html", _short(token.content), line))
        for child in token.children or []:
            if child.type == "html_inline":
                found.append(LiteralText("html", _short(child.content), line))
            elif child.type in ("link_open", "image"):
                url = child.attrGet("href") or child.attrGet("src") or ""
                if not _url_allowed(url):
                    # markdown-it refuses javascript:, vbscript:, file: and most data:
                    # URLs (the Markdown stays text); nh3 strips the other schemes.
                    real = _parser()
                    kind = "dropped-url" if real.validateLink(real.normalizeLink(url)) else "url"
                    found.append(LiteralText(kind, _short(url), line))
    return found
