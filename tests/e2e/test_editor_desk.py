"""An editor in a real browser: writing a bilingual article side by side with
tags typed in (and an error on the English side shown next to that field),
then scheduling it and seeing "Scheduled" with a countdown in the list.

Uses the browser fixtures of tests/e2e/conftest.py (Debian's Chromium, every
request to another host aborted and recorded in ``outside_requests``).
Screenshots go to /work/wt/_notes/shots when that folder exists."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Article

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

SHOTS = Path("/work/wt/_notes/shots")
PASSWORD = "a long editor password 42"


def screenshot(page, name):
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / f"desk-form-{name}.png"), full_page=True)


@pytest.fixture
def chief(db):
    return get_user_model().objects.create_superuser("chief", "chief@example.com", PASSWORD)


def log_in(page, site_url):
    page.goto(f"{site_url}/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{site_url}/admin/")


def test_editor_writes_a_bilingual_article_side_by_side_with_typed_tags(
    site_url, browser_page, outside_requests, chief, tag_factory
):
    tag_factory(name_zh_hans="开源模型", name_en="Open models", slug="kai-yuan-mo-xing")
    page = browser_page
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, site_url)
    page.goto(f"{site_url}/admin/articles/article/add/")

    chinese, english = page.get_by_label("Title · 中文"), page.get_by_label("Title · English")
    # The required Chinese side is first, on the left, even for an English browser.
    assert chinese.bounding_box()["x"] < english.bounding_box()["x"]
    assert abs(chinese.bounding_box()["y"] - english.bounding_box()["y"]) < 10  # one row
    chinese.fill("开源模型进入企业")
    english.fill("Open models go corporate")
    page.get_by_label("AI summary (BLUF) · 中文").fill("企业开始自行部署开源模型。")
    too_long = "Enterprises now run open models in house. " * 8
    too_long = too_long.strip()
    page.get_by_label("AI summary (BLUF) · English").fill(too_long)
    counter = page.locator("#id_summary_en_counter")
    expect(counter).to_have_text(f"{len(too_long)} / 300")
    expect(counter).to_have_class(re.compile(r"\bover\b"))
    page.get_by_label("Body · 中文").fill("## 背景\n\n正文。")
    page.get_by_label("Body · English").fill("## Background\n\nText.")

    tags = page.get_by_role("combobox", name="Tags")
    tags.press_sequentially("开源")
    page.get_by_role("option", name=re.compile("开源模型")).click()
    tags.press_sequentially("Agents")
    expect(page.get_by_role("option", name="New tag: Agents")).to_be_visible()
    tags.press("Enter")
    expect(tags).to_have_value("开源模型, Agents, ")
    page.get_by_role("button", name="Save", exact=True).last.click()

    # The error is on the English summary, says so, and the index links to it.
    box = page.locator(".fieldBox.field-summary_en")
    expect(box.locator(".errorlist")).to_contain_text("English: Ensure this value has at most 300")
    expect(page.locator(".fieldBox.field-summary_zh_hans .errorlist")).to_have_count(0)
    index = page.locator(".form-error-index")
    expect(index.get_by_role("link", name="AI summary (BLUF) · English")).to_have_attribute(
        "href", "#id_summary_en"
    )
    expect(page.get_by_role("combobox", name="Tags")).to_have_value(re.compile("^开源模型, Agents"))
    screenshot(page, "error-1366")

    page.get_by_label("AI summary (BLUF) · English").fill("Enterprises now run open models.")
    page.get_by_role("button", name="Save", exact=True).last.click()

    expect(page.locator(".messagelist .success")).to_be_visible()
    article = Article.objects.get()
    assert article.title_en == "Open models go corporate"
    assert sorted(article.tags.values_list("slug", flat=True)) == ["agents", "kai-yuan-mo-xing"]
    assert article.status == Article.Status.DRAFT
    assert outside_requests == []


def test_editor_schedules_an_article_and_the_list_says_scheduled_with_a_countdown(
    site_url, browser_page, chief, article_factory
):
    article = article_factory(title_en="Scheduled piece")
    page = browser_page
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, site_url)
    page.goto(f"{site_url}/admin/articles/article/{article.pk}/change/")

    when = timezone.localtime(timezone.now() + timedelta(hours=3, minutes=20, seconds=30))
    page.get_by_role("textbox", name="Publish at").fill(when.strftime("%Y-%m-%dT%H:%M"))
    # Typing a time chose "Schedule" by itself.
    expect(page.get_by_label("Schedule: publish at the time below")).to_be_checked()
    page.get_by_role("button", name="Save", exact=True).last.click()

    page.wait_for_url(f"{site_url}/admin/articles/article/")
    row = page.locator("#result_list tbody tr", has_text="Scheduled piece")
    expect(row.locator(".pub-scheduled")).to_have_text("Scheduled")
    expect(row.locator("time")).to_have_text(re.compile(r"^in 3 h (19|20|21) min$"))
    screenshot(page, "list-1366")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at > timezone.now()

    page.get_by_role("link", name="Scheduled", exact=True).click()
    expect(page.locator("#result_list tbody tr")).to_have_count(1)


@pytest.mark.parametrize("width,height", [(1366, 900), (390, 844)])
def test_change_page_screenshots(
    site_url,
    browser_context,
    chief,
    article_factory,
    entity_row_factory,
    faq_item_factory,
    width,
    height,
):
    article = article_factory(live=True)
    entity_row_factory(table__article=article)
    faq_item_factory(article=article)
    page = browser_context.new_page()
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, site_url)
    page.goto(f"{site_url}/admin/articles/article/{article.pk}/change/")
    chinese = page.get_by_label("Title · 中文").bounding_box()
    english = page.get_by_label("Title · English").bounding_box()
    if width < 768:
        assert english["y"] > chinese["y"]  # stacked, Chinese first
    else:
        assert english["x"] > chinese["x"]
    screenshot(page, f"change-{width}")
