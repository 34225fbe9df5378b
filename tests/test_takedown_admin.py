"""The Legal queue in the admin: /admin/takedowns/takedownrequest/…"""

import re
from datetime import UTC, datetime, timedelta

import pytest

from takedowns import services
from takedowns.models import TakedownEvent, TakedownRequest
from tests.factories import create_takedown_request

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
QUEUE = "/admin/takedowns/takedownrequest/"


def change_url(takedown):
    return f"{QUEUE}{takedown.pk}/change/"


def references(response) -> set[str]:
    return {row.reference for row in response.context["cl"].result_list}


def row_of(response, takedown) -> str:
    match = re.search(rf"<tr>(?:(?!</tr>).)*{takedown.reference}.*?</tr>", response.text, re.S)
    assert match, f"no row for {takedown.reference}"
    return match[0]


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOON, tick=False)
    return time_machine


@pytest.fixture
def article(frozen, article_factory):
    # Made inside the frozen world: "live" is relative to the frozen clock.
    return article_factory(
        live=True, title_en="Search engines and chart copying", title_zh_hans="搜索引擎与图表抄袭"
    )


@pytest.fixture
def takedown(article):
    return create_takedown_request(article)


def created_at(frozen, when):
    """Move the clock to ``when`` (requests get their received time from it)."""
    frozen.move_to(when, tick=False)


@pytest.fixture
def aged(frozen, article, legal_user):
    """Requests of various ages and states, then the clock back at noon."""
    created_at(frozen, NOON - timedelta(days=10))
    old_open = create_takedown_request(article, email="old.open@example.com")
    old_decided = create_takedown_request(article, email="old.decided@example.com")
    services.takedown_request_decide(
        request=old_decided, decision="rejected", note="No.", user=legal_user
    )
    created_at(frozen, NOON - timedelta(days=2))
    fresh = create_takedown_request(
        article, email="fresh@example.com", kind=TakedownRequest.Kind.PRIVACY
    )
    created_at(frozen, NOON)
    return {"old_open": old_open, "old_decided": old_decided, "fresh": fresh}


# ---------------------------------------------------------------- the list


def test_queue_lists_reference_age_kind_article_status_and_assignee(
    legal_client, takedown, legal_user
):
    takedown.assignee = legal_user
    takedown.save()

    response = legal_client.get(QUEUE)

    assert response.status_code == 200
    for column in ["reference", "age", "kind", "article", "status", "assignee"]:
        assert f"column-{column}" in response.text, column
    row = row_of(response, takedown)
    assert f'<a href="{change_url(takedown)}">{takedown.reference}</a>' in row
    assert '<td class="field-age">0 days</td>' in row
    assert "Copyright or trademark" in row
    assert "Search engines and chart copying" in row
    assert "Received" in row
    assert ">legal<" in row


def test_age_column_counts_days_since_receipt(legal_client, aged):
    response = legal_client.get(QUEUE)

    assert "2 days" in row_of(response, aged["fresh"])
    assert "10 days" in row_of(response, aged["old_open"])


def test_queue_filters_by_status(legal_client, aged):
    assert references(legal_client.get(f"{QUEUE}?status__exact=rejected")) == {
        aged["old_decided"].reference
    }
    assert references(legal_client.get(f"{QUEUE}?status__exact=received")) == {
        aged["old_open"].reference,
        aged["fresh"].reference,
    }


def test_queue_filters_by_kind(legal_client, aged):
    assert references(legal_client.get(f"{QUEUE}?kind__exact=privacy")) == {aged["fresh"].reference}


def test_overdue_filter_shows_undecided_requests_older_than_the_setting(legal_client, aged):
    response = legal_client.get(f"{QUEUE}?age=overdue")

    assert references(response) == {aged["old_open"].reference}


def test_overdue_follows_the_setting(legal_client, aged, settings):
    settings.TAKEDOWN_OVERDUE_DAYS = 1

    response = legal_client.get(f"{QUEUE}?age=overdue")

    assert references(response) == {aged["old_open"].reference, aged["fresh"].reference}
    assert 'class="overdue"' in row_of(response, aged["fresh"])


def test_received_this_week_filter(legal_client, aged):
    assert references(legal_client.get(f"{QUEUE}?age=week")) == {aged["fresh"].reference}


