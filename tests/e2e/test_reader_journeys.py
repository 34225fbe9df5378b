"""What a reader does in a real browser: switch language, open 双语对照,
copy the link, share to Weibo, read on a small phone."""

from pathlib import Path

import pytest

from tests.reader_data import BODY_EN, BODY_ZH, TITLE_EN, TITLE_ZH, full_article
from tests.reader_html import query

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

if not Path("/usr/bin/chromium").exists():
    pytest.skip(
        "/usr/bin/chromium is not installed; real-browser tests need it", allow_module_level=True
    )
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

ARTICLE = "/zh-hans/articles/answer-engines/"

WIDE_BODY_ZH = BODY_ZH + (
    "\n## 数据\n\n| 查询类型 | 对点击的可能影响 | 出版商的应对 |\n|---|---|---|\n"
    "| 简单事实与定义 | 明显减少 | 争取成为被引用的来源 |\n| 深度分析与观点 | 影响较小 | 用专题和订阅承接读者 |\n\n"
    "来源：https://example.com/reports/2026/generative-search/answer-engine-referral-traffic-study-full-dataset.csv\n"
)
WIDE_BODY_EN = BODY_EN + (
    "\n## Data\n\n| Query type | Likely effect on clicks | Publisher response |\n|---|---|---|\n"
    "| Quick facts and definitions | Clear fall | Aim to be the cited source |\n"
    "| In-depth analysis and opinion | Smaller effect | Build series and subscriptions |\n\n"
    "Source: https://example.com/reports/2026/generative-search/answer-engine-referral-traffic-study-full-dataset.csv\n"
)


def test_language_switch_opens_the_same_article_in_english(
    site_url, browser_page, outside_requests
):
    full_article()
    page = browser_page
    page.goto(site_url + ARTICLE)
    expect(page.locator("h1")).to_have_text(TITLE_ZH)

    page.locator("nav.lang-switch").get_by_role("link", name="English", exact=True).click()

    page.wait_for_url(site_url + "/en/articles/answer-engines/")
    expect(page.locator("h1")).to_have_text(TITLE_EN)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert outside_requests == []


def test_bilingual_toggle_shows_both_languages_paragraph_by_paragraph(site_url, browser_page):
    full_article()
    page = browser_page
    page.goto(site_url + ARTICLE)

    page.locator("nav.lang-switch").get_by_role("link", name="双语对照").click()

    page.wait_for_url(site_url + ARTICLE + "?view=bilingual")
    chinese = page.locator('#content .pair > [lang="zh-Hans"]').get_by_text(
        "编辑部为每篇文章写一段摘要。"
    )
    english = page.locator('#content .pair > [lang="en"]').get_by_text(
        "The newsroom writes a summary for every article."
    )
    expect(chinese).to_be_visible()
    expect(english).to_be_visible()
    expect(page.locator("#summary [lang=en] p")).to_be_visible()
    # And back to one language.
    page.locator("nav.lang-switch").get_by_role("link", name="双语对照").click()
    page.wait_for_url(site_url + ARTICLE)
    expect(page.locator("#content .pair")).to_have_count(0)


def test_copy_link_puts_the_canonical_url_on_the_clipboard(site_url, browser_context):
    full_article()
    browser_context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    page = browser_context.new_page()
    page.goto(site_url + ARTICLE)
    copy = page.locator("#share a.copy-link")
    status = page.locator("#share .copy-status")
    expect(status).to_have_text("")

    copy.click()

    expect(status).to_have_text(copy.get_attribute("data-copied"))
    assert page.evaluate("navigator.clipboard.readText()") == site_url + ARTICLE
    assert page.url == site_url + ARTICLE  # copied, not followed


def test_weibo_share_link_targets_the_article_in_a_new_tab(
    site_url, browser_page, outside_requests
):
    full_article()
    page = browser_page
    page.goto(site_url + "/en/articles/answer-engines/")

    link = page.locator('#share a[href^="https://service.weibo.com/share/share.php"]')

    expect(link).to_have_count(1)
    params = query(link.get_attribute("href"))
    assert params["url"] == site_url + "/en/articles/answer-engines/"
    assert params["title"].startswith(TITLE_EN)
    assert link.get_attribute("target") == "_blank"
    assert "noopener" in link.get_attribute("rel")
    assert outside_requests == []


FOUR_COLUMNS_EN = BODY_EN + (
    "\n## Options\n\n| Deployment | Control | Upfront cost | Operating burden |\n|---|---|---|---|\n"
    "| Proprietary API | Low | None | Low |\n"
    "| Open model on a managed cloud service | Medium | Low | Medium |\n"
    "| Open model on own GPUs | High | High | High |\n"
)


def page_width(chromium, site_url, url) -> int:
    """``document.documentElement.scrollWidth`` of ``url`` on a 360 px wide phone."""
    context = chromium.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True
    )
    try:
        page = context.new_page()
        page.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith(site_url) else route.abort()
            ),
        )
        page.goto(site_url + url)
        expect(page.locator("#disclaimer")).to_be_attached()
        return page.evaluate("document.documentElement.scrollWidth")
    finally:
        context.close()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_article_page_fits_a_360_pixel_phone_without_sideways_scrolling(
    chromium, site_url, language
):
    full_article(cover=True, body_zh_hans=WIDE_BODY_ZH, body_en=WIDE_BODY_EN)

    width = page_width(chromium, site_url, f"/{language}/articles/answer-engines/")

    assert width <= 360


def test_article_with_a_four_column_table_fits_a_360_pixel_phone(chromium, site_url):
    full_article(body_en=FOUR_COLUMNS_EN)

    width = page_width(chromium, site_url, "/en/articles/answer-engines/")

    assert width <= 360


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_bilingual_view_fits_a_360_pixel_phone_without_sideways_scrolling(
    chromium, site_url, language
):
    full_article(body_zh_hans=WIDE_BODY_ZH, body_en=WIDE_BODY_EN)

    width = page_width(chromium, site_url, f"/{language}/articles/answer-engines/?view=bilingual")

    assert width <= 360
