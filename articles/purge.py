"""Which addresses an article change touches, for the CDN purge (geo/cdn.py).

Exactly what shows the article, in both languages: its page, its Markdown
twins, the list page it is on now and the first one (where a publication
appears), its tag and entity pages and their feeds, the site feeds, the
sitemap files that list it, llms.txt, llms-full.txt and the dead-link file.

Left to ``max-age`` (60 s by default): deeper list pages that shift by one
article when one is published or removed, the second and later pages of tag
pages, and the pages of a tag the edit took off the article (after the
commit the hook no longer knows it)."""

from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from articles.models import Article
from articles.views import PAGE_SIZE
from geo.i18n import LANGUAGE_CODES

SITE_FILES = ("/sitemap.xml", "/llms.txt", "/llms-full.txt", "/sitemap-gone.xml")
SITEMAP_SECTIONS = ("articles", "tags", "entities")


def changed_paths(change) -> list[str]:
    """The site paths (``/en/…``) a change of ``change.article_ids`` touches."""
    articles = list(Article.objects.filter(pk__in=change.article_ids))
    paths = list(change.urls)
    for language in LANGUAGE_CODES:
        with translation.override(language):
            for article in articles:
                paths += _article_paths(article)
            paths += [reverse("articles:feed"), reverse("articles:atom")]
        paths += [
            reverse("sitemap", kwargs={"section": f"{section}-{language}"})
            for section in SITEMAP_SECTIONS
        ]
    paths += SITE_FILES
    return list(dict.fromkeys(paths))


def _article_paths(article) -> list[str]:
    """In the active language."""
    page = article.get_absolute_url()
    paths = [page, article.get_twin_url(), f"{page}index.html.md"]
    home = reverse("articles:list")
    paths.append(home)
    number = _list_page_number(article)
    if number and number > 1:
        paths.append(f"{home}?page={number}")
    for tag in article.tag_list:
        tag_page = tag.get_absolute_url()  # an entity's tag: the entity page
        if tag_page:
            paths += [tag_page, f"{tag_page}feed.xml"]
    return paths


def _list_page_number(article) -> int | None:
    """The page of the newest-first list the article is on; None if not listed."""
    if not Article.objects.published().filter(pk=article.pk).exists():
        return None
    newer = (
        Article.objects.published()
        .filter(
            Q(published_at__gt=article.published_at)
            | Q(published_at=article.published_at, pk__gt=article.pk)
        )
        .count()
    )
    return newer // PAGE_SIZE + 1
