"""Text surfaces for machines, built from the same lookup and data as the
pages: the Markdown twins, /llms.txt and /llms-full.txt."""

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from articles.models import Article
from articles.querysets import Visibility
from articles.twin import article_markdown, article_urls, shown_language
from geo.i18n import LANGUAGE_CODES, translated_text
from geo.models import SiteSettings
from geo.seo import absolute
from geo.text import shorten

MARKDOWN = "text/markdown; charset=utf-8"
# llms.txt files are Markdown by content, served as text for every client.
PLAIN_MARKDOWN = "text/plain; charset=utf-8"
GONE_TEXT = "# 410 Gone\n\n本文已删除。\n\nThis article has been removed.\n"
MISSING_TEXT = "# 404 Not Found\n\n找不到这篇文章。\n\nThere is no such article.\n"

# Headings and labels (marked here: gettext cannot read f-strings).
ARTICLES = gettext_noop("Articles")
EVERY_ARTICLE_IN_FULL = gettext_noop("Every article in full")
FREQUENTLY_ASKED_QUESTIONS = gettext_noop("Frequently asked questions")


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


# ------------------------------------------------------------------ llms.txt

# llms.txt is a map, not an archive: the newest articles in each language;
# /llms-full.txt and the sitemaps have every one.
LLMS_TXT_ARTICLES = 200
LLMS_FULL_CHUNK = 100
DEFAULT_SUMMARY = "中英双语行业分析。Industry analysis in Chinese and English."


def llms_txt(request):
    """``/llms.txt`` per the llms.txt proposal: H1, summary, sections of links
    to the Markdown twins, one line each (the BLUF cut at a sentence)."""
    site = SiteSettings.load()
    names = {code: translated_text(site, "site_name", code).value for code in LANGUAGE_CODES}
    lines = [f"# {' · '.join(dict.fromkeys(names.values()))}", ""]
    taglines = [
        translated_text(site, "tagline", code, fallback=False).value for code in LANGUAGE_CODES
    ]
    summary = [line for line in taglines if line] or [DEFAULT_SUMMARY]
    lines += [f"> {line}" for line in summary]
    lines += [
        "",
        "每篇文章都有中文和（多数）英文版本；在文章地址后加 .md 可得 Markdown 原文。",
        "Every article exists in Chinese and most in English; add .md to an article's address "
        "for its Markdown text. Quote with a link to the article.",
        "",
    ]
    for code in LANGUAGE_CODES:
        with translation.override(code):
            lines += [f"## {_(ARTICLES)} ({dict(settings.LANGUAGES)[code]})", ""]
            articles = (
                Article.objects.published()
                .readable_in(code)
                .order_by("-published_at", "-pk")
                .only(
                    "slug", f"title_{code.replace('-', '_')}", f"summary_{code.replace('-', '_')}"
                )
            )
            for article in articles[:LLMS_TXT_ARTICLES]:
                title = translated_text(article, "title", code).value
                summary = shorten(translated_text(article, "summary", code).value, 160)
                lines.append(f"- [{title}]({absolute(article.get_twin_url())}): {summary}")
            lines.append("")
    lines += ["## Optional", ""]
    lines.append(
        f"- [{_(EVERY_ARTICLE_IN_FULL)}]({absolute('/llms-full.txt')}): "
        "全部已发布文章的 Markdown 全文 / the Markdown of every published article"
    )
    lines.append(f"- [Sitemap]({absolute(reverse('sitemap-index'))}): 全部地址 / every address")
    for code in LANGUAGE_CODES:
        with translation.override(code):
            language = dict(settings.LANGUAGES)[code]
            lines.append(
                f"- [{_(FREQUENTLY_ASKED_QUESTIONS)}]({absolute(reverse('faq:site'))}): {language}"
            )
            lines.append(f"- [RSS]({absolute(reverse('articles:feed'))}): {language}")
    return HttpResponse("\n".join(lines).rstrip() + "\n", content_type=PLAIN_MARKDOWN)


def llms_full_txt(request):
    """``/llms-full.txt``: every published article's twin in each language it
    has, newest first, streamed in chunks (constant memory at any size)."""
    site = SiteSettings.load()

    def documents():
        yield f"# {site.site_name}\n\n"
        articles = Article.objects.published().for_detail().order_by("-published_at", "-pk")
        for article in articles.iterator(chunk_size=LLMS_FULL_CHUNK):
            for code in article.readable_languages():
                yield article_markdown(article, code, site_name=site.site_name) + "\n"

    response = StreamingHttpResponse(documents(), content_type=PLAIN_MARKDOWN)
    patch_cache_control(response, public=True, max_age=settings.BROWSER_CACHE_SECONDS)
    return response
