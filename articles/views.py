from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from articles import listing, machine_views, page_parts, structured_data
from articles.models import Article, Entity, Tag
from articles.querysets import Visibility, detail_prefetches
from geo import jsonld
from geo.models import SiteSettings
from geo.negotiation import prefers_markdown
from geo.seo import PageMeta, alternates


def visitor_is_staff(request) -> bool:
    """Staff-only extras without touching the session of anonymous readers
    (a touched session adds ``Vary: Cookie`` and spoils the page cache)."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return request.user.is_active and request.user.is_staff


def gone(request) -> TemplateResponse:
    return TemplateResponse(
        request,
        "410.html",
        {"meta": PageMeta(title=_("Article removed"), noindex=True)},
        status=410,
    )


class ArticleListPage(TemplateView):
    """A list of published articles, newest first, in keyset pages
    (articles/listing.py): ``?before=<cursor>``; an old ``?page=N`` link is
    redirected (301) to the page that starts there; a page that is not one is a 404."""

    empty_is_404 = False  # a tag or entity without articles yet still has its page

    # Subclasses define articles() (readable articles, unordered) and
    # page_path() (the list's own URL in the active language).

    def get(self, request, *args, **kwargs):
        if "page" in request.GET:
            return self.redirect_numbered_page(request.GET["page"])
        before = None
        if "before" in request.GET:
            before = listing.Cursor.parse(request.GET["before"])
            if before is None:
                raise Http404
        self.page = listing.keyset_page(self.articles(), before)
        if (before is not None or self.empty_is_404) and not self.page.articles:
            raise Http404
        return super().get(request, *args, **kwargs)

    def redirect_numbered_page(self, number: str):
        try:
            cursor = listing.cursor_for_page(self.articles(), int(number))
        except (ValueError, OverflowError, LookupError):
            raise Http404 from None
        return HttpResponsePermanentRedirect(self.page_path() + listing.query_for(cursor))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(articles=self.page.articles, page_nav=self.page)
        return context

    def page_meta(self, **kwargs) -> PageMeta:
        suffix = listing.query_for(self.page.cursor)
        return PageMeta(
            canonical=self.page_path() + suffix,
            alternates=alternates(lambda: self.page_path() + suffix),
            **kwargs,
        )


class ArticleListView(ArticleListPage):
    template_name = "articles/article_list.html"

    def articles(self):
        return Article.objects.published()

    def page_path(self):
        return reverse("articles:list")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        site = SiteSettings.load()
        context["meta"] = self.page_meta(title=site.site_name, description=site.tagline)
        if self.page.cursor is None:
            context["json_ld"] = jsonld.dump(structured_data.home_graph(site))
        return context


class TagView(ArticleListPage):
    template_name = "articles/tag_detail.html"

    def get(self, request, *args, **kwargs):
        self.tag = get_object_or_404(Tag.objects.select_related("entity"), slug=kwargs["slug"])
        if hasattr(self.tag, "entity"):
            # An entity's tag page and its entity page are the same list.
            return redirect(self.tag.entity, permanent=True)
        return super().get(request, *args, **kwargs)

    def articles(self):
        return Article.objects.published().filter(tags=self.tag)

    def page_path(self):
        return self.tag.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(tag=self.tag, **kwargs)
        context["meta"] = self.page_meta(
            title=_("Articles tagged “%(tag)s”") % {"tag": self.tag.name},
            description=_("All articles tagged “%(tag)s”.") % {"tag": self.tag.name},
        )
        return context


class EntityView(ArticleListPage):
    template_name = "articles/entity_detail.html"

    def get(self, request, *args, **kwargs):
        self.entity = get_object_or_404(Entity.objects.select_related("tag"), slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def articles(self):
        return Article.objects.published().filter(tags=self.entity.tag_id)

    def page_path(self):
        return self.entity.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(entity=self.entity, **kwargs)
        context["meta"] = self.page_meta(
            title=self.entity.name,
            description=self.entity.description
            or _("Articles mentioning %(name)s.") % {"name": self.entity.name},
        )
        return context


class MonthArchiveView(ArticleListPage):
    """The articles published in one month (site time zone), newest first."""

    template_name = "articles/archive_month.html"
    empty_is_404 = True  # a month without articles is not a page

    def get(self, request, *args, **kwargs):
        try:
            self.month = listing.month_bounds(kwargs["year"], kwargs["month"])
        except (ValueError, OverflowError):
            raise Http404 from None
        return super().get(request, *args, **kwargs)

    def articles(self):
        start, end = self.month
        return Article.objects.published().filter(published_at__gte=start, published_at__lt=end)

    def page_path(self):
        start = self.month[0]
        return reverse("articles:archive-month", kwargs={"year": start.year, "month": start.month})

    def get_context_data(self, **kwargs):
        month = date_format(self.month[0], "YEAR_MONTH_FORMAT")
        context = super().get_context_data(**kwargs)
        context["month"] = self.month[0]
        context["meta"] = self.page_meta(
            title=_("Articles of %(month)s") % {"month": month},
            description=_("Every article published in %(month)s.") % {"month": month},
        )
        return context


class ArchiveView(TemplateView):
    """Deep history by month: each month with articles and how many."""

    template_name = "articles/archive.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(months=listing.archive_months(), **kwargs)
        context["meta"] = PageMeta(
            title=_("Archive"),
            description=_("Every article, by month of publication."),
            canonical=reverse("articles:archive"),
            alternates=alternates(lambda: reverse("articles:archive")),
        )
        return context


class ArticleDetailView(TemplateView):
    """An article as readers see it; ``?view=bilingual`` shows both languages."""

    template_name = "articles/article_detail.html"

    def get(self, request, slug):
        # The article's row only: its FAQ, tables, tags and change log are read
        # when its page parts are made, not when they are remembered.
        lookup = Article.objects.for_reader(slug)
        if lookup.visibility is Visibility.GONE:
            return gone(request)
        if lookup.visibility is Visibility.MOVED:
            return redirect(lookup.article, permanent=True)
        if lookup.visibility is Visibility.MISSING:
            raise Http404
        article = lookup.article
        if prefers_markdown(request):
            prefetch_related_objects([article], *detail_prefetches())
            return machine_views.twin_response(article, get_language())
        parts = page_parts.article_parts(
            article, language=get_language(), bilingual=self.bilingual, site=SiteSettings.load()
        )
        response = self.render_page(article, parts)
        patch_vary_headers(response, ["Accept"])  # the same URL serves the Markdown twin
        return response

    @property
    def bilingual(self) -> bool:
        return self.request.GET.get("view") == "bilingual"

    def render_article(self, article, **extra):
        """An editor's preview: made afresh and never remembered (it may show
        what is not saved); ``article`` comes with its related rows."""
        parts = page_parts.make_parts(
            article, language=get_language(), bilingual=self.bilingual, site=SiteSettings.load()
        )
        return self.render_page(article, parts, **extra)

    def render_page(self, article, parts, **extra):
        context = {
            "article": article,
            "bilingual": self.bilingual,
            "article_main": parts.main,
            "json_ld": parts.json_ld,
            "meta": parts.meta,
            "markdown_url": parts.markdown_url,
            "show_edit_link": visitor_is_staff(self.request),
        }
        return self.render_to_response(self.get_context_data(**context, **extra))


@method_decorator([staff_member_required, never_cache], name="dispatch")
class ArticlePreviewView(ArticleDetailView):
    """Editors see any article, draft or not, exactly as readers would."""

    def get(self, request, pk):
        article = get_object_or_404(Article.objects.for_detail(), pk=pk)
        return self.render_article(article, is_preview=True)
