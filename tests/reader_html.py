"""Reading rendered reader pages the way a browser would, with the stdlib only.

``parse()`` builds a small element tree from HTML (``html.parser``), enough to
ask "which sections, in which order", "what does this link point at" or "which
language is this text in" without regular expressions over markup."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

VOID_ELEMENTS = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)
    parent: Element | None = field(default=None, repr=False)

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)

    def has_class(self, name: str) -> bool:
        return name in (self.attrs.get("class") or "").split()

    def iter(self) -> Iterator[Element]:
        """Descendants in document order (not the element itself)."""
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def find_all(
        self, tag: str | None = None, *, class_: str | None = None, **attrs: str
    ) -> list[Element]:
        """Descendants by tag name, class and exact attribute values
        (``data_copied="…"`` matches ``data-copied``)."""
        wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}
        return [
            element
            for element in self.iter()
            if (tag is None or element.tag == tag)
            and (class_ is None or element.has_class(class_))
            and all(element.attrs.get(name) == value for name, value in wanted.items())
        ]

    def find(self, tag: str | None = None, **kwargs: str) -> Element | None:
        found = self.find_all(tag, **kwargs)
        return found[0] if found else None

    def one(self, tag: str | None = None, **kwargs: str) -> Element:
        """The single matching descendant; fails the test otherwise."""
        found = self.find_all(tag, **kwargs)
        assert len(found) == 1, f"expected one <{tag or '*'} {kwargs}>, found {len(found)}"
        return found[0]

    def by_id(self, element_id: str) -> Element:
        return self.one(id=element_id)

    @property
    def raw_text(self) -> str:
        return "".join(
            child if isinstance(child, str) else child.raw_text for child in self.children
        )

    @property
    def text(self) -> str:
        """The text content with whitespace collapsed, as a reader sees it."""
        return " ".join(self.raw_text.split())

    def lang(self) -> str | None:
        """The language in effect for this element: its own or an ancestor's ``lang``."""
        element: Element | None = self
        while element is not None:
            if "lang" in element.attrs:
                return element.attrs["lang"]
            element = element.parent
        return None

    def containing(self, text: str, tag: str | None = None) -> Element:
        """The innermost element (of ``tag``, if given) whose text contains ``text``."""
        candidates = [e for e in self.find_all(tag) if text in e.text]
        assert candidates, f"no <{tag or '*'}> contains {text!r}"
        innermost = [e for e in candidates if not any(text in c.text for c in e.find_all(tag))]
        return innermost[0]


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(element)
        if tag not in VOID_ELEMENTS:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(element)

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(html: str | bytes) -> Element:
    builder = _TreeBuilder()
    builder.feed(html.decode() if isinstance(html, bytes) else html)
    builder.close()
    return builder.root


def page(response, status: int = 200) -> Element:
    """The parsed page of a test-client response that must answer ``status``."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    return parse(response.content)


def meta(doc: Element, key: str) -> str | None:
    """``<meta name=key>`` or ``<meta property=key>`` content, None when absent."""
    for element in doc.find_all("meta"):
        if key in (element.get("name"), element.get("property")):
            return element.get("content")
    return None


def canonical(doc: Element) -> str:
    return doc.one("link", rel="canonical").attrs["href"]


def hreflangs(doc: Element) -> dict[str, str]:
    return {
        e.attrs["hreflang"]: e.attrs["href"]
        for e in doc.find_all("link", rel="alternate")
        if e.get("hreflang")
    }


def query(url: str) -> dict[str, str]:
    """A URL's query string as single values (percent-decoded)."""
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def section_ids(doc: Element) -> list[str]:
    """Ids of the article's ``<section>`` blocks in reading order."""
    return [s.attrs["id"] for s in doc.find_all("section") if "id" in s.attrs]
