"""Writes of the takedown workflow. It acts on articles only through their
withdraw and correct services; mail goes out through the task queue."""

import secrets

from django.db import transaction
from django.utils import timezone

from articles.services import article_correct, article_withdraw
from takedowns.models import TakedownEvent, TakedownRequest
from takedowns.tasks import failed_mails, queue_mail

REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L


class AlreadyDecided(Exception):
    """Someone else decided the request first (or the form was sent twice)."""

    def __init__(self, request: TakedownRequest):
        self.request = request
        super().__init__(f"{request.reference} is already {request.status}")


def new_takedown_reference() -> str:
    """``TD-7K3M-Q9XA``: short to read out, 40 bits of randomness to guess."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"TD-{chars[:4]}-{chars[4:]}"


def takedown_request_create(*, language: str, **fields) -> TakedownRequest:
    """Store the request first (its own transaction); its mails are queued in
    the same transaction and sent by the worker, so a mail failure (or a hung
    mail server) never loses a request nor holds up the sender."""
    with transaction.atomic():
        request = TakedownRequest(language=language, **fields)
        while True:
            request.reference = new_takedown_reference()
            if not TakedownRequest.objects.filter(reference=request.reference).exists():
                break
        request.full_clean()
        request.save()
        TakedownEvent.objects.create(request=request, action="received", to_status=request.status)
        queue_mail(request, "received")
        queue_mail(request, "legal_notification")
    return request


def takedown_request_decide(
    *, request: TakedownRequest, decision: str, note: str, user, correction: dict | None = None
) -> TakedownRequest:
    """Remove, correct or reject; records who and when, e-mails the requester.

    The request's row is locked and its state checked again inside the
    transaction, so two Legal users (or a double submit) record one decision
    and send one mail; the later one gets AlreadyDecided."""
    Status = TakedownRequest.Status
    if decision not in TakedownRequest.DECIDED:
        raise ValueError(f"not a decision: {decision}")
    with transaction.atomic():
        request = TakedownRequest.objects.select_for_update().get(pk=request.pk)
        if request.is_decided:
            raise AlreadyDecided(request)
        article = request.article
        if decision == Status.REMOVED and article is not None:
            article_withdraw(article=article)
        if decision == Status.CORRECTED and article is not None:
            article_correct(article=article, notes=correction or {})
        previous = request.status
        request.status = decision
        request.decision_note = note
        request.handled_by = user
        request.decided_at = timezone.now()
        request.save()
        TakedownEvent.objects.create(
            request=request,
            actor=user,
            action="decided",
            from_status=previous,
            to_status=decision,
            note=note,
        )
        queue_mail(request, "decision")
    return request


def takedown_request_update(*, request: TakedownRequest, user, note: str = "") -> None:
    """Record an edit made in the admin (status, assignee, note) in the audit trail."""
    previous = (
        TakedownRequest.objects.filter(pk=request.pk).values_list("status", flat=True).first()
    )
    request.save()
    changed = previous != request.status
    TakedownEvent.objects.create(
        request=request,
        actor=user,
        action="status changed" if changed else "edited",
        from_status=previous if changed else "",
        to_status=request.status if changed else "",
        note=note,
    )


def takedown_mails_resend(*, request: TakedownRequest, user) -> list[str]:
    """Queue again the mails of ``request`` that failed for good; returns their names."""
    templates = failed_mails(request)
    with transaction.atomic():
        for template in templates:
            queue_mail(request, template)
            TakedownEvent.objects.create(
                request=request, actor=user, action=f"mail queued again: {template}"
            )
    return templates
