"""The public removal / correction form: /<lang>/takedown/.

Every rule is checked through HTTP, as a sender's browser would post it."""

import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from django.utils.html import escape
from django_tasks_db.models import DBTaskResult
from stdnum import luhn
from stdnum.cn import ric

from articles.models import Article, Disclaimer
from takedowns.models import TakedownEvent, TakedownRequest

pytestmark = pytest.mark.django_db

REFERENCE = re.compile(r"^TD-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")
CJK = re.compile(r"[\u4e00-\u9fff]")
ZH_MO = Path(django_settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"
needs_zh_catalog = pytest.mark.skipif(
    not ZH_MO.exists(), reason="locale/zh_Hans/LC_MESSAGES/django.mo is not compiled"
)


class ExplodingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


def break_the_mail_server(settings) -> None:
    """Configure ExplodingBackend as the site's mailer, with Django 6.1's
    MAILERS if the settings use it, else with the older EMAIL_BACKEND."""
    backend = f"{__name__}.ExplodingBackend"
    if hasattr(django_settings, "MAILERS"):
        settings.MAILERS = {"default": {"BACKEND": backend}}
    else:
        settings.EMAIL_BACKEND = backend


# ------------------------------------------------------------------- helpers


def article_url(article, language="en"):
    return f"{django_settings.SITE_URL}/{language}/articles/{article.slug}/"


def takedown_data(article, **changes):
    """A valid notice about ``article``; ``changes`` override fields (None drops one)."""
    data = {
        "target_url": article_url(article),
        "requester_name": "Li Hua",
        "organisation": "",
        "email": "li.hua@example.com",
        "relationship": TakedownRequest.Relationship.RIGHTS_HOLDER,
        "kind": TakedownRequest.Kind.COPYRIGHT,
        "statement": "The second chart copies our 2025 market report without permission.",
        "evidence": "https://example.com/report-2025\nhttps://example.org/press-release",
        "good_faith": "on",
        "website": "",
    }
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def field_errors(response, field):
    """The field's errors, after checking the page shows them at that field."""
    errors = list(response.context["form"].errors.get(field, []))
    shown = re.search(
        rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', response.text, re.S
    )
    if errors:
        assert shown, f"{field}'s errors are not shown at the field"
        for error in errors:
            assert escape(error) in shown[1]
    else:
        assert not shown
    return errors


def reference_on_page(response) -> str:
    match = re.search(r'<strong id="reference">([^<]*)</strong>', response.text)
    assert match, "no #reference on the page"
    return match[1]


def luhn_complete(body: str) -> str:
    return next(body + d for d in "0123456789" if luhn.is_valid(body + d))


def valid_resident_id(first17="11010119900307123") -> str:
    return first17 + ric.calc_check_digit(first17 + "?")


def resident_id_ending_in_x() -> str:
    first17 = next(
        f"44030419851015{n:03d}"
        for n in range(1000)
        if ric.calc_check_digit(f"44030419851015{n:03d}" + "?") == "X"
    )
    return first17 + "X"


def wrong_check_digit_id() -> str:
    """18 digits shaped like an ID, wrong check digit, failing Luhn too."""
    valid = valid_resident_id()
    return next(
        valid[:17] + d for d in "0123456789" if d != valid[17] and not luhn.is_valid(valid[:17] + d)
    )


def luhn_failing_16_digits() -> str:
    valid = luhn_complete("622202123456789")
    return valid[:-1] + str((int(valid[-1]) + 1) % 10)


@pytest.fixture
def article(article_factory):
    return article_factory(live=True, slug="search-watch")


@pytest.fixture
def legal_member(user_factory):
    return user_factory(username="counsel", email="counsel@example.com", groups=["Legal"])


# ------------------------------------------------------------ the empty form


def test_form_page_shows_every_field_and_the_honeypot(client):
    response = client.get("/en/takedown/")

    assert response.status_code == 200
    for name in [
        "target_url",
        "requester_name",
        "organisation",
        "email",
        "relationship",
        "kind",
        "statement",
        "evidence",
        "good_faith",
        "website",
    ]:
        assert f'name="{name}"' in response.text, name
    form = response.context["form"]
    assert [value for value, _ in form.fields["relationship"].choices] == [
        "rights-holder",
        "agent",
        "named-person",
        "other",
    ]
    assert [value for value, _ in form.fields["kind"].choices] == [
        "copyright",
        "privacy",
        "factual-error",
        "other",
    ]
    assert not form.fields["organisation"].required
    assert not form.fields["evidence"].required
    assert 'class="hp"' in response.text


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_article_parameter_prefills_the_articles_absolute_address(client, article, language):
    response = client.get(f"/{language}/takedown/?article={article.slug}")

    assert response.status_code == 200
    expected = f"http://127.0.0.1:8000/{language}/articles/search-watch/"
    assert response.context["form"]["target_url"].value() == expected
    assert f'value="{expected}"' in response.text


def test_unknown_article_parameter_leaves_the_address_empty(client, article):
    response = client.get("/en/takedown/?article=no-such-article")

    assert response.status_code == 200
    assert not response.context["form"]["target_url"].value()


# ------------------------------------------------------------------- success


def test_valid_notice_is_stored_and_redirects_to_the_sent_page(client, article):
    response = client.post("/en/takedown/", takedown_data(article, organisation="Acme Research"))

    assert response.status_code == 302
    assert response["Location"].startswith("/en/takedown/sent/?ref=")
    takedown = TakedownRequest.objects.get()
    assert REFERENCE.match(takedown.reference)
    assert takedown.article == article
    assert takedown.target_url == "http://127.0.0.1:8000/en/articles/search-watch/"
    assert takedown.requester_name == "Li Hua"
    assert takedown.organisation == "Acme Research"
    assert takedown.email == "li.hua@example.com"
    assert takedown.relationship == "rights-holder"
    assert takedown.kind == "copyright"
    assert takedown.statement.startswith("The second chart copies")
    assert takedown.evidence_links == [
        "https://example.com/report-2025",
        "https://example.org/press-release",
    ]
    assert takedown.good_faith is True
    assert takedown.language == "en"
    assert takedown.status == TakedownRequest.Status.RECEIVED
    assert list(takedown.events.values_list("action", "to_status")) == [("received", "received")]


def test_sent_page_shows_the_stored_reference(client, article):
    response = client.post("/zh-hans/takedown/", takedown_data(article), follow=True)

    assert response.redirect_chain[0][0].startswith("/zh-hans/takedown/sent/?ref=")
    assert response.status_code == 200
    reference = reference_on_page(response)
    assert REFERENCE.match(reference)
    assert TakedownRequest.objects.get().reference == reference
    assert TakedownRequest.objects.get().language == "zh-hans"


def test_sent_page_with_a_forged_reference_token_is_not_found(client, article):
    response = client.post("/en/takedown/", takedown_data(article))
    token = response["Location"].split("ref=", 1)[1]

    assert client.get(f"/en/takedown/sent/?ref={token}x").status_code == 404
    assert client.get("/en/takedown/sent/?ref=TD-2345-6789").status_code == 404
    assert client.get("/en/takedown/sent/").status_code == 404


@pytest.mark.parametrize("url_language", ["zh-hans", "en"])
@pytest.mark.parametrize("form_language", ["zh-hans", "en"])
def test_article_address_in_either_language_is_accepted(
    client, article, url_language, form_language
):
    response = client.post(
        f"/{form_language}/takedown/",
        takedown_data(article, target_url=article_url(article, url_language)),
    )

    assert response.status_code == 302
    assert TakedownRequest.objects.get().article == article


def test_address_of_the_site_written_with_an_uppercase_host_is_accepted(client, article):
    response = client.post(
        "/en/takedown/",
        takedown_data(article, target_url=f"HTTP://127.0.0.1:8000/en/articles/{article.slug}/"),
    )

    assert response.status_code == 302


@pytest.mark.parametrize(
    "statement",
    [
        f"The number {wrong_check_digit_id()} in paragraph 2 is our contract number.",
        "Our hotline 12812345678 is printed wrongly in the second section.",
        f"Reference {luhn_failing_16_digits()} is our invoice; the figure is wrong.",
        "The article says our order 20261128 was cancelled; it was delivered on 2026-11-28.",
    ],
    ids=["id-wrong-check-digit", "11-digits-starting-12", "16-digits-failing-luhn", "date"],
)
def test_personal_data_look_alikes_are_accepted(client, article, statement):
    response = client.post("/en/takedown/", takedown_data(article, statement=statement))

    assert response.status_code == 302
    assert TakedownRequest.objects.get().statement == statement


# ----------------------------------------------------------- invalid notices


REQUIRED = {
    "target_url": "This field is required.",
    "requester_name": "This field is required.",
    "email": "This field is required.",
    "relationship": "This field is required.",
    "kind": "This field is required.",
    "statement": "This field is required.",
    "good_faith": "Please confirm the good-faith declaration.",
}


@pytest.mark.parametrize("field", list(REQUIRED))
def test_missing_required_field_is_refused_on_that_field(client, article, field):
    response = client.post("/en/takedown/", takedown_data(article, **{field: None}))

    assert response.status_code == 400
    assert field_errors(response, field) == [REQUIRED[field]]
    assert set(response.context["form"].errors) == {field}
    assert unescape(response.text).count(REQUIRED[field]) == 1
    assert TakedownRequest.objects.count() == 0


@pytest.mark.parametrize("field", ["requester_name", "statement", "email", "target_url"])
def test_blank_required_text_is_refused(client, article, field):
    response = client.post("/en/takedown/", takedown_data(article, **{field: "   "}))

    assert response.status_code == 400
    assert field_errors(response, field) == ["This field is required."]
    assert TakedownRequest.objects.count() == 0


@pytest.mark.parametrize(
    "email", ["li.hua", "li.hua@", "li hua@example.com", "li.hua@example..com", "@example.com"]
)
def test_malformed_email_is_refused(client, article, email):
    response = client.post("/en/takedown/", takedown_data(article, email=email))

    assert response.status_code == 400
    assert field_errors(response, "email") == ["Enter a valid email address."]
    assert TakedownRequest.objects.count() == 0


NOT_AN_ARTICLE = (
    "This is not the address of an article on this site. Copy it from the article page."
)


@pytest.mark.parametrize(
    "target",
    [
        "https://example.com/en/articles/search-watch/",  # another host
        "http://127.0.0.1:9000/en/articles/search-watch/",  # another port
        "http://127.0.0.1.example.com:8000/en/articles/search-watch/",
        "http://127.0.0.1:8000@evil.example/en/articles/search-watch/",
        "https://evil.example/?next=http://127.0.0.1:8000/en/articles/search-watch/",
        "http://127.0.0.1:8000/en/",  # the article list
        "http://127.0.0.1:8000/en/takedown/",
        "http://127.0.0.1:8000/en/faq/",
        "http://127.0.0.1:8000/admin/",
        "http://127.0.0.1:8000/articles/search-watch/",  # no language prefix
        "http://127.0.0.1:8000/en/articles/no-such-article/",  # unknown slug
    ],
)
def test_address_that_is_not_an_article_of_this_site_is_refused(client, article, target):
    response = client.post("/en/takedown/", takedown_data(article, target_url=target))

    assert response.status_code == 400
    assert field_errors(response, "target_url") == [NOT_AN_ARTICLE]
    assert NOT_AN_ARTICLE in unescape(response.text)
    assert TakedownRequest.objects.count() == 0


@pytest.mark.parametrize(
    "target", ["javascript:alert(1)", "not a url", "http://", "mailto:legal@example.com"]
)
def test_address_that_is_not_a_web_address_is_refused(client, article, target):
    response = client.post("/en/takedown/", takedown_data(article, target_url=target))

    assert response.status_code == 400
    assert field_errors(response, "target_url")
    assert TakedownRequest.objects.count() == 0


def test_site_url_setting_decides_which_host_is_this_site(client, article, settings):
    settings.SITE_URL = "https://geo.example.cn"

    refused = client.post(
        "/en/takedown/",
        takedown_data(article, target_url=f"http://127.0.0.1:8000/en/articles/{article.slug}/"),
    )
    accepted = client.post(
        "/en/takedown/",
        takedown_data(article, target_url=f"https://geo.example.cn/en/articles/{article.slug}/"),
    )

    assert refused.status_code == 400
    assert field_errors(refused, "target_url") == [NOT_AN_ARTICLE]
    assert accepted.status_code == 302


def long_link(length: int) -> str:
    prefix = "https://example.com/"
    return prefix + "a" * (length - len(prefix))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("requester_name", "名" * 121, "at most 120 characters"),
        ("organisation", "O" * 201, "at most 200 characters"),
        ("statement", "s" * 5001, "at most 5000 characters"),
        ("email", "a" * 243 + "@example.com", "at most 254 characters"),
        ("target_url", "http://127.0.0.1:8000/en/articles/search-watch/?" + "q" * 460, "500"),
        ("evidence", long_link(501), "is not a web address"),
        ("evidence", "\n".join(f"https://example.com/{n}" for n in range(6)), "At most 5 links"),
    ],
    ids=["name", "organisation", "statement", "email", "target", "link-too-long", "six-links"],
)
def test_over_long_field_is_refused_on_that_field(client, article, field, value, message):
    response = client.post("/en/takedown/", takedown_data(article, **{field: value}))

    assert response.status_code == 400
    errors = field_errors(response, field)
    assert len(errors) == 1
    assert message in errors[0]
    assert set(response.context["form"].errors) == {field}
    assert TakedownRequest.objects.count() == 0


