"""Which addresses an article change touches, for the CDN purge (geo/cdn.py).

Exactly what shows the article, in both languages: its page, its Markdown
twins, the first list page (where a publication appears), the archive and
the archive page of its month (lists past page 1 are keyset pages, addressed
by a cursor: no fixed address shows the article there), its tag and entity pages and their feeds, the site feeds, the
sitemap files that list it, llms.txt, llms-full.txt and the dead-link file.

Left to ``max-age`` (60 s by default): the keyset list pages past the first, the second and later pages of tag
pages, and the pages of a tag the edit took off the article (after the
commit the hook no longer knows it)."""

from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article
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
    if article.published_at is not None:
        month = timezone.localtime(article.published_at)
        paths += [
            reverse("articles:archive"),
            reverse("articles:archive-month", kwargs={"year": month.year, "month": month.month}),
        ]
    for tag in article.tag_list:
        tag_page = tag.get_absolute_url()  # an entity's tag: the entity page
        if tag_page:
            paths += [tag_page, f"{tag_page}feed.xml"]
    return paths
