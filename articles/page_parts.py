"""An article page's own parts, made once per change of what they show rather
than once per request: the ``<article>`` markup (from the notices to the
disclaimers), the JSON-LD graph and the head metadata.

They are a function of the article's row; its FAQ, entity tables (rows and
entities), change log, tags (with their entities) and disclaimers; the site
settings (the JSON-LD names the site); the language and the view (plain or
双语对照); and the running code, templates, translations and settings. The
memo key covers each of them:

- ``article.version``: every save of the article bumps it;
- ``article.page_stamp``: the change hook replaces it for every change naming
  the article (its text, FAQ, tables, change log, tags, chosen disclaimers)
  before the page cache is told (``refresh_page_stamps``);
- ``site.shared_stamp``: replaced for every change naming no article (an
  entity, tag, disclaimer or settings edit, geo/shared_stamp.py);
- the language and the view;
- code, templates, translations and settings change only with a restart,
  which empties the memo (tests change settings in process: that empties it too).

Both stamps are read from the database with the article and the settings, so
every process sees a change at once, whichever process made it; an entry under
an old stamp is never read again and ages out. In process, like the Markdown
memo (geo/render_memo.py): a hit costs microseconds and no query, not even
those for the FAQ, tables, tags and change log. Not keyed by the content
generation, which every edit of any article replaces: that would only be a
second page cache.

Per request, outside these parts: the language links (the request's address),
the staff edit link, and editors' previews, which may show what is not saved
and are always made afresh, never remembered."""

from dataclasses import dataclass

from django.core.signals import setting_changed
from django.db.models import prefetch_related_objects
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from articles import share, structured_data
from articles.bilingual import pair_body, pair_markdown, table_pairs
from articles.models import Article, Disclaimer
from articles.notices import partial_notice, wholly_untranslated
from articles.placement import body_parts
from articles.querysets import detail_prefetches
from geo import jsonld
from geo.i18n import translated_text, url_in
from geo.render_memo import LRU, new_stamp
from geo.seo import PageMeta, absolute, alternates
from geo.text import reading_minutes

# An entry is 25–50 KB (a 双语对照 page's markup and graph, CJK text taking two
# bytes a character): at most ~20 MB a process, the hot articles' pages.
PARTS_ENTRIES = 512
MAIN_TEMPLATE = "articles/article_detail.html#article-main"

_parts = LRU(PARTS_ENTRIES)


@dataclass(frozen=True)
class ArticleParts:
    main: SafeString  # the <article>'s markup from the notices to the disclaimers
    json_ld: SafeString
    meta: PageMeta
    markdown_url: str


def article_parts(article: Article, *, language: str, bilingual: bool, site) -> ArticleParts:
    """The parts of a reader's page of ``article``, loaded without its related
    rows (they are read only when the parts are made)."""
    key = (
        article.pk,
        article.version,
        article.page_stamp,
        site.shared_stamp,
        language,
        bilingual,
    )
    parts = _parts.get(key)
    if parts is None:
        prefetch_related_objects([article], *detail_prefetches())
        parts = make_parts(article, language=language, bilingual=bilingual, site=site)
        _parts.put(key, parts)
    return parts


def make_parts(article: Article, *, language: str, bilingual: bool, site) -> ArticleParts:
    """The parts made afresh from ``article`` with its related rows prefetched
    (or, in a live preview, built in memory)."""
    readable = article.readable_languages()
    canonical_language = language if language in readable else readable[0]
    canonical = article_path(article, canonical_language)
    title = translated_text(article, "title", language)
    summary = translated_text(article, "summary", language)
    description = translated_text(article, "seo_description", language) or summary
    # Open Graph and Weibo get the 1200×675 card (articles/images.py).
    cover = article.cover_image.og if article.cover else ""
    context = {
        "article": article,
        "bilingual": bilingual,
        "translation_missing": wholly_untranslated(article, language),
        "partial_notice": partial_notice(article, language),
        "available_languages": readable,
        "canonical_url": absolute(canonical),
        "reading_minutes": reading_minutes(
            translated_text(article, "body", language).value, language
        ),
        "weibo_url": share.weibo_share_url(
            url=absolute(canonical),
            title=title.value,
            summary=summary.value,
            picture=absolute(cover) if cover else "",
        ),
        "qr_code": share.qr_svg(
            absolute(canonical), _("QR code of this article's address for WeChat")
        ),
        "disclaimers": Disclaimer.objects.for_article(article),
        **_body_context(article, language, canonical_language, bilingual=bilingual),
    }
    return ArticleParts(
        main=render_to_string(MAIN_TEMPLATE, context),
        json_ld=jsonld.dump(
            structured_data.article_graph(article, language=language, readable=readable, site=site)
        ),
        meta=PageMeta(
            title=title.value,
            description=description.value,
            canonical=canonical,
            alternates=alternates(article.get_absolute_url, readable),
            og_type="article",
            image=cover,
            image_alt=translated_text(article, "cover_alt", language).value,
            published=article.published_at,
            modified=article.date_modified,
        ),
        markdown_url=url_in(canonical_language, article.get_twin_url),
    )


def _body_context(article, language, canonical_language, *, bilingual: bool) -> dict:
    """The body with its placed entity tables: one language, or both paired."""
    tables = article.entity_tables.all()
    if not bilingual:
        parts, rest = body_parts(translated_text(article, "body", language).value, tables)
        return {"body_parts": parts, "unplaced_tables": rest}
    pairs = {
        field: pair_markdown(
            getattr(article, f"{field}_zh_hans") or "",
            getattr(article, f"{field}_en") or "",
            anchored=canonical_language,
        )
        for field in ("insight", "editor_note")
    }
    body = pair_body(
        article.body_zh_hans or "", article.body_en or "", tables, anchored=canonical_language
    )
    pairs["body"] = body.pairs
    return {
        "pairs": pairs,
        "table_pairs": table_pairs(body.unplaced),
        # Only the page language's copy of a table carries its id (as with headings).
        "anchored_zh": canonical_language == "zh-hans",
        "anchored_en": canonical_language == "en",
    }


def article_path(article: Article, language: str) -> str:
    return url_in(language, article.get_absolute_url)


def refresh_page_stamps(sender, change, **_signal) -> None:
    """Subscriber of the change hook (``updating``, before the page cache is
    told): the named articles' pages changed, so their remembered parts are stale."""
    if change.article_ids:
        Article.objects.filter(pk__in=change.article_ids).update(page_stamp=new_stamp())


@receiver(setting_changed, dispatch_uid="page-parts-settings")
def forget_all(**_signal) -> None:
    """Start from an empty memo: tests, and a setting changed in process
    (``override_settings``), since every part depends on settings (SITE_URL…)."""
    _parts.clear()
