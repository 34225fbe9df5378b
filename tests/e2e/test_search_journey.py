"""A reader searches from the header box with JavaScript off, sees highlighted
results, narrows them by a tag; the page fits a phone."""

from pathlib import Path

import pytest

from search.index import rebuild
from tests.reader_data import full_article

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

if not Path("/usr/bin/chromium").exists():
    pytest.skip("/usr/bin/chromium is not installed", allow_module_level=True)
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

SHOTS = Path("/work/wt/_notes/shots")


def test_the_header_search_box_works_without_javascript(chromium, site_url):
    full_article()
    rebuild()
    context = chromium.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(f"{site_url}/zh-hans/")

    page.get_by_role("searchbox", name="搜索文章").fill("答案引擎")
    page.get_by_role("button", name="搜索").first.click()

    expect(page).to_have_url(f"{site_url}/zh-hans/search/?q=%E7%AD%94%E6%A1%88%E5%BC%95%E6%93%8E")
    expect(page.locator(".search-results mark").first).to_have_text("答案引擎")
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / "search-results-zh.png"), full_page=True)
    page.get_by_role("link", name="搜索", exact=True).last.click()
    expect(page.locator(".search-filter")).to_contain_text("搜索")
    context.close()


def test_the_results_page_fits_a_360_pixel_phone(chromium, site_url):
    full_article()
    rebuild()
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{site_url}/en/search/?q=answer+engines")

    width = page.evaluate("document.documentElement.scrollWidth")
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / "search-results-en-phone.png"), full_page=True)
    context.close()

    assert width <= 360