def test_every_field_at_its_length_limit_is_accepted(client, article):
    data = takedown_data(
        article,
        requester_name="名" * 120,
        organisation="O" * 200,
        statement="s" * 5000,
        email="a" * 242 + "@example.com",
        evidence="\n".join(long_link(500)[:-1] + str(n) for n in range(5)),
    )

    response = client.post("/en/takedown/", data)

    assert response.status_code == 302
    takedown = TakedownRequest.objects.get()
    assert len(takedown.requester_name) == 120
    assert len(takedown.statement) == 5000
    assert len(takedown.evidence_links) == 5
    assert {len(link) for link in takedown.evidence_links} == {500}


@pytest.mark.parametrize(
    "link",
    [
        "ftp://example.com/report.pdf",
        "javascript:alert(1)",
        "example.com/report",
        "file:///etc/passwd",
    ],
)
def test_evidence_link_that_is_not_http_is_refused(client, article, link):
    response = client.post(
        "/en/takedown/", takedown_data(article, evidence=f"https://example.com/ok\n{link}")
    )

    assert response.status_code == 400
    errors = field_errors(response, "evidence")
    assert len(errors) == 1
    assert "is not a web address starting with http:// or https://" in errors[0]
    assert TakedownRequest.objects.count() == 0


def test_blank_lines_between_evidence_links_are_ignored(client, article):
    response = client.post(
        "/en/takedown/",
        takedown_data(
            article, evidence="\r\n https://example.com/a \r\n\r\n\r\nhttps://example.com/b\r\n"
        ),
    )

    assert response.status_code == 302
    assert TakedownRequest.objects.get().evidence_links == [
        "https://example.com/a",
        "https://example.com/b",
    ]