def test_overdue_rows_are_highlighted(legal_client, aged):
    response = legal_client.get(QUEUE)

    assert 'class="overdue"' in row_of(response, aged["old_open"])
    assert 'class="overdue"' not in row_of(response, aged["old_decided"])
    assert 'class="overdue"' not in row_of(response, aged["fresh"])


def test_request_just_under_the_overdue_age_is_neither_listed_nor_highlighted(
    legal_client, frozen, article
):
    created_at(frozen, NOON - timedelta(days=7) + timedelta(minutes=1))
    takedown = create_takedown_request(article)
    created_at(frozen, NOON)

    assert references(legal_client.get(f"{QUEUE}?age=overdue")) == set()
    assert 'class="overdue"' not in row_of(legal_client.get(QUEUE), takedown)


def test_request_seven_and_a_half_days_old_is_overdue(legal_client, frozen, article):
    created_at(frozen, NOON - timedelta(days=7, hours=12))
    takedown = create_takedown_request(article)
    created_at(frozen, NOON)

    assert references(legal_client.get(f"{QUEUE}?age=overdue")) == {takedown.reference}


def test_request_seven_and_a_half_days_old_is_highlighted_as_overdue(legal_client, frozen, article):
    created_at(frozen, NOON - timedelta(days=7, hours=12))
    takedown = create_takedown_request(article)
    created_at(frozen, NOON)

    assert 'class="overdue"' in row_of(legal_client.get(QUEUE), takedown)


@pytest.mark.parametrize(
    "query",
    ["{reference}", "{reference_lower}", "old.open@example.com", "OLD.OPEN@example.com"],
)
def test_queue_search_by_reference_or_email(legal_client, aged, query):
    target = aged["old_open"]
    q = query.format(reference=target.reference, reference_lower=target.reference.lower())

    assert references(legal_client.get(QUEUE, {"q": q})) == {target.reference}


@pytest.mark.parametrize("title", ["chart copying", "图表抄袭"])
def test_queue_search_by_article_title_in_either_language(
    legal_client, article_factory, article, title
):
    wanted = create_takedown_request(article)
    create_takedown_request(article_factory(live=True, title_en="Unrelated", title_zh_hans="无关"))

    assert references(legal_client.get(QUEUE, {"q": title})) == {wanted.reference}


# ------------------------------------------------------- change form & audit


def test_status_and_assignee_edit_writes_an_audit_event(
    legal_client, form_data, takedown, legal_user
):
    page = legal_client.get(change_url(takedown))

    response = legal_client.post(
        change_url(takedown), form_data(page, status="under-review", assignee=str(legal_user.pk))
    )

    assert response.status_code == 302
    takedown.refresh_from_db()
    assert takedown.status == TakedownRequest.Status.UNDER_REVIEW
    assert takedown.assignee == legal_user
    event = takedown.events.order_by("pk").last()
    assert event.action == "status changed"
    assert (event.actor, event.from_status, event.to_status) == (
        legal_user,
        "received",
        "under-review",
    )


def test_assignee_only_edit_writes_an_edited_event(legal_client, form_data, takedown, legal_user):
    page = legal_client.get(change_url(takedown))

    legal_client.post(change_url(takedown), form_data(page, assignee=str(legal_user.pk)))

    event = takedown.events.order_by("pk").last()
    assert event.action == "edited"
    assert event.actor == legal_user
    assert takedown.events.count() == 2


def test_change_form_cannot_set_a_decided_status(legal_client, form_data, takedown):
    page = legal_client.get(change_url(takedown))
    status_choices = [value for value, _ in page.context["adminform"].form.fields["status"].choices]

    response = legal_client.post(change_url(takedown), form_data(page, status="removed"))

    assert status_choices == ["received", "under-review"]
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    takedown.refresh_from_db()
    assert takedown.status == TakedownRequest.Status.RECEIVED


def test_public_fields_of_the_request_are_read_only(legal_client, form_data, takedown):
    page = legal_client.get(change_url(takedown))

    legal_client.post(
        change_url(takedown),
        form_data(page, statement="Forged.", email="forged@example.com", requester_name="Forged"),
    )

    takedown.refresh_from_db()
    assert takedown.statement.startswith("The second chart")
    assert takedown.email == "li.hua@example.com"
    assert takedown.requester_name == "Li Hua"
    for name in ["statement", "email", "requester_name", "target_url", "reference"]:
        assert f'name="{name}"' not in page.text, name


