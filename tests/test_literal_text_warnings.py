"""``geo.markdown.literal_text_warnings``: each place the renderer (markdown-it
with raw HTML off, then nh3) shows an editor's Markdown as literal text or
drops it, and only those. Each case is checked against the rendered HTML, so
the warning and the renderer cannot drift apart."""

import pytest
from django.utils import translation

from geo.markdown import literal_text_warnings, render_markdown


@pytest.mark.parametrize(
    ("markdown", "snippet", "shown_as_text"),
    [
        ("Intro.\n\n<script>alert(1)</script>\n", "<script>alert(1)</script>", "&lt;script&gt;"),
        (
            '<iframe src="https://x.example/"></iframe>',
            '<iframe src="https://x.example/"></iframe>',
            "&lt;iframe",
        ),
        ("Some <b>bold</b> words.", "<b>", "&lt;b&gt;bold&lt;/b&gt;"),
        ("<!-- a note to self -->", "<!-- a note to self -->", "&lt;!-- a note to self --&gt;"),
    ],
)
def test_raw_html_is_reported_and_really_shown_as_text(markdown, snippet, shown_as_text):
    warnings = literal_text_warnings(markdown)

    assert [w.kind for w in warnings][:1] == ["html"]
    assert warnings[0].snippet == snippet
    assert snippet in warnings[0].message()
    assert shown_as_text in render_markdown(markdown)


@pytest.mark.parametrize(
    ("markdown", "url"),
    [
        ("Click [here](javascript:alert(1)).", "javascript:alert(1)"),
        ("Click [here](JavaScript:alert(1)).", "JavaScript:alert(1)"),
        ("Click [here](vbscript:msgbox(1)).", "vbscript:msgbox(1)"),
        ("Click [here](data:text/html;base64,PHNjcmlwdD4=).", "data:text/html;base64,PHNjcmlwdD4="),
        ("An autolink <javascript:alert(1)>.", "javascript:alert(1)"),
    ],
)
def test_links_with_script_or_data_urls_are_reported_and_shown_as_text(markdown, url):
    (warning,) = literal_text_warnings(markdown)

    assert (warning.kind, warning.snippet, warning.line) == ("url", url, 1)
    html = render_markdown(markdown)
    assert "<a" not in html
    assert url.split(":")[0] in html  # the Markdown is there, as text


@pytest.mark.parametrize(
    ("markdown", "url"),
    [
        ("Call [us](tel:+861012345678).", "tel:+861012345678"),
        ("![chart](data:image/png;base64,AAAA)", "data:image/png;base64,AAAA"),
    ],
)
def test_links_with_other_schemes_are_reported_as_removed(markdown, url):
    (warning,) = literal_text_warnings(markdown)

    assert (warning.kind, warning.snippet) == ("dropped-url", url)
    with translation.override("en"):
        assert "removed" in warning.message()
    assert url not in render_markdown(markdown)


def test_the_line_of_each_problem_is_given():
    text = "First line.\n\nSecond <i>para</i>.\n\n- item\n- [x](javascript:void(0))\n"

    assert [(w.kind, w.line) for w in literal_text_warnings(text)] == [
        ("html", 3),
        ("html", 3),
        ("url", 6),
    ]


@pytest.mark.parametrize(
    "markdown",
    [
        "Plain text with a [link](https://example.com/) and [mail](mailto:a@example.com).",
        "A [relative link](/zh-hans/articles/) and a [fragment](#background).",
        "Code is fine: `<script>` and\n\n```html\n<iframe></iframe>\n```\n",
        "Comparisons: 3 < 5 and 7 > 2, ratio 1:2, time 10:30.",
        "Escaped \\<b\\> stays text on purpose.",
        "",
    ],
)
def test_markdown_the_renderer_keeps_gets_no_warning(markdown):
    assert literal_text_warnings(markdown) == []