@pytest.mark.parametrize(
    ("statement", "what"),
    [
        (
            f"My ID number {valid_resident_id()} is visible in the photo caption.",
            "an ID card number",
        ),
        (f"身份证号{resident_id_ending_in_x()}出现在第三段，请删除。", "an ID card number"),
        (
            f"The ID {resident_id_ending_in_x().lower()} in the caption is mine.",
            "an ID card number",
        ),
        ("Call me on 13812345678 about the second paragraph.", "a mobile phone number"),
        ("Call me on +86 138 1234 5678 about the second paragraph.", "a mobile phone number"),
        ("Call me on 138-1234-5678 about the second paragraph.", "a mobile phone number"),
        (
            f"Refund to card {luhn_complete('622202123456789')} please, the article is wrong.",
            "a bank card number",
        ),
        (
            f"Refund to card {luhn_complete('622202123456789012')} please, it is wrong.",
            "a bank card number",
        ),
        (
            "Refund to card 6222 0212 3456 789"
            + luhn_complete("622202123456789")[-1]
            + " please, it is wrong.",
            "a bank card number",
        ),
        (
            "Refund to card 6222-0212-3456-789"
            + luhn_complete("622202123456789")[-1]
            + " please, it is wrong.",
            "a bank card number",
        ),
    ],
    ids=[
        "id",
        "id-X-in-chinese-text",
        "id-lowercase-x",
        "mobile",
        "mobile-+86-spaces",
        "mobile-hyphens",
        "card-16",
        "card-19",
        "card-spaces",
        "card-hyphens",
    ],
)
def test_statement_with_personal_data_is_refused_and_asks_to_remove_it(
    client, article, statement, what
):
    response = client.post("/en/takedown/", takedown_data(article, statement=statement))

    assert response.status_code == 400
    assert field_errors(response, "statement") == [
        f"Your statement seems to contain {what}. Please remove it: we never need it, "
        "and the request is kept on file."
    ]
    assert set(response.context["form"].errors) == {"statement"}
    assert TakedownRequest.objects.count() == 0