def test_audit_trail_inline_is_read_only(legal_client, form_data, superuser_client, takedown):
    for browser in (legal_client, superuser_client):
        page = browser.get(change_url(takedown))
        assert page.status_code == 200
        assert "Audit trail" in page.text
        assert not re.search(
            r'name="events-\d+-(at|actor|action|from_status|to_status|note)"', page.text
        )
        assert 'name="events-0-DELETE"' not in page.text

    data = form_data(legal_client.get(change_url(takedown)))
    data.update({"events-0-action": "forged", "events-0-note": "forged", "events-0-DELETE": "on"})
    response = legal_client.post(change_url(takedown), data)

    assert response.status_code == 302
    first = TakedownEvent.objects.filter(request=takedown).order_by("pk").first()
    assert (first.action, first.note) == ("received", "")


def test_decided_request_has_no_decide_button_and_a_read_only_status(
    legal_client, takedown, legal_user
):
    services.takedown_request_decide(
        request=takedown, decision="rejected", note="No.", user=legal_user
    )

    page = legal_client.get(change_url(takedown))

    assert page.status_code == 200
    assert f"/admin/takedowns/takedownrequest/{takedown.pk}/decide/" not in page.text
    assert 'name="status"' not in page.text
    assert "Rejected" in page.text


def test_undecided_request_links_to_the_decision_page(legal_client, takedown):
    page = legal_client.get(change_url(takedown))

    assert f'href="/admin/takedowns/takedownrequest/{takedown.pk}/decide/"' in page.text


# ------------------------------------------------------------ permissions


def test_legal_user_sees_and_changes_the_queue(legal_client, takedown):
    assert legal_client.get(QUEUE).status_code == 200
    assert legal_client.get(change_url(takedown)).status_code == 200
    assert legal_client.get(f"{QUEUE}{takedown.pk}/decide/").status_code == 200
    assert "Takedown requests" in legal_client.get("/admin/").text


def test_editors_cannot_see_the_queue(editor_client, takedown):
    assert editor_client.get(QUEUE).status_code == 403
    assert editor_client.get(change_url(takedown)).status_code == 403
    assert editor_client.get(f"{QUEUE}{takedown.pk}/decide/").status_code == 403
    assert "Takedown requests" not in editor_client.get("/admin/").text


def test_editor_cannot_decide(editor_client, takedown, article):
    response = editor_client.post(
        f"{QUEUE}{takedown.pk}/decide/", {"decision": "removed", "note": "x"}
    )

    assert response.status_code == 403
    takedown.refresh_from_db()
    assert takedown.status == TakedownRequest.Status.RECEIVED


def test_anonymous_visitor_is_sent_to_the_login_page(client, takedown):
    for url in (QUEUE, change_url(takedown), f"{QUEUE}{takedown.pk}/decide/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_nobody_can_add_requests_in_the_admin(legal_client, superuser_client):
    for browser in (legal_client, superuser_client):
        assert browser.get(f"{QUEUE}add/").status_code == 403
        assert f'href="{QUEUE}add/"' not in browser.get(QUEUE).text
    assert TakedownRequest.objects.count() == 0


def test_legal_user_cannot_delete_requests(legal_client, takedown):
    page = legal_client.get(change_url(takedown))

    assert f"{QUEUE}{takedown.pk}/delete/" not in page.text
    assert legal_client.get(f"{QUEUE}{takedown.pk}/delete/").status_code == 403
    assert legal_client.post(f"{QUEUE}{takedown.pk}/delete/", {"post": "yes"}).status_code == 403
    assert 'value="delete_selected"' not in legal_client.get(QUEUE).text
    assert TakedownRequest.objects.filter(pk=takedown.pk).exists()


def test_superuser_can_delete_a_request(superuser_client, takedown):
    assert f"{QUEUE}{takedown.pk}/delete/" in superuser_client.get(change_url(takedown)).text

    response = superuser_client.post(f"{QUEUE}{takedown.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not TakedownRequest.objects.filter(pk=takedown.pk).exists()
    assert not TakedownEvent.objects.filter(request_id=takedown.pk).exists()
