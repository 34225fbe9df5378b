"""Only published articles reach a machine: drafts, articles in review,
scheduled and withdrawn ones appear on no surface, in either language —
lists, tag and entity pages, sitemaps, feeds, llms.txt, llms-full.txt,
twins and JSON-LD."""

import re

import pytest

from articles.models import Tag
from tests.factories import UNPUBLISHED
from tests.reader_data import full_article

pytestmark = pytest.mark.django_db


def every_surface(client) -> dict[str, str]:
    urls = ["/robots.txt", "/llms.txt", "/sitemap.xml"]
    for language in ("zh-hans", "en"):
        urls += [
            f"/{language}/",
            f"/{language}/feed.xml",
            f"/{language}/atom.xml",
            f"/{language}/tags/search/",
            f"/{language}/tags/search/feed.xml",
            f"/{language}/entities/deepseek/",
            f"/{language}/entities/deepseek/feed.xml",
        ]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    index = pages["/sitemap.xml"]
    for loc in re.findall(r"<loc>https?://[^/]+([^<]+)</loc>", index):
        pages[loc] = client.get(loc).content.decode()
    full = client.get("/llms-full.txt")
    pages["/llms-full.txt"] = b"".join(full.streaming_content).decode()
    return pages


@pytest.mark.parametrize("state", UNPUBLISHED)
def test_an_unpublished_article_is_on_no_surface(client, article_factory, state):
    full_article()  # a published neighbour, so every surface has content
    hidden = article_factory(
        slug=f"hidden-{state}",
        title_zh_hans=f"不该出现的文章{state}",
        title_en=f"Article that must not appear {state}",
        **UNPUBLISHED[state],
    )
    search = Tag.objects.get(slug="search")
    hidden.tags.add(search)

    for url, text in every_surface(client).items():
        assert hidden.slug not in text, url
        assert hidden.title_en not in text and hidden.title_zh_hans not in text, url
    for language in ("zh-hans", "en"):
        twin = client.get(f"/{language}/articles/{hidden.slug}.md")
        assert twin.status_code == (410 if state == "withdrawn" else 404)
