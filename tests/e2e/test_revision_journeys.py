"""Two editors in two real browsers on one article: the second one's save
meets the first one's, sees what was changed and by whom, and keeps their own
work with one click; then the history compares two revisions.

Uses the browser fixtures of tests/e2e/conftest.py (Debian's Chromium, every
request to another host aborted and recorded in ``outside_requests``)."""

import re
from pathlib import Path

import pytest

from articles.models import Article
from tests.e2e.helpers import isolated_context, log_in_to_admin

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

SHOTS = Path("/work/wt/_notes/shots")


@pytest.fixture
def editors(user_factory):
    return [
        user_factory(username="alice", first_name="Alice", last_name="Wang", is_superuser=True),
        user_factory(username="bob", first_name="Bob", last_name="Li", is_superuser=True),
    ]


@pytest.fixture
def second_context(chromium, site_url, outside_requests):
    """Another browser (its own cookies), kept off other hosts like the first."""
    context = isolated_context(
        chromium, site_url, outside_requests, viewport={"width": 1366, "height": 900}
    )
    yield context
    context.close()


def type_into(page, field_id, text):
    """Type where the field is visible; a field in a closed language tab gets
    its value set, as the tabbed form would after a click on the tab."""
    field = page.locator(f"#{field_id}")
    if field.is_visible():
        field.fill(text)
    else:
        field.evaluate("(el, text) => { el.value = text; }", text)


def save(page):
    page.locator('input[name="_save"]').last.click()


def screenshot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"desk-history-{name}.png"), full_page=False)


def test_second_editor_resolves_a_conflict_with_one_click_then_compares_revisions(
    site_url, browser_context, second_context, outside_requests, editors, article_factory
):
    article = article_factory(
        title_zh_hans="企业转向多云战略",
        body_en="Cloud costs fell.",
        summary_en="Enterprises move to several clouds.",
    )
    change = f"{site_url}/admin/articles/article/{article.pk}/change/"
    browser_context.set_default_timeout(10_000)
    alice = browser_context.new_page()
    alice.set_viewport_size({"width": 1366, "height": 900})
    bob = second_context.new_page()
    log_in_to_admin(alice, site_url, "alice")
    log_in_to_admin(bob, site_url, "bob")
    alice.goto(change)
    bob.goto(change)

    type_into(alice, "id_title_zh_hans", "企业转向混合云战略")
    type_into(alice, "id_body_en", "Cloud costs fell sharply in 2026.")
    alice.get_by_label("What changed (for the history)").fill("Hybrid, not multi-cloud")
    save(alice)
    alice.wait_for_url(re.compile(r"/admin/articles/article/(\?.*)?$"))

    type_into(bob, "id_summary_en", "Enterprises move to hybrid clouds.")
    save(bob)

    conflict = bob.locator("section.edit-conflict")
    expect(conflict.locator("h2")).to_contain_text("Alice Wang saved this article at")
    expect(conflict).to_contain_text("Theirs is kept")
    expect(conflict).to_contain_text("Yours is kept")
    expect(conflict.locator("ins", has_text="sharply")).to_have_count(2)
    screenshot(bob, "conflict")

    conflict.get_by_role("button", name="Re-apply my changes onto the new version").click()

    bob.wait_for_url(re.compile(r"/admin/articles/article/(\?.*)?$"))
    expect(bob.locator(".messagelist")).to_contain_text("Your changes were re-applied")
    article = Article.objects.get(pk=article.pk)
    assert article.title_zh_hans == "企业转向混合云战略"
    assert article.body_en == "Cloud costs fell sharply in 2026."
    assert article.summary_en == "Enterprises move to hybrid clouds."

    bob.goto(f"{site_url}/admin/articles/article/{article.pk}/history/")
    rows = bob.locator(".revision-list tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(1)).to_contain_text("Hybrid, not multi-cloud")
    rows.nth(2).get_by_label("Compare from revision 1").check()
    rows.nth(0).get_by_label("Compare to revision 3").check()
    bob.get_by_role("button", name="Compare selected revisions").click()

    diff = bob.locator("table.revision-diff")
    expect(diff.locator("del", has_text="多")).to_have_count(1)
    expect(diff.locator("ins", has_text="混合")).to_have_count(1)
    expect(diff.locator("ins", has_text="hybrid")).to_have_count(1)
    screenshot(bob, "compare")
    assert outside_requests == []
