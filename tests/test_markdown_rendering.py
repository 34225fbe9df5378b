from html.parser import HTMLParser

import pytest

from geo.markdown import render_markdown

SAFE_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "s", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html):
    """Every start tag in ``html`` as (tag, attributes), as a browser would see them."""
    parser = _Elements()
    parser.feed(html)
    return parser.elements


def assert_harmless(html):
    for tag, attrs in elements(html):
        assert tag in SAFE_TAGS, f"<{tag}> survived"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"{name} on <{tag}> survived"
            assert name != "style" or value.replace(" ", "").startswith("text-align:"), value
            if name in ("href", "src"):
                scheme = (
                    (value or "").split(":", 1)[0].strip().lower() if ":" in (value or "") else ""
                )
                assert scheme in ("", "http", "https", "mailto"), f"{name}={value!r} survived"


HOSTILE = [
    "<script>alert(1)</script>",
    "Text <script>alert(1)</script> inline",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "<javascript:alert(1)>",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![pixel](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==)",
    "![x](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    '<a href="https://example.org" onclick="alert(1)">x</a>',
    '<div onmouseover="alert(1)">\n\n**hover**\n\n</div>',
    "<iframe src=https://evil.example></iframe>",
    "<style>body{display:none}</style>",
    '<p style="position:fixed">x</p>',
    "<!-- comment --><form action=https://evil.example><input name=x></form>",
    "<svg><script>alert(1)</script></svg>",
    '[x](https://example.org "t\\" onmouseover=\\"alert(1)")',
    "<details open ontoggle=alert(1)>",
]


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_markdown_renders_harmless_html(source):
    assert_harmless(render_markdown(source))


def test_script_tag_is_shown_as_text_not_run():
    html = render_markdown("Look: <script>alert(1)</script>")

    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_raw_html_block_is_shown_as_text():
    html = render_markdown('<div class="x">\nhello\n</div>')

    assert "<div" not in html
    assert "&lt;div" in html


def test_event_handler_in_an_image_tag_does_not_make_an_image():
    html = render_markdown("<img src=x onerror=alert(1)>")

    assert [tag for tag, _attrs in elements(html)] == ["p"]


@pytest.mark.parametrize("scheme", ["javascript", "vbscript", "data"])
def test_dangerous_link_schemes_never_become_links(scheme):
    html = render_markdown(f"[click]({scheme}:alert(1))")

    assert all("href" not in attrs for _tag, attrs in elements(html))


def test_data_url_image_loses_its_source():
    html = render_markdown("![pixel](data:image/png;base64,iVBORw0KGgo=)")

    images = [attrs for tag, attrs in elements(html) if tag == "img"]
    assert all("src" not in attrs for attrs in images)
    assert "data:" not in html


def test_https_image_keeps_its_source_and_alt():
    html = render_markdown("![Chart of usage](https://cdn.example.org/chart.png)")

    assert (
        "img",
        {"src": "https://cdn.example.org/chart.png", "alt": "Chart of usage"},
    ) in elements(html)


@pytest.mark.parametrize(
    "source",
    [
        "[DeepSeek](https://www.deepseek.com/)",
        "<https://example.org/report>",
        "[evil](//evil.example/page)",
        "[http](http://example.org)",
    ],
)
def test_external_links_get_noopener_nofollow(source, settings):
    settings.SITE_URL = "https://geo.example.com"

    (link,) = [attrs for tag, attrs in elements(render_markdown(source)) if tag == "a"]

    assert link["rel"] == "noopener nofollow"


@pytest.mark.parametrize(
    "source",
    [
        "[other article](/zh-hans/articles/open-models/)",
        "[section](#background)",
        "[relative](../faq/)",
        "[same site](https://geo.example.com/en/articles/open-models/)",
        "[mail](mailto:editors@example.com)",
    ],
)
def test_internal_links_get_no_rel(source, settings):
    settings.SITE_URL = "https://geo.example.com"

    (link,) = [attrs for tag, attrs in elements(render_markdown(source)) if tag == "a"]

    assert "rel" not in link


def test_editor_cannot_smuggle_a_rel_or_target_attribute():
    html = render_markdown('<a href="/x" rel="opener" target="_blank">x</a>')

    assert all("target" not in attrs and "rel" not in attrs for _tag, attrs in elements(html))


def test_headings_get_ids_from_their_text():
    html = render_markdown("## Market share\n\n### Who gains")

    assert ("h2", {"id": "market-share"}) in elements(html)
    assert ("h3", {"id": "who-gains"}) in elements(html)


