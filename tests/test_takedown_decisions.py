"""Legal's decision page /admin/takedowns/takedownrequest/<pk>/decide/ and what
each decision does to the public site and the requester's mailbox."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from articles.models import Article
from takedowns.models import TakedownRequest
from tests.factories import create_takedown_request
from tests.test_takedown_form import break_the_mail_server

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
CJK = re.compile(r"[\u4e00-\u9fff]")


def make_request(article, *, language="en", email="li.hua@example.com") -> TakedownRequest:
    return create_takedown_request(
        article, language=language, email=email, evidence_links=["https://example.com/report-2025"]
    )


QUEUE = "/admin/takedowns/takedownrequest/"


def decide_url(takedown):
    return f"/admin/takedowns/takedownrequest/{takedown.pk}/decide/"


def change_url(takedown):
    return f"/admin/takedowns/takedownrequest/{takedown.pk}/change/"


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOON, tick=False)
    return time_machine


@pytest.fixture
def article(article_factory, frozen):
    return article_factory(
        live=True,
        published_at=NOON - timedelta(days=3),
        updated_at=NOON - timedelta(days=3),
        slug="search-watch",
    )


@pytest.fixture
def takedown(article, run_tasks, mailoutbox):
    """A request whose acknowledgement has gone out: the mails a test sees are its own."""
    takedown = make_request(article)
    run_tasks()
    mailoutbox.clear()
    return takedown


@pytest.fixture
def decide(legal_client, tasks_run_after):
    """POST a decision as the Legal user, running the after-commit mail."""

    def post(takedown, **data):
        with tasks_run_after():
            return legal_client.post(decide_url(takedown), data)

    return post


def workflow_events(takedown) -> list[str]:
    """The audit trail without its mail lines."""
    actions = takedown.events.values_list("action", flat=True)
    return [action for action in actions if not action.startswith("mail ")]


def form_errors(response, field):
    return list(response.context["form"].errors.get(field, []))


def assert_nothing_decided(takedown, article, mailoutbox):
    takedown.refresh_from_db()
    assert takedown.status == TakedownRequest.Status.RECEIVED
    assert takedown.handled_by is None
    assert takedown.decided_at is None
    assert takedown.decision_note == ""
    assert workflow_events(takedown) == ["received"]
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.status == Article.Status.PUBLISHED
    assert fresh.updated_at == article.updated_at
    assert not fresh.correction_note_zh_hans and not fresh.correction_note_en
    assert mailoutbox == []


# ------------------------------------------------------------- the page


def test_decision_page_asks_for_a_decision_and_a_note(legal_client, takedown):
    response = legal_client.get(decide_url(takedown))

    assert response.status_code == 200
    html = response.text
    assert [value for value, _ in response.context["form"].fields["decision"].choices] == [
        "removed",
        "corrected",
        "rejected",
    ]
    assert 'name="note"' in html
    assert 'name="correction_note_zh_hans"' in html and 'name="correction_note_en"' in html
    assert "The second chart copies our 2025 market report" in html


def test_decision_without_a_note_is_refused_and_changes_nothing(
    decide, takedown, article, mailoutbox
):
    response = decide(takedown, decision="rejected", note="")

    assert response.status_code == 200
    assert form_errors(response, "note") == ["This field is required."]
    assert_nothing_decided(takedown, article, mailoutbox)


def test_missing_decision_is_refused(decide, takedown, article, mailoutbox):
    response = decide(takedown, note="Reviewed.")

    assert form_errors(response, "decision") == ["This field is required."]
    assert_nothing_decided(takedown, article, mailoutbox)


def test_unknown_decision_value_is_refused(decide, takedown, article, mailoutbox):
    response = decide(takedown, decision="received", note="Reviewed.")

    assert form_errors(response, "decision")
    assert_nothing_decided(takedown, article, mailoutbox)


# ---------------------------------------------------------------- remove


@pytest.fixture
def listed_article(article, tag_factory, entity_factory, entity_row_factory):
    """The article, tagged and in an entity table: on every list of the site."""
    tag = tag_factory()
    entity = entity_factory()
    entity_row_factory(table__article=article, entity=entity)
    article.tags.add(tag, entity.tag)
    return article, tag, entity


def list_pages(tag, entity):
    return [
        f"/{language}/{path}"
        for language in ("zh-hans", "en")
        for path in ("", f"tags/{tag.slug}/", f"entities/{entity.slug}/")
    ]


def test_remove_takes_the_article_off_the_whole_site(
    client, decide, listed_article, takedown, legal_user
):
    article, tag, entity = listed_article
    for url in list_pages(tag, entity):
        page = client.get(url)
        assert page.status_code == 200, url
        assert article.title_en in page.text or article.title_zh_hans in page.text, url

    response = decide(takedown, decision="removed", note="The chart is the complainant's work.")

    assert response.status_code == 302
    assert response["Location"] == change_url(takedown)
    for language in ("zh-hans", "en"):
        assert client.get(f"/{language}/articles/{article.slug}/").status_code == 410
    for url in list_pages(tag, entity):
        page = client.get(url)
        assert article.title_en not in page.text, url
        assert article.title_zh_hans not in page.text, url
        assert f"/articles/{article.slug}/" not in page.text, url
    assert Article.objects.get(pk=article.pk).status == Article.Status.WITHDRAWN


def test_remove_records_who_decided_and_when(decide, takedown, legal_user, frozen):
    frozen.move_to(NOON + timedelta(hours=2), tick=False)

    decide(takedown, decision="removed", note="The chart is the complainant's work.")

    takedown.refresh_from_db()
    assert takedown.status == TakedownRequest.Status.REMOVED
    assert takedown.handled_by == legal_user
    assert takedown.decided_at == NOON + timedelta(hours=2)
    assert takedown.decision_note == "The chart is the complainant's work."
    event = takedown.events.get(action="decided")
    assert (event.actor, event.from_status, event.to_status) == (legal_user, "received", "removed")
    assert event.note == "The chart is the complainant's work."


def test_remove_mails_the_requester_in_english_when_they_wrote_in_english(
    legal_user, article, tasks_run_after, mailoutbox, run_tasks
):
    takedown = make_request(article, language="en")
    run_tasks()
    mailoutbox.clear()
    chinese_admin = Client(headers={"accept-language": "zh-hans"})
    chinese_admin.force_login(legal_user)

    with tasks_run_after():
        chinese_admin.post(
            decide_url(takedown), {"decision": "removed", "note": "Your chart, removed."}
        )

    [mail] = mailoutbox
    assert mail.to == ["li.hua@example.com"]
    assert mail.subject == f"Decision on your request {takedown.reference}: Removed"
    assert "The content has been removed from our site." in mail.body
    assert "Your chart, removed." in mail.body
    assert not CJK.search(mail.subject + mail.body.replace(article.title_zh_hans, ""))


def test_remove_mails_the_requester_in_chinese_when_they_wrote_in_chinese(
    decide, article, mailoutbox, run_tasks
):
    takedown = make_request(article, language="zh-hans")
    run_tasks()
    mailoutbox.clear()

    decide(takedown, decision="removed", note="已删除。")

    [mail] = mailoutbox
    assert takedown.reference in mail.subject
    assert CJK.search(mail.subject), mail.subject


def test_remove_needs_a_linked_article(decide, takedown, article, mailoutbox):
    Article.objects.filter(pk=article.pk).delete()  # the request keeps its URL
    takedown.refresh_from_db()
    assert takedown.article is None

    response = decide(takedown, decision="removed", note="Remove it.")

    assert form_errors(response, "decision") == [
        "This request is not linked to an article; link one first."
    ]
    takedown.refresh_from_db()
    assert takedown.status == TakedownRequest.Status.RECEIVED
    assert mailoutbox == []


# --------------------------------------------------------------- correct


def test_correct_without_a_correction_note_is_refused(decide, takedown, article, mailoutbox):
    response = decide(takedown, decision="corrected", note="We fixed the figure.")

    assert response.status_code == 200
    assert form_errors(response, "correction_note_zh_hans") == [
        "A correction needs a note to show on the article."
    ]
    assert_nothing_decided(takedown, article, mailoutbox)


def test_correct_shows_a_dated_note_at_the_top_of_the_body(
    client, decide, takedown, article, frozen, settings
):
    settings.TIME_ZONE = "Asia/Shanghai"
    frozen.move_to(NOON + timedelta(hours=5), tick=False)

    response = decide(
        takedown,
        decision="corrected",
        note="We fixed the market-share figure.",
        correction_note_zh_hans="本文第二张图表的市场份额数据已更正。",
        correction_note_en="The market share in the second chart has been corrected.",
    )

    assert response.status_code == 302
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.status == Article.Status.PUBLISHED
    assert fresh.corrected_at == NOON + timedelta(hours=5)
    assert fresh.updated_at == NOON + timedelta(hours=5)
    assert fresh.updated_at != article.updated_at
    for language, note, body in [
        ("zh-hans", "本文第二张图表的市场份额数据已更正。", "答案引擎直接引用文章的摘要"),
        ("en", "The market share in the second chart has been corrected.", "Answer engines quote"),
    ]:
        page = client.get(f"/{language}/articles/{article.slug}/")
        assert page.status_code == 200
        html = page.text
        content = html[html.index('<section id="content"') :]
        aside = re.search(r'<aside class="correction".*?</aside>', content, re.S)
        assert aside, language
        # 17:00 UTC is 01:00 the next day in the site's time zone (Asia/Shanghai).
        assert '<time datetime="2026-11-29T01:00:00+08:00">' in aside[0]
        assert note in aside[0]
        assert content.index('<aside class="correction"') < content.index(body)
        # The first thing in the body section is the correction.
        assert re.match(r'<section id="content"[^>]*>\s*<aside class="correction"', content)


def test_correct_with_only_a_chinese_note_is_accepted(client, decide, takedown, article):
    response = decide(
        takedown, decision="corrected", note="Fixed.", correction_note_zh_hans="数据已更正。"
    )

    assert response.status_code == 302
    takedown.refresh_from_db()
    assert takedown.status == TakedownRequest.Status.CORRECTED
    assert "数据已更正。" in client.get(f"/zh-hans/articles/{article.slug}/").text


def test_correct_mails_the_requester(decide, takedown, mailoutbox):
    decide(
        takedown,
        decision="corrected",
        note="We fixed the figure.",
        correction_note_en="Fixed figure.",
    )

    [mail] = mailoutbox
    assert mail.to == ["li.hua@example.com"]
    assert mail.subject == f"Decision on your request {takedown.reference}: Corrected"
    assert "The article now carries a dated correction." in mail.body
    assert "We fixed the figure." in mail.body


def test_uncorrected_article_shows_no_correction_block(client, article):
    assert 'class="correction"' not in client.get(f"/en/articles/{article.slug}/").text


# ---------------------------------------------------------------- reject


def test_reject_leaves_the_article_untouched_and_mails_the_reason(
    client, decide, takedown, article, legal_user, mailoutbox, frozen
):
    before = client.get(f"/en/articles/{article.slug}/").text
    frozen.move_to(NOON + timedelta(hours=1), tick=False)

    response = decide(
        takedown, decision="rejected", note="The chart cites your report as its source."
    )

    assert response.status_code == 302
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.status == Article.Status.PUBLISHED
    assert fresh.updated_at == article.updated_at
    assert fresh.version == article.version
    assert fresh.corrected_at is None
    assert client.get(f"/en/articles/{article.slug}/").text == before
    takedown.refresh_from_db()
    assert (takedown.status, takedown.handled_by) == (TakedownRequest.Status.REJECTED, legal_user)
    assert takedown.decided_at == NOON + timedelta(hours=1)
    [mail] = mailoutbox
    assert mail.to == ["li.hua@example.com"]
    assert mail.subject == f"Decision on your request {takedown.reference}: Rejected"
    assert "We did not remove or change the content." in mail.body
    assert "The chart cites your report as its source." in mail.body


# --------------------------------------------------------- decided once


def test_decided_request_cannot_be_decided_again(
    decide, legal_client, takedown, article, mailoutbox
):
    decide(takedown, decision="rejected", note="First decision.")
    mailoutbox.clear()

    page = legal_client.get(decide_url(takedown), follow=True)
    second = decide(takedown, decision="removed", note="Second thoughts.")

    assert page.redirect_chain == [(change_url(takedown), 302)]
    assert "This request was already decided (Rejected) by legal" in page.text
    assert second.status_code == 302
    takedown.refresh_from_db()
    assert takedown.status == TakedownRequest.Status.REJECTED
    assert takedown.decision_note == "First decision."
    assert takedown.events.filter(action="decided").count() == 1
    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED
    assert mailoutbox == []


def test_a_failing_decision_mail_is_retried_with_growing_pauses_then_shown_as_failed(
    decide, takedown, article, settings, frozen, run_tasks, legal_client
):
    break_the_mail_server(settings)

    response = decide(takedown, decision="removed", note="Removed.")

    assert response.status_code == 302
    takedown.refresh_from_db()
    assert takedown.status == TakedownRequest.Status.REMOVED
    assert Article.objects.get(pk=article.pk).status == Article.Status.WITHDRAWN
    waited = timedelta()
    for pause in (1, 2, 4, 8):  # minutes before each retry
        assert not takedown.events.filter(action="mail failed: decision").exists()
        frozen.move_to(NOON + waited + timedelta(minutes=pause) - timedelta(seconds=1), tick=False)
        run_tasks()
        assert DBTaskResult.objects.filter(status="READY").count() == 1  # not due yet
        waited += timedelta(minutes=pause)
        frozen.move_to(NOON + waited, tick=False)
        run_tasks()
    failed = takedown.events.get(action="mail failed: decision")
    assert "5 tries" in failed.note and "mail server down" in failed.note
    [task] = DBTaskResult.objects.filter(status="FAILED")
    assert "mail server down" in task.traceback
    queue = legal_client.get(QUEUE).text
    assert "failed: decision" in queue


def test_legal_sends_a_failed_mail_again_from_the_queue(
    decide, takedown, settings, frozen, run_tasks, legal_client, mailoutbox
):
    break_the_mail_server(settings)
    decide(takedown, decision="rejected", note="Not ours to remove.")
    for minutes in (1, 3, 7, 15):
        frozen.move_to(NOON + timedelta(minutes=minutes), tick=False)
        run_tasks()
    assert takedown.events.filter(action="mail failed: decision").exists()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

    response = legal_client.post(
        QUEUE, {"action": "resend_failed_mails", "_selected_action": [takedown.pk]}, follow=True
    )
    run_tasks()

    assert "1 mail queued again." in response.text
    [mail] = mailoutbox
    assert "Not ours to remove." in mail.body
    assert takedown.events.filter(action="mail sent: decision").exists()
    assert "failed: decision" not in legal_client.get(QUEUE).text
