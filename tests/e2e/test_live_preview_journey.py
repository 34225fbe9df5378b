"""An editor writes in the article form and watches the live preview: the
public page of the unsaved text in Chinese, English and 双语对照, updating as
they type; a ``<script>`` in the body shows a warning before saving."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from articles.models import Article

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

if not Path("/usr/bin/chromium").exists():
    pytest.skip(
        "/usr/bin/chromium is not installed; real-browser tests need it", allow_module_level=True
    )
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

SHOTS = Path("/work/wt/_notes/shots")
PASSWORD = "a long test password 42"


def log_in(page, site_url, next_path):
    get_user_model().objects.create_superuser("desk", "desk@example.com", PASSWORD)
    page.goto(f"{site_url}/admin/login/?next={next_path}")
    page.fill("#id_username", "desk")
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{site_url}{next_path}")


def type_into(page, field_id, text):
    """Types like an editor when the field is on screen; a field in a closed
    tab (the form's layout is not this test's subject) is set and announced."""
    field = page.locator(f"#{field_id}")
    if field.is_visible():
        field.fill("")
        field.press_sequentially(text, delay=5)
    else:
        field.evaluate(
            "(el, v) => { el.value = v; el.dispatchEvent(new Event('input', {bubbles: true})); }",
            text,
        )


def write_article(page):
    type_into(page, "id_title_zh_hans", "实时预览的文章")
    type_into(page, "id_summary_zh_hans", "编辑一边写一边看到读者页面。")
    type_into(page, "id_body_zh_hans", "## 背景\n\n第一段中文。")
    type_into(page, "id_title_en", "A live preview article")
    type_into(page, "id_summary_en", "Editors see the reader page as they write.")
    type_into(page, "id_body_en", "## Background\n\nFirst English paragraph.")


def test_preview_follows_typing_in_both_languages_and_bilingual(site_url, browser_page):
    page = browser_page
    log_in(page, site_url, "/admin/articles/article/add/")

    page.get_by_role("button", name="Preview", exact=True).click()
    pane = page.locator("#live-preview")
    expect(pane).to_be_visible()
    frame = page.frame_locator(".live-preview-frame")
    expect(frame.locator("body")).to_contain_text("title, summary and body")

    write_article(page)
    expect(frame.locator("h1")).to_have_text("实时预览的文章")
    expect(frame.locator("#content")).to_contain_text("第一段中文。")

    pane.get_by_role("button", name="English").click()
    expect(frame.locator("h1")).to_have_text("A live preview article")
    expect(frame.locator("#content h2")).to_have_text("Background")

    pane.get_by_role("button", name="双语对照").click()
    expect(frame.locator("#content .pair")).to_have_count(2)
    expect(frame.locator('#content .pair [lang="en"]').last).to_have_text(
        "First English paragraph."
    )
    # The site's own stylesheet styles the preview (a pair is a grid).
    assert frame.locator("#content .pair").first.evaluate("e => getComputedStyle(e).display") == (
        "grid"
    )

    type_into(page, "id_body_en", "## Background\n\nA changed English paragraph.")
    expect(frame.locator('#content .pair [lang="en"]').last).to_have_text(
        "A changed English paragraph."
    )
    assert Article.objects.count() == 0  # previewing saves nothing


def test_script_in_the_body_shows_a_warning_in_the_preview(site_url, browser_context):
    page = browser_context.new_page()
    log_in(page, site_url, "/admin/articles/article/add/")
    page.get_by_role("button", name="Preview", exact=True).click()
    write_article(page)
    frame = page.frame_locator(".live-preview-frame")
    expect(frame.locator("h1")).to_have_text("实时预览的文章")

    type_into(page, "id_body_zh_hans", "## 背景\n\n第一段中文。\n\n<script>alert(1)</script>")

    warnings = page.locator(".live-preview-warnings")
    expect(warnings).to_contain_text("<script>alert(1)</script>")
    expect(warnings).to_contain_text("(中文)")
    # Readers get it as text; the preview shows it as text too, never runs it.
    expect(frame.locator("#content")).to_contain_text("<script>alert(1)</script>")

    page.locator(".live-preview-refresh").click()  # on demand too
    expect(page.locator(".live-preview-status")).to_have_text("Preview updated.")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.locator(".live-preview-views button", has_text="双语对照").click()
    expect(frame.locator("#content .pair").first).to_be_visible()
    page.screenshot(path=SHOTS / "desk-reader-preview-1366.png")
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator(".live-preview-refresh").click()
    expect(page.locator(".live-preview-status")).to_have_text("Preview updated.")
    page.screenshot(path=SHOTS / "desk-reader-preview-390.png")