def test_chinese_heading_gets_a_pinyin_id():
    html = render_markdown("## 市场份额")

    assert elements(html) == [("h2", {"id": "shi-chang-fen-e"})]


def test_level_one_heading_becomes_level_two():
    html = render_markdown("# A body title\n\ntext")

    tags = [tag for tag, _attrs in elements(html)]
    assert "h1" not in tags
    assert tags[0] == "h2"
    assert "</h2>" in html and "</h1>" not in html


@pytest.mark.parametrize(
    "heading", ["Summary", "FAQ", "Entities", "Content", "Share", "Disclaimer", "Editor note"]
)
def test_heading_never_takes_a_page_block_id(heading):
    html = render_markdown(f"## {heading}")

    (attrs,) = [attrs for tag, attrs in elements(html) if tag == "h2"]
    page_ids = {
        "summary", "insights", "content", "entities", "editor-note", "faq", "share",
        "disclaimer", "main", "top",
    }  # fmt: skip
    assert attrs["id"] not in page_ids
    assert attrs["id"]


def test_repeated_headings_get_distinct_ids():
    html = render_markdown("## Background\n\none\n\n## Background\n\ntwo\n\n## 背景\n\n## 背景")

    ids = [attrs["id"] for tag, attrs in elements(html) if tag == "h2"]
    assert len(ids) == 4
    assert len(set(ids)) == 4


def test_emoji_heading_still_gets_an_id():
    html = render_markdown("## 🚀")

    (attrs,) = [attrs for tag, attrs in elements(html) if tag == "h2"]
    assert attrs["id"].isascii() and attrs["id"]


def test_gfm_table_renders_as_a_table():
    html = render_markdown("| 厂商 | 份额 |\n|---|---:|\n| 甲 | 40% |\n| 乙 | 25% |")

    tags = [tag for tag, _attrs in elements(html)]
    assert tags.count("table") == 1
    assert tags.count("th") == 2
    assert tags.count("td") == 4
    assert ("td", {"style": "text-align:right"}) in elements(html)


def test_ragged_table_rows_are_evened_out_to_the_header():
    source = "| a | b | c |\n|---|---|---|\n| 1 | 2 | 3 | 4 | 5 |\n| only one |\n"

    html = render_markdown(source)

    assert_harmless(html)
    tags = [tag for tag, _attrs in elements(html)]
    assert tags.count("th") == 3
    assert tags.count("tr") == 3
    assert tags.count("td") == 6
    assert ">4<" not in html  # cells beyond the header's columns are dropped
    assert ">5<" not in html


@pytest.mark.parametrize(
    "source",
    [
        "| a | b |\n| 1 | 2 |",  # no delimiter row
        "| a | b |\n|---|\n| 1 | 2 |",  # delimiter row shorter than the header
        "|---|---|\n| 1 | 2 |",  # no header
        "| a |\n|:-:|\n|",
        "|||\n|-|-|\n|||",
        "| <script>alert(1)</script> | [x](javascript:alert(1)) |\n|---|---|\n| <b>1</b> | 2 |",
    ],
)
def test_broken_tables_render_harmless_html(source):
    html = render_markdown(source)

    assert html
    assert_harmless(html)


@pytest.mark.parametrize(
    "source",
    [
        "word " * 100_000,
        "> " * 10_000 + "deep quote",
        "[" * 20_000 + "x" + "]" * 20_000,
        "*" * 50_000 + "x" + "*" * 50_000,
        "- " * 5_000 + "deep list",
        "| a " * 2_000 + "|\n" + "|---" * 2_000 + "|\n" + "| 1 " * 2_000 + "|\n",
        "中文" * 100_000,
    ],
    ids=["words", "quotes", "brackets", "emphasis", "lists", "wide-table", "cjk"],
)
def test_very_long_or_deeply_nested_input_still_renders(source):
    html = render_markdown(source)

    assert len(html) > 0
    assert_harmless(html)


def test_empty_text_renders_as_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_everyday_markdown_survives_sanitising():
    html = render_markdown(
        "Some **bold**, *italic*, ~~struck~~ and `code`.\n\n"
        "- one\n- two\n\n3. three\n4. four\n\n> quoted\n\n```\nblock\n```\n\n---"
    )

    tags = {tag for tag, _attrs in elements(html)}
    assert {"strong", "em", "s", "code", "ul", "li", "ol", "blockquote", "pre", "hr"} <= tags
    assert ("ol", {"start": "3"}) in elements(html)
