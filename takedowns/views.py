"""The public side of takedown requests: the notice form, the "sent" page
with the reference, and the status lookup. Never cached; rate-limited per
client address (see geo/client_ip.py for which address that is)."""

from django.conf import settings
from django.core import signing
from django.core.validators import slug_re
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

from articles.models import Article
from articles.page_parts import article_path
from geo.client_ip import ratelimit_key
from geo.seo import PageMeta, absolute, alternates
from takedowns import services
from takedowns.forms import TakedownForm, TakedownStatusForm
from takedowns.models import TakedownRequest

SENT_SALT = "takedown-sent"


def _limited(request, group: str, rate: str, *, count: bool) -> bool:
    """With ``count``, record this request and say whether it went over the
    limit; without, say whether the limit is already used up."""
    usage = get_usage(
        request, group=group, key=ratelimit_key, rate=rate, method=ALL, increment=count
    )
    if usage is None:
        return False
    return usage["should_limit"] if count else usage["count"] >= usage["limit"]


def _too_many(request):
    meta = PageMeta(title=_("Too many requests"), noindex=True)
    return render(request, "429.html", {"meta": meta}, status=429)


def _meta(title: str, url_name: str) -> PageMeta:
    return PageMeta(
        title=title,
        canonical=reverse(url_name),
        alternates=alternates(lambda: reverse(url_name)),
        noindex=True,
    )


@never_cache
def takedown_form(request):
    if request.method == "POST":
        if _limited(request, "takedown-submit", settings.TAKEDOWN_SUBMIT_RATE, count=False):
            return _too_many(request)
        form = TakedownForm(request.POST)
        if form.is_valid():
            _limited(request, "takedown-submit", settings.TAKEDOWN_SUBMIT_RATE, count=True)
            takedown = services.takedown_request_create(
                language=get_language(), **form.request_fields()
            )
            token = signing.dumps(takedown.reference, salt=SENT_SALT)
            return redirect(f"{reverse('takedowns:sent')}?ref={token}")
        status = 400
    else:
        form = TakedownForm(initial={"target_url": _prefilled_url(request.GET.get("article", ""))})
        status = 200
    meta = _meta(_("Request removal or correction"), "takedowns:form")
    return render(
        request, "takedowns/takedownrequest_form.html", {"form": form, "meta": meta}, status=status
    )


def _prefilled_url(slug: str) -> str:
    """The address of the article named by ``?article=<slug>``, if there is one."""
    if not slug_re.fullmatch(slug):
        return ""  # not a slug (maybe hostile): nothing to look up
    article = Article.objects.filter(slug=slug).only("slug").first()
    return absolute(article_path(article, get_language())) if article else ""


@never_cache
def takedown_sent(request):
    try:
        reference = signing.loads(request.GET.get("ref", ""), salt=SENT_SALT, max_age=24 * 3600)
    except signing.BadSignature:
        raise Http404 from None
    meta = _meta(_("Request received"), "takedowns:form")
    return render(
        request, "takedowns/takedownrequest_sent.html", {"reference": reference, "meta": meta}
    )


@never_cache
def takedown_status(request):
    """Reference and e-mail go by POST, so neither lands in an access log."""
    found = None
    searched = request.method == "POST"
    form = TakedownStatusForm(request.POST if searched else None)
    if searched:
        if _limited(request, "takedown-status", settings.TAKEDOWN_STATUS_RATE, count=True):
            return _too_many(request)
        if form.is_valid():
            found = TakedownRequest.objects.filter(
                reference=form.cleaned_data["reference"], email__iexact=form.cleaned_data["email"]
            ).first()
    meta = _meta(_("Request status"), "takedowns:status")
    context = {"form": form, "found": found, "searched": searched, "meta": meta}
    return render(request, "takedowns/takedownrequest_status.html", context)