def test_filled_honeypot_is_refused_and_nothing_is_stored(
    client, article, mailoutbox, tasks_run_after
):
    with tasks_run_after():
        response = client.post(
            "/en/takedown/", takedown_data(article, website="https://spam.example")
        )

    assert response.status_code == 400
    assert TakedownRequest.objects.count() == 0
    assert mailoutbox == []


def test_post_without_csrf_token_is_forbidden(article):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post("/en/takedown/", takedown_data(article))

    assert response.status_code == 403
    assert TakedownRequest.objects.count() == 0


def test_post_with_the_forms_csrf_token_is_accepted(article):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/en/takedown/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]

    response = browser.post(
        "/en/takedown/", {**takedown_data(article), "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert TakedownRequest.objects.count() == 1


def test_refused_form_shows_the_values_typed(client, article):
    data = takedown_data(
        article,
        requester_name="Zhang Wei",
        organisation="Acme & Sons",
        email="not-an-email",
        statement="Paragraph 4 quotes our <report> without credit, please fix.",
        kind=TakedownRequest.Kind.FACTUAL_ERROR,
        relationship=TakedownRequest.Relationship.AGENT,
    )

    response = client.post("/en/takedown/", data)

    assert response.status_code == 400
    html = response.text
    assert 'value="Zhang Wei"' in html
    assert 'value="Acme &amp; Sons"' in html
    assert 'value="not-an-email"' in html
    assert "Paragraph 4 quotes our &lt;report&gt; without credit, please fix.</textarea>" in html
    assert "https://example.com/report-2025\nhttps://example.org/press-release</textarea>" in html
    assert re.search(r'<input[^>]*value="factual-error"[^>]*checked', html)
    assert re.search(r'<input[^>]*value="agent"[^>]*checked', html)
    assert re.search(r'<input[^>]*name="good_faith"[^>]*checked', html)
    assert f'value="{article_url(article)}"' in html


@needs_zh_catalog
def test_chinese_form_shows_djangos_required_message_in_chinese(client, article):
    response = client.post("/zh-hans/takedown/", takedown_data(article, requester_name=None))

    assert response.status_code == 400
    assert field_errors(response, "requester_name") == ["这个字段是必填项。"]


@needs_zh_catalog
def test_chinese_form_explains_a_wrong_address_in_chinese(client, article):
    response = client.post(
        "/zh-hans/takedown/", takedown_data(article, target_url="https://example.com/x/")
    )

    assert response.status_code == 400
    [message] = field_errors(response, "target_url")
    assert CJK.search(message), message


@needs_zh_catalog
def test_chinese_form_asks_in_chinese_to_remove_personal_data(client, article):
    response = client.post(
        "/zh-hans/takedown/",
        takedown_data(article, statement="请致电 13812345678 联系我处理此事。"),
    )

    assert response.status_code == 400
    [message] = field_errors(response, "statement")
    assert CJK.search(message), message


def test_english_form_explains_errors_in_english(client, article):
    response = client.post(
        "/en/takedown/", takedown_data(article, target_url="https://example.com/x/", kind=None)
    )

    assert field_errors(response, "target_url") == [NOT_AN_ARTICLE]
    assert field_errors(response, "kind") == ["This field is required."]
    assert not CJK.search(" ".join(response.context["form"].errors.get("kind")))


# ---------------------------------------------------------------------- mail


def test_sender_and_legal_are_mailed_in_english_after_an_english_notice(
    client, article, legal_member, editor, mailoutbox, tasks_run_after
):
    with tasks_run_after():
        response = client.post("/en/takedown/", takedown_data(article))

    assert response.status_code == 302
    takedown = TakedownRequest.objects.get()
    to_sender = [mail for mail in mailoutbox if mail.to == ["li.hua@example.com"]]
    to_legal = [mail for mail in mailoutbox if mail.to != ["li.hua@example.com"]]
    assert len(to_sender) == 1
    assert to_sender[0].subject == f"We received your request {takedown.reference}"
    assert takedown.reference in to_sender[0].body
    assert "Dear Li Hua," in to_sender[0].body
    assert "http://127.0.0.1:8000/en/takedown/status/" in to_sender[0].body
    assert len(to_legal) == 1
    assert to_legal[0].to == ["counsel@example.com"]
    # Legal is written to in the site's default language, whatever the sender used.
    assert takedown.reference in to_legal[0].subject
    assert (
        "新的删除/更正申请" in to_legal[0].subject or "New takedown request" in to_legal[0].subject
    )
    assert f"/admin/takedowns/takedownrequest/{takedown.pk}/change/" in to_legal[0].body
    assert editor.email not in {address for mail in mailoutbox for address in mail.to}


def test_legal_members_are_notified_even_if_one_member_has_no_email(
    client, article, legal_member, user_factory, mailoutbox, tasks_run_after
):
    user_factory(username="paralegal", email="", groups=["Legal"])

    with tasks_run_after():
        client.post("/en/takedown/", takedown_data(article))

    notified = {address for mail in mailoutbox for address in mail.to} - {"li.hua@example.com"}
    assert notified == {"counsel@example.com"}


@needs_zh_catalog
def test_sender_of_a_chinese_notice_gets_a_chinese_acknowledgement(
    client, article, mailoutbox, tasks_run_after
):
    with tasks_run_after():
        client.post("/zh-hans/takedown/", takedown_data(article))

    [mail] = [mail for mail in mailoutbox if mail.to == ["li.hua@example.com"]]
    assert TakedownRequest.objects.get().reference in mail.subject
    assert CJK.search(mail.subject), mail.subject


def test_invalid_notice_sends_no_mail(client, article, legal_member, mailoutbox, tasks_run_after):
    with tasks_run_after() as callbacks:
        response = client.post("/en/takedown/", takedown_data(article, email="nope"))

    assert response.status_code == 400
    assert callbacks == []
    assert mailoutbox == []


def test_notice_is_kept_and_acknowledged_when_mail_fails(
    client, article, legal_member, settings, tasks_run_after, mailoutbox
):
    break_the_mail_server(settings)

    with tasks_run_after():
        response = client.post("/en/takedown/", takedown_data(article), follow=True)

    assert response.status_code == 200
    takedown = TakedownRequest.objects.get()
    assert reference_on_page(response) == takedown.reference
    assert mailoutbox == []
    # Both mails failed once and wait for their next try.
    retries = DBTaskResult.objects.filter(status="READY")
    assert sorted(task.args_kwargs["args"][1] for task in retries) == [
        "legal_notification",
        "received",
    ]
    assert all(task.args_kwargs["args"][2] == 2 for task in retries)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_submitting_a_notice_never_waits_for_the_mail_server(
    client, article_factory, user_factory, settings
):
    """A real commit (transactional test): the request and its two mails are
    stored in one transaction; the mail server is not touched in the request."""
    break_the_mail_server(settings)
    # The group comes from a data migration; serialized_rollback does not bring
    # it back once the session's Playwright browser has started (see report).
    Group.objects.get_or_create(name="Legal")
    article = article_factory(live=True)
    user_factory(username="counsel", email="counsel@example.com", groups=["Legal"])

    response = client.post("/en/takedown/", takedown_data(article), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[0][0].startswith("/en/takedown/sent/?ref=")
    takedown = TakedownRequest.objects.get()
    assert reference_on_page(response) == takedown.reference
    queued = DBTaskResult.objects.filter(status="READY", task_path__endswith="send_takedown_mail")
    assert sorted(task.args_kwargs["args"][1] for task in queued) == [
        "legal_notification",
        "received",
    ]
    assert not TakedownEvent.objects.filter(action__startswith="mail").exists()


# ------------------------------------------------------ the link on every article


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("ai_assisted", [True, False])
def test_every_article_page_links_to_the_form_with_the_article_prefilled(
    client, article_factory, language, ai_assisted
):
    article = article_factory(live=True, ai_assisted=ai_assisted)
    removal = Disclaimer.objects.get(key="removal")

    page = client.get(f"/{language}/articles/{article.slug}/")

    assert page.status_code == 200
    html = unescape(page.text)
    disclaimer = html[html.index('id="disclaimer"') :]
    link = re.search(
        rf'<a href="/{language}/takedown/\?article={article.slug}">([^<]+)</a>', disclaimer
    )
    assert link, "no link to the form with the article pre-filled"
    if language == "en":
        assert link[1] == "Request removal or correction of this article"
    assert (removal.title_zh_hans if language == "zh-hans" else removal.title_en) in disclaimer
    assert f"/{language}/takedown/" in disclaimer
    form = client.get(f"/{language}/takedown/?article={article.slug}")
    assert form.context["form"]["target_url"].value() == article_url(article, language)


def test_withdrawn_article_page_is_gone_not_linked(client, article_factory):
    article = article_factory(withdrawn=True)

    assert client.get(f"/en/articles/{article.slug}/").status_code == 410
    assert Article.objects.get().status == Article.Status.WITHDRAWN


@pytest.mark.parametrize("slug", ["\x00", "../admin", "a b", "x" * 300])
def test_form_ignores_an_article_parameter_that_is_not_a_slug(client, slug):
    response = client.get("/en/takedown/", {"article": slug})

    assert response.status_code == 200
    assert 'name="target_url"' in response.text
    assert 'value="http' not in response.text
