"""Text surfaces for machines, built from the same lookup and data as the
pages: the Markdown twins, /llms.txt and /llms-full.txt."""

from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from articles.models import Article
from articles.querysets import Visibility
from articles.twin import article_markdown, article_urls, shown_language
from geo.models import SiteSettings

MARKDOWN = "text/markdown; charset=utf-8"
GONE_TEXT = "# 410 Gone\n\n本文已删除。\n\nThis article has been removed.\n"
MISSING_TEXT = "# 404 Not Found\n\n找不到这篇文章。\n\nThere is no such article.\n"


def markdown_response(text: str, *, status: int = 200) -> HttpResponse:
    response = HttpResponse(text, content_type=MARKDOWN, status=status)
    response["X-Robots-Tag"] = "noindex"  # the HTML page is the one to index
    patch_vary_headers(response, ["Accept"])
    return response


def twin_response(article: Article, language: str) -> HttpResponse:
    site = SiteSettings.load()
    shown = shown_language(article, language)
    response = markdown_response(article_markdown(article, language, site_name=site.site_name))
    response["Link"] = f'<{article_urls(article)[shown]}>; rel="canonical"'
    return response


def article_twin(request, slug):
    """``/<lang>/articles/<slug>.md`` (and ``…/<slug>/index.html.md``)."""
    lookup = Article.objects.for_detail().for_reader(slug)
    if lookup.visibility is Visibility.GONE:
        return markdown_response(GONE_TEXT, status=410)
    if lookup.visibility is Visibility.MOVED:
        return redirect(lookup.article.get_twin_url(), permanent=True)
    if lookup.visibility is Visibility.MISSING:
        return markdown_response(MISSING_TEXT, status=404)
    return twin_response(lookup.article, get_language())
