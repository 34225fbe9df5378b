"""/<lang>/search/?q= and the OpenSearch description. Results pages are
cached like other reader pages (q and the filters are part of the key),
``noindex``, and rate-limited per client address (geo/client_ip.py)."""

from django.conf import settings
from django.core.validators import slug_re
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

from articles.models import Entity, Tag
from geo.client_ip import ratelimit_key
from geo.seo import PageMeta, absolute, alternates
from search import service
from search.service import Search, clean_query


def _over_limit(request) -> bool:
    usage = get_usage(
        request,
        group="search",
        key=ratelimit_key,
        rate=settings.SEARCH_RATE,
        method=ALL,
        increment=True,
    )
    return bool(usage and usage["should_limit"])


def _number(value: str, *, low: int, high: int) -> int | None:
    return int(value) if value.isascii() and value.isdigit() and low <= int(value) <= high else None


def _slug(value: str) -> str | None:
    return value if value and len(value) <= 100 and slug_re.fullmatch(value) else None


def _filter_tag(request) -> Tag | None:
    """?tag=<slug> or ?entity=<slug> (an entity's articles are its tag's)."""
    if slug := _slug(request.GET.get("entity", "")):
        entity = Entity.objects.select_related("tag").filter(slug=slug).first()
        return entity.tag if entity else None
    if slug := _slug(request.GET.get("tag", "")):
        return Tag.objects.select_related("entity").filter(slug=slug).first()
    return None


def results(request):
    search = Search(
        query=clean_query(request.GET.get("q", "")),
        language=get_language(),
        page=_number(request.GET.get("page", "1"), low=1, high=1000) or 1,
        year=_number(request.GET.get("year", ""), low=1900, high=2999),
    )
    if search.searched:
        if _over_limit(request):
            meta = PageMeta(title=_("Too many requests"), noindex=True)
            return render(request, "429.html", {"meta": meta}, status=429)
        search.tag = _filter_tag(request)
        service.run(search)
    context = {
        "search": search,
        "years": service.years() if search.searched else [],
        "suggested_tags": service.suggested_tags() if not search.results else [],
        "meta": PageMeta(
            title=_("Search: %(query)s") % {"query": search.query} if search.query else _("Search"),
            canonical=reverse("search:results"),
            alternates=alternates(lambda: reverse("search:results")),
            noindex=True,
        ),
    }
    return render(request, "search/search_results.html", context)


def opensearch(request):
    """The OpenSearch description browsers use to add the site's search."""
    context = {"search_url": absolute(reverse("search:results"))}
    return render(
        request,
        "search/opensearch.xml",
        context,
        content_type="application/opensearchdescription+xml; charset=utf-8",
    )
