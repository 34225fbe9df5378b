"""Outbound mail of the takedown workflow, sent by the task worker (Django's
tasks framework, database backend), never inside a reader's request.

A mail that fails is tried again with growing pauses; after the last try
its task fails (visible, with the error, under "Task results" in the admin)
and the request's audit trail says so. Legal can send it again from the
queue."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation

from geo.retries import ATTEMPTS, retry_delay
from takedowns.models import TakedownEvent, TakedownRequest

logger = logging.getLogger(__name__)


def _recipients(request: TakedownRequest, template: str) -> tuple[list[str], str]:
    """Who gets the mail, and in which language."""
    if template == "legal_notification":
        legal = (
            get_user_model()
            .objects.filter(groups__name="Legal", is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        # Legal works in the site's default language, whatever the sender wrote in.
        return list(legal), settings.LANGUAGE_CODE
    return [request.email], request.language


def send_now(request: TakedownRequest, template: str) -> None:
    """Render and send one mail of the workflow; raises if the server refuses it."""
    recipients, language = _recipients(request, template)
    if not recipients:
        return
    with translation.override(language):
        context = {"request": request, "site_url": settings.SITE_URL}
        subject = render_to_string(f"takedowns/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"takedowns/email/{template}.txt", context)
    send_mail(subject, body, None, recipients)


@task
def send_takedown_mail(request_id: int, template: str, attempt: int = 1) -> str:
    request = TakedownRequest.objects.get(pk=request_id)
    try:
        send_now(request, template)
    except Exception as error:
        if attempt >= ATTEMPTS:
            logger.exception("The %s mail for %s failed for good", template, request.reference)
            TakedownEvent.objects.create(
                request=request,
                action=f"mail failed: {template}",
                note=f"{attempt} tries; last error: {error}",
            )
            raise
        retry_at = timezone.now() + retry_delay(attempt)
        send_takedown_mail.using(run_after=retry_at).enqueue(request_id, template, attempt + 1)
        logger.warning(
            "The %s mail for %s failed (%s); retrying", template, request.reference, error
        )
        return f"retrying at {timezone.localtime(retry_at).isoformat()}"
    TakedownEvent.objects.create(request=request, action=f"mail sent: {template}")
    return "sent"


def failed_mails(request: TakedownRequest) -> list[str]:
    """The mails of ``request`` whose last outcome is a failure (from the prefetched events)."""
    last = {}
    for event in request.events.all():
        for outcome in ("failed", "sent"):
            prefix = f"mail {outcome}: "
            if event.action.startswith(prefix):
                last[event.action.removeprefix(prefix)] = outcome
    return [template for template, outcome in last.items() if outcome == "failed"]


def queue_mail(request: TakedownRequest, template: str) -> None:
    send_takedown_mail.enqueue(request.pk, template)
