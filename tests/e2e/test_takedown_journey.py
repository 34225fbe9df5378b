"""A rights holder in a real browser: from the article's disclaimer link to the
reference on the "request received" page, and on to the status lookup.

Uses the browser fixtures of tests/e2e/conftest.py (Debian's Chromium, every
request to another host aborted and recorded in ``outside_requests``)."""

import re

import pytest

from takedowns.models import TakedownRequest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

REFERENCE = re.compile(r"^TD-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")
STATEMENT = "The second chart reproduces our 2025 market report without permission or credit."


@pytest.fixture
def article(article_factory):
    return article_factory(live=True, slug="chart-copying", title_en="Who copied the chart?")


def fill_the_notice(page):
    page.get_by_label("Your name").fill("Li Hua")
    page.get_by_label("Organisation (optional)").fill("Acme Research")
    page.get_by_label("Contact e-mail").fill("li.hua@example.com")
    page.get_by_label("Rights holder", exact=True).check()
    page.get_by_label("Copyright or trademark").check()
    page.get_by_label("Statement").fill(STATEMENT)
    page.get_by_label("Evidence links (optional)").fill(
        "https://example.com/report-2025\nhttps://example.org/press-release"
    )
    page.get_by_label("I declare in good faith").check()


def test_rights_holder_sends_a_notice_from_the_article_and_gets_a_reference(
    site_url, browser_page, outside_requests, article
):
    page = browser_page
    page.goto(f"{site_url}/en/articles/chart-copying/")
    expect(page.locator("h1")).to_have_text("Who copied the chart?")

    page.get_by_role("link", name="Request removal or correction of this article").click()

    page.wait_for_url(f"{site_url}/en/takedown/?article=chart-copying")
    expect(page.get_by_label("Address of the article")).to_have_value(
        f"{site_url}/en/articles/chart-copying/"
    )
    # The honeypot is moved off-screen by CSS: people never see it.
    expect(page.locator('input[name="website"]')).not_to_be_in_viewport()
    fill_the_notice(page)
    page.get_by_role("button", name="Send request").click()

    page.wait_for_url(re.compile(r"/en/takedown/sent/\?ref="))
    reference = page.locator("#reference").inner_text().strip()
    assert REFERENCE.match(reference), reference
    takedown = TakedownRequest.objects.get(reference=reference)
    assert takedown.article == article
    assert takedown.target_url == f"{site_url}/en/articles/chart-copying/"
    assert takedown.requester_name == "Li Hua"
    assert takedown.organisation == "Acme Research"
    assert takedown.statement == STATEMENT
    assert takedown.evidence_links == [
        "https://example.com/report-2025",
        "https://example.org/press-release",
    ]
    assert takedown.good_faith is True
    assert takedown.language == "en"
    assert outside_requests == []

    page.get_by_role("link", name="Check the status").click()
    page.get_by_label("Reference").fill(reference.lower())
    page.get_by_label("The e-mail address you used").fill("LI.HUA@example.com")
    page.get_by_role("button", name="Look up").click()

    result = page.locator("section.status-result")
    expect(result.locator("h2")).to_have_text(reference)
    expect(result).to_contain_text("Received")


def test_mistakes_are_shown_on_the_field_and_the_typed_values_kept(
    site_url, browser_page, outside_requests, article
):
    page = browser_page
    page.goto(f"{site_url}/en/takedown/?article=chart-copying")
    fill_the_notice(page)
    page.get_by_label("Statement").fill("Please call me on 138-1234-5678 about the second chart.")
    page.get_by_label("I declare in good faith").uncheck()

    page.get_by_role("button", name="Send request").click()

    expect(page.locator(".field", has=page.locator("#id_statement"))).to_contain_text(
        "Your statement seems to contain a mobile phone number. Please remove it"
    )
    expect(page.locator(".field.checkbox")).to_contain_text(
        "Please confirm the good-faith declaration."
    )
    expect(page.get_by_label("Your name")).to_have_value("Li Hua")
    expect(page.get_by_label("Statement")).to_have_value(
        "Please call me on 138-1234-5678 about the second chart."
    )
    assert TakedownRequest.objects.count() == 0
    assert outside_requests == []
