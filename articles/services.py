"""Writes with side effects: publishing workflow and derived tags.

Admin actions, the importer and (later) takedown decisions call these, so a
rule such as "publishing without a date means now" lives in one place."""

import logging
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from articles.models import Article, Tag, TakedownEvent, TakedownRequest
from geo.changes import content_changed
from geo.i18n import LANGUAGE_CODES


def article_changed(*, article: Article) -> None:
    """The change hook for one article (geo/changes.py): its page in every
    language changed, and so did every list, feed and sitemap that shows it.
    Every write to an article ends here, after commit."""
    urls = []
    for language in LANGUAGE_CODES:
        with translation.override(language):
            urls.append(article.get_absolute_url())
    content_changed(article_ids=[article.pk], urls=urls)


def article_publish(*, article: Article) -> Article:
    """Publish now, or keep the scheduled time if one is set."""
    article.status = Article.Status.PUBLISHED
    if article.published_at is None:
        article.published_at = timezone.now()
    article.save()
    article_changed(article=article)
    return article


def article_unpublish(*, article: Article) -> Article:
    """Back to draft: gone from the site, nothing lost."""
    article.status = Article.Status.DRAFT
    article.save()
    article_changed(article=article)
    return article


def article_withdraw(*, article: Article) -> Article:
    """Withdrawn articles answer 410 Gone everywhere."""
    article.status = Article.Status.WITHDRAWN
    article.save()
    article_changed(article=article)
    return article


def article_sync_entity_tags(*, article: Article) -> None:
    """Putting an entity in one of the article's tables tags the article with it."""
    entity_tags = Tag.objects.filter(entity__rows__table__article=article).distinct()
    article.tags.add(*entity_tags)


# ------------------------------------------------------------ takedown requests

logger = logging.getLogger(__name__)
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L


def new_takedown_reference() -> str:
    """``TD-7K3M-Q9XA``: short to read out, 40 bits of randomness to guess."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"TD-{chars[:4]}-{chars[4:]}"


def takedown_request_create(*, language: str, **fields) -> TakedownRequest:
    """Store the request first (its own transaction); mail only after commit,
    so a mail failure never loses a request."""
    with transaction.atomic():
        request = TakedownRequest(language=language, **fields)
        while True:
            request.reference = new_takedown_reference()
            if not TakedownRequest.objects.filter(reference=request.reference).exists():
                break
        request.full_clean()
        request.save()
        TakedownEvent.objects.create(request=request, action="received", to_status=request.status)
        transaction.on_commit(lambda: _send_received_mails(request))
    return request


def takedown_request_decide(
    *, request: TakedownRequest, decision: str, note: str, user, correction: dict | None = None
) -> TakedownRequest:
    """Remove, correct or reject; records who and when, e-mails the requester."""
    Status = TakedownRequest.Status
    if decision not in (Status.REMOVED, Status.CORRECTED, Status.REJECTED):
        raise ValueError(f"not a decision: {decision}")
    with transaction.atomic():
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
        transaction.on_commit(lambda: _send_decision_mail(request))
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


def article_correct(*, article: Article, notes: dict) -> Article:
    """Show a dated correction note at the top of the article; its updated date changes."""
    for column, text in notes.items():
        setattr(article, column, text)
    article.corrected_at = article.updated_at = timezone.now()
    article.save()
    article_changed(article=article)
    return article


def _send_received_mails(request: TakedownRequest) -> None:
    legal = list(
        get_user_model()
        .objects.filter(groups__name="Legal", is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    _mail(request, "received", [request.email])
    if legal:
        # Legal works in the site's default language, whatever the sender wrote in.
        _mail(request, "legal_notification", legal, language=settings.LANGUAGE_CODE)


def _send_decision_mail(request: TakedownRequest) -> None:
    _mail(request, "decision", [request.email])


def _mail(
    request: TakedownRequest, template: str, recipients: list[str], language: str | None = None
) -> None:
    """Send one templated mail in the requester's language; log, never raise."""
    with translation.override(language or request.language):
        context = {"request": request, "site_url": settings.SITE_URL}
        subject = render_to_string(
            f"articles/email/takedown_{template}_subject.txt", context
        ).strip()
        body = render_to_string(f"articles/email/takedown_{template}.txt", context)
    try:
        send_mail(subject, body, None, recipients)
    except Exception:  # the request is stored; a mail outage must not lose it
        logger.exception(
            "Could not send the %s mail for takedown request %s", template, request.reference
        )
        TakedownEvent.objects.create(request=request, action=f"mail failed: {template}")
