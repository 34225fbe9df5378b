"""The public status lookup: /<lang>/takedown/status/?reference=…&email=…"""

import re

import pytest

from takedowns import services
from takedowns.models import TakedownRequest
from tests.factories import create_takedown_request

pytestmark = pytest.mark.django_db

NOT_FOUND = "No request matches this reference and e-mail address."


@pytest.fixture
def takedown(article_factory):
    article = article_factory(live=True)
    return create_takedown_request(
        article,
        email="Li.Hua@Example.com",
        relationship=TakedownRequest.Relationship.NAMED_PERSON,
        kind=TakedownRequest.Kind.PRIVACY,
        statement="The third paragraph names me and my employer without consent.",
    )


def look_up(client, reference, email, language="en"):
    return client.post(f"/{language}/takedown/status/", {"reference": reference, "email": email})


def without_csrf_token(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.text)


def result_section(response) -> str:
    match = re.search(r'<section class="status-result".*?</section>', response.text, re.S)
    return match[0] if match else ""


def test_empty_status_page_shows_the_form_and_no_answer(client):
    response = client.get("/en/takedown/status/")

    assert response.status_code == 200
    assert 'name="reference"' in response.text
    assert 'name="email"' in response.text
    assert NOT_FOUND not in response.text
    assert result_section(response) == ""


def test_reference_and_email_show_the_status(client, takedown):
    response = look_up(client, takedown.reference, "Li.Hua@Example.com")

    assert response.status_code == 200
    section = result_section(response)
    assert f"<h2>{takedown.reference}</h2>" in section
    assert "<dd>Received</dd>" in section
    assert "Decision note" not in section
    assert "<dt>Decided</dt>" not in section
    assert NOT_FOUND not in response.text


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_reference_and_email_are_matched_without_regard_to_case(client, takedown, language):
    response = look_up(client, f"  {takedown.reference.lower()} ", "LI.HUA@EXAMPLE.COM", language)

    assert f"<h2>{takedown.reference}</h2>" in result_section(response)


def test_status_shows_an_admin_status_change(client, takedown, legal_user):
    takedown.status = TakedownRequest.Status.UNDER_REVIEW
    services.takedown_request_update(request=takedown, user=legal_user)

    response = look_up(client, takedown.reference, "li.hua@example.com")

    assert "<dd>Under review</dd>" in result_section(response)


def test_decided_request_shows_its_decision_and_public_note(client, takedown, legal_user):
    services.takedown_request_decide(
        request=takedown,
        decision=TakedownRequest.Status.REJECTED,
        note="The paragraph quotes a public court record.\nYou may appeal within 30 days.",
        user=legal_user,
    )

    response = look_up(client, takedown.reference, "li.hua@example.com")

    section = result_section(response)
    assert "<dd>Rejected</dd>" in section
    assert "Decision note" in section
    assert (
        "The paragraph quotes a public court record.<br>You may appeal within 30 days." in section
    )
    assert "<dt>Decided</dt>" in section
    assert section.count("<time datetime=") == 2  # received and decided


def test_decision_note_is_escaped(client, takedown, legal_user):
    services.takedown_request_decide(
        request=takedown,
        decision=TakedownRequest.Status.REJECTED,
        note="<script>alert(1)</script>",
        user=legal_user,
    )

    section = result_section(look_up(client, takedown.reference, "li.hua@example.com"))

    assert "<script>" not in section
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in section


def test_wrong_email_gives_exactly_the_answer_of_a_missing_reference(client, takedown):
    wrong_email = look_up(client, takedown.reference, "someone.else@example.com")
    missing_reference = look_up(client, "TD-2222-2222", "someone.else@example.com")
    TakedownRequest.objects.all().delete()
    same_query_after_deletion = look_up(client, takedown.reference, "someone.else@example.com")

    assert wrong_email.status_code == missing_reference.status_code == 200
    assert NOT_FOUND in wrong_email.text
    assert NOT_FOUND in missing_reference.text
    assert result_section(wrong_email) == result_section(missing_reference) == ""
    # Same query, request existing or not: not one byte differs (but the
    # form's CSRF token, which is new on every page).
    assert without_csrf_token(wrong_email) == without_csrf_token(same_query_after_deletion)


def test_other_requests_status_is_not_shown_for_a_known_email(client, takedown):
    response = look_up(client, "TD-2222-2222", "li.hua@example.com")

    assert NOT_FOUND in response.text
    assert takedown.reference not in response.text


def test_malformed_lookup_shows_field_errors_and_no_result(client, takedown):
    response = look_up(client, takedown.reference, "not-an-email")

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["Enter a valid email address."]
    assert result_section(response) == ""


def test_reference_and_email_never_travel_in_the_address(client, takedown):
    page = client.get("/en/takedown/status/").text
    response = look_up(client, takedown.reference, "li.hua@example.com")
    old_style = client.get(
        f"/en/takedown/status/?reference={takedown.reference}&email=li.hua@example.com"
    )

    assert re.search(r'<form method="post"[^>]*class="status-form"', page)
    assert takedown.reference in result_section(response)
    assert result_section(old_style) == ""
