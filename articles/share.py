"""Sharing without third-party scripts: a Weibo share link and a WeChat QR code."""

from functools import lru_cache
from urllib.parse import urlencode

import segno
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from geo.text import shorten

WEIBO_SHARE_URL = "https://service.weibo.com/share/share.php"
# Weibo pre-fills the post with the title; keep it well inside a post's length.
WEIBO_TITLE_LENGTH = 120


def weibo_share_url(*, url: str, title: str, summary: str, picture: str = "") -> str:
    text = f"{title}｜{summary}" if summary else title
    params = {"url": url, "title": shorten(text, WEIBO_TITLE_LENGTH)}
    if picture:
        params["pic"] = picture
    return f"{WEIBO_SHARE_URL}?{urlencode(params)}"


# Encoding a QR code was ~18 % of an uncached article: once per address and
# label (language) per process; the SVG is a pure function of them.
@lru_cache(maxsize=4096)
def qr_svg(url: str, label: str) -> SafeString:
    """An inline SVG QR code of ``url`` (WeChat scans it to open the page)."""
    svg = segno.make(url, error="m").svg_inline(scale=4, title=None, svgclass="qr", lineclass=None)
    # segno's output is generated markup, not user text; give it an accessible name.
    return mark_safe(
        svg.replace("<svg ", format_html('<svg role="img" aria-label="{}" ', label), 1)
    )
