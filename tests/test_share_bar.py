"""The share bar (#share): Weibo link, WeChat QR code, copy link — no third-party scripts."""

from urllib.parse import urlsplit

import pytest

from tests.reader_data import SUMMARY_EN, SUMMARY_ZH, TITLE_EN, TITLE_ZH, full_article
from tests.reader_html import canonical, meta, page, query

pytestmark = pytest.mark.django_db

WEIBO = "https://service.weibo.com/share/share.php"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://geo.example"


def share_bar(client, url):
    doc = page(client.get(url))
    return doc, doc.by_id("share")


def weibo_link(share):
    (link,) = [a for a in share.find_all("a") if (a.get("href") or "").startswith(WEIBO + "?")]
    return link


def test_weibo_link_shares_the_canonical_url_with_title_and_start_of_bluf(client):
    full_article()

    doc, share = share_bar(client, "/en/articles/answer-engines/")

    link = weibo_link(share)
    parts = urlsplit(link.get("href"))
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == WEIBO
    params = query(link.get("href"))
    assert params["url"] == "https://geo.example/en/articles/answer-engines/" == canonical(doc)
    assert params["title"].startswith(TITLE_EN)
    assert SUMMARY_EN[:40] in params["title"]
    assert len(params["title"]) <= 120
    assert "pic" not in params
    assert link.get("target") == "_blank"
    assert "noopener" in link.get("rel").split()


def test_weibo_link_in_chinese_shares_the_chinese_page(client):
    full_article()

    _doc, share = share_bar(client, "/zh-hans/articles/answer-engines/")

    params = query(weibo_link(share).get("href"))
    assert params["url"] == "https://geo.example/zh-hans/articles/answer-engines/"
    assert params["title"].startswith(TITLE_ZH)
    assert SUMMARY_ZH[:20] in params["title"]


def test_weibo_title_of_a_long_article_is_shortened_without_cutting_words(client, article_factory):
    title = "How answer engines, AI overviews and chat assistants are reshaping traffic to analysis sites"
    summary = (
        "Publishers that put a self-contained conclusion first are quoted more often by answer "
        "engines, and the readers who do click through stay longer on the page than readers "
        "who arrive from classic search results"
    )
    article_factory(live=True, slug="long-one", title_en=title, summary_en=summary)

    _doc, share = share_bar(client, "/en/articles/long-one/")

    shared = query(weibo_link(share).get("href"))["title"]
    assert len(shared) <= 120
    assert shared.startswith(title)
    assert shared.endswith("…")
    kept = shared.removesuffix("…")
    full = f"{title}｜{summary}"
    assert full.startswith(kept)
    assert full[len(kept)] == " ", f"cut mid-word: {kept[-15:]!r}"


def test_weibo_link_carries_the_cover_picture_when_there_is_one(client):
    full_article(cover=True)

    doc, share = share_bar(client, "/en/articles/answer-engines/")

    picture = query(weibo_link(share).get("href"))["pic"]
    assert picture.startswith("https://geo.example/media/covers/")
    assert picture.endswith("-og.jpg")  # the 1200×675 card (articles/images.py)
    assert picture == meta(doc, "og:image")


def test_wechat_qr_code_is_an_inline_svg_with_an_accessible_name(client):
    full_article()

    _doc, share = share_bar(client, "/en/articles/answer-engines/")

    svg = share.one("svg")
    assert svg.get("role") == "img"
    assert svg.get("aria-label").strip()
    assert svg.find("path") is not None
    assert share.find("img") is None  # inline, not fetched from a QR service


def test_wechat_qr_code_encodes_the_article_address(client, settings):
    full_article()
    full_article(slug="second-article")

    first = share_bar(client, "/en/articles/answer-engines/")[1].one("svg").one("path").get("d")
    second = share_bar(client, "/en/articles/second-article/")[1].one("svg").one("path").get("d")
    settings.SITE_URL = "https://mirror.example"
    elsewhere = share_bar(client, "/en/articles/answer-engines/")[1].one("svg").one("path").get("d")

    assert len({first, second, elsewhere}) == 3


def test_copy_link_points_at_the_canonical_url(client):
    full_article()

    doc, share = share_bar(client, "/en/articles/answer-engines/")

    copy = share.one("a", class_="copy-link")
    assert copy.get("href") == canonical(doc) == "https://geo.example/en/articles/answer-engines/"
    assert copy.get("data-copied")
    assert share.one(class_="copy-status").get("role") == "status"


def test_share_bar_of_english_page_of_chinese_only_article_shares_the_chinese_page(
    client, article_factory
):
    article_factory(live=True, chinese_only=True, slug="zh-only")

    _doc, share = share_bar(client, "/en/articles/zh-only/")

    zh_url = "https://geo.example/zh-hans/articles/zh-only/"
    assert query(weibo_link(share).get("href"))["url"] == zh_url
    assert share.one("a", class_="copy-link").get("href") == zh_url


def test_share_bar_loads_no_third_party_script_or_frame(client):
    full_article()

    doc, share = share_bar(client, "/en/articles/answer-engines/")

    assert share.find("script") is None
    assert share.find("iframe") is None
    code = [s for s in doc.find_all("script") if s.get("type") != "application/ld+json"]
    assert [script.get("src") for script in code] == ["/static/js/site.js"]
