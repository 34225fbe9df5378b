"""An editor in a real browser adds an entity table with two rows inside the
article form: one entity picked by autocomplete, one created in the “+” popup
without a slug; after one save the table is on the public article page.

The editor is a superuser: after another transactional test the groups of the
data migrations are gone (the Editors group's own rights are proven in
tests/test_admin_entity_tables.py). Set GEO_SCREENSHOTS to a folder to keep
screenshots of the tables' area."""

import os
from pathlib import Path

import pytest

from articles.models import Entity
from tests.e2e.helpers import log_in_to_admin

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

if not Path("/usr/bin/chromium").exists():
    pytest.skip(
        "/usr/bin/chromium is not installed; real-browser tests need it", allow_module_level=True
    )
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

SCREENSHOTS = os.environ.get("GEO_SCREENSHOTS")


def shoot(page, name):
    if SCREENSHOTS:
        page.locator("#entity_tables-group").screenshot(
            path=str(Path(SCREENSHOTS) / f"desk-inlines-{name}.png")
        )


def pick_by_autocomplete(page, select_id, typed, choice):
    """Open the select2 box of ``select_id``, type, and click the matching entity."""
    page.locator(f"#{select_id} + .select2-container").click()
    page.locator(".select2-container--open .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=choice).click()


@pytest.fixture
def article(article_factory):
    return article_factory(live=True, slug="answer-engines", title_en="Who answers first")


@pytest.mark.parametrize("viewport", [(1366, 900), (390, 844)], ids=["wide", "phone"])
def test_editor_adds_a_table_with_two_rows_inside_the_article_form(
    site_url, chromium, outside_requests, user_factory, article, entity_factory, viewport
):
    editor = user_factory(username="desk-editor", is_superuser=True)
    baidu = entity_factory(name_zh_hans="百度", name_en="Baidu")
    width, height = viewport
    context = chromium.new_context(viewport={"width": width, "height": height}, locale="en-US")
    page = context.new_page()
    log_in_to_admin(page, site_url, editor.username)
    page.goto(f"{site_url}/admin/articles/article/{article.pk}/change/")

    page.get_by_role("link", name="Add another Entity Table").click()
    page.locator("#id_entity_tables-0-caption_zh_hans").fill("主要答案入口")
    page.locator("#id_entity_tables-0-caption_en").fill("Main answer engines")
    # A new table comes with a blank row: its entity is picked by autocomplete.
    pick_by_autocomplete(page, "id_entity_tables-0-rows-0-entity", "Bai", "Baidu")
    page.locator("#id_entity_tables-0-rows-0-role_zh_hans").fill("搜索引擎")
    page.locator("#id_entity_tables-0-rows-0-role_en").fill("Search engine")
    # The second row's entity does not exist yet: made in the popup, no slug asked.
    page.locator("#entity_tables-0-rows-group").get_by_role(
        "link", name="Add another Entity Row"
    ).click()
    with page.expect_popup() as opened:
        page.locator("#add_id_entity_tables-0-rows-1-entity").click()
    popup = opened.value
    expect(popup.locator('input[name="slug"]')).to_have_count(0)
    popup.locator("#id_name_zh_hans").fill("月之暗面")
    popup.locator("#id_name_en").fill("Moonshot AI")
    popup.get_by_role("button", name="Save", exact=True).click()
    popup.wait_for_event("close")
    expect(page.locator("#select2-id_entity_tables-0-rows-1-entity-container")).to_have_text(
        "Moonshot AI"
    )
    page.locator("#id_entity_tables-0-rows-1-role_en").fill("Assistant maker")
    shoot(page, f"new-table-{width}x{height}")

    page.get_by_role("button", name="Save", exact=True).first.click()
    page.wait_for_url(f"{site_url}/admin/articles/article/")

    moonshot = Entity.objects.get(name_en="Moonshot AI")
    assert moonshot.slug == "yue-zhi-an-mian"
    table = article.entity_tables.get()
    assert [(row.entity, row.role_en) for row in table.rows.all()] == [
        (baidu, "Search engine"),
        (moonshot, "Assistant maker"),
    ]

    page.goto(f"{site_url}/admin/articles/article/{article.pk}/change/")
    expect(page.locator("#entity_tables-0 .entity-table-marker")).to_have_text("[[entities:1]]")
    shoot(page, f"saved-table-{width}x{height}")

    page.goto(f"{site_url}/en/articles/answer-engines/")
    entities = page.locator("#entities")
    expect(entities).to_contain_text("Main answer engines")
    expect(entities.get_by_role("link", name="Baidu")).to_be_visible()
    expect(entities.get_by_role("link", name="Moonshot AI")).to_be_visible()
    expect(entities).to_contain_text("Assistant maker")
    assert outside_requests == []
    context.close()
