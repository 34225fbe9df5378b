"""An article page's own parts (its markup, JSON-LD and head metadata) are
remembered per article, language and view (articles/page_parts.py), and made
again only when something they show changes: the article, its FAQ, entity
tables, change log or tags, an entity or tag it shows, the site settings.

Each edit below is made the way editors make it (the admin, a service, a
command) with the change hook run as after a commit, and is on the page at
once; the page was rendered before the edit, so a stale remembered part would
show. An edit of another article leaves the page's parts remembered."""

import json
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import services
from articles.models import Article, Entity, Tag
from faq.models import FaqItem
from tests.conftest import content_queries
from tests.reader_data import CAPTION_EN, FAQ_QUESTION_EN, full_article, png_bytes
from tests.reader_html import page

pytestmark = pytest.mark.django_db

PAGE = "/en/articles/answer-engines/"
OTHER_PAGE = "/en/articles/second-article/"
# The tables of what an article page shows besides the article's own row.
RELATED_TABLES = (
    "faq_faqitem",
    "articles_entitytable",
    "articles_entityrow",
    "articles_taggedarticle",
    "articles_articleupdate",
)


@pytest.fixture
def hook(django_capture_on_commit_callbacks):
    """``with hook():`` runs the change hook's subscribers as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def article(client):
    """The full article, its English page rendered once (and so remembered)."""
    article = full_article()
    assert client.get(PAGE).status_code == 200
    return article


def graph_of(response) -> dict[str, dict]:
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S)
    return {node["@type"]: node for node in json.loads(script[1])["@graph"]}


def related_reads(client, url) -> list[str]:
    """The queries of a page-cache miss of ``url`` that read an article's related rows."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [sql for sql in content_queries(captured) if any(t in sql for t in RELATED_TABLES)]


# ------------------------------------------------------------ remembered


def test_a_repeated_miss_reads_only_the_articles_row_and_serves_the_same_page(client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # every request renders
    full_article()
    first = client.get(PAGE)

    assert related_reads(client, PAGE) == []
    assert client.get(PAGE).content == first.content


def test_each_language_and_view_is_remembered_apart(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    full_article()
    pages = ["/zh-hans/articles/answer-engines/", PAGE, f"{PAGE}?view=bilingual"]
    first = [client.get(url).content for url in pages]

    again = [client.get(url).content for url in pages]

    assert again == first and len(set(first)) == 3


def test_an_edit_of_another_article_leaves_this_page_remembered(
    client, superuser_client, form_data, article, hook
):
    other = full_article(slug="second-article")
    url = f"/admin/articles/article/{other.pk}/change/"

    with hook():
        saved = superuser_client.post(
            url, form_data(superuser_client.get(url), title_en="Another title")
        )

    assert saved.status_code == 302
    assert related_reads(client, PAGE) == []  # a page-cache miss, its parts remembered
    assert page(client.get(OTHER_PAGE)).one("h1").text == "Another title"


def test_an_editors_preview_never_reaches_readers(client, superuser_client, form_data, article):
    change = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(superuser_client.get(change), title_en="Typed, not saved")

    preview = superuser_client.post(
        f"/admin/articles/article/{article.pk}/live-preview/?language=en", data
    )

    assert "Typed, not saved" in preview.json()["html"]
    assert "Typed, not saved" not in client.get(PAGE).text


# ------------------------------------------------------------ the article's own edits


def test_an_article_edited_in_the_admin_is_on_its_page_and_in_its_json_ld(
    client, superuser_client, form_data, article, hook
):
    url = f"/admin/articles/article/{article.pk}/change/"

    with hook():
        superuser_client.post(url, form_data(superuser_client.get(url), title_en="Edited title"))
    response = client.get(PAGE)

    assert page(response).one("h1").text == "Edited title"
    assert graph_of(response)["NewsArticle"]["headline"] == "Edited title"


def test_a_correction_is_on_the_page_with_its_change_log_line(client, article, hook):
    with hook():
        services.article_correct(article=article, notes={"correction_note_en": "A figure was off."})
    doc = page(client.get(PAGE))

    assert "A figure was off." in doc.one("aside", class_="correction").text
    assert "Corrected" in doc.by_id("changes").text


def test_an_faq_item_edited_on_its_own_admin_page_is_on_the_page_and_in_its_json_ld(
    client, superuser_client, form_data, article, hook
):
    item = FaqItem.objects.get(article=article)
    url = f"/admin/faq/faqitem/{item.pk}/change/"

    with hook():
        superuser_client.post(url, form_data(superuser_client.get(url), question_en="Who pays?"))
    response = client.get(PAGE)

    assert "Who pays?" in page(response).by_id("faq").text
    assert [q["name"] for q in graph_of(response)["FAQPage"]["mainEntity"]] == ["Who pays?"]


def test_an_faq_item_moved_to_another_article_leaves_the_first_page(
    client, superuser_client, form_data, article, hook
):
    other = full_article(slug="second-article", title_en="Second article")
    FaqItem.objects.filter(article=other).delete()
    item = FaqItem.objects.get(article=article)
    url = f"/admin/faq/faqitem/{item.pk}/change/"

    with hook():
        superuser_client.post(url, form_data(superuser_client.get(url), article=str(other.pk)))

    assert page(client.get(PAGE)).find(id="faq") is None
    assert FAQ_QUESTION_EN in page(client.get(OTHER_PAGE)).by_id("faq").text


def test_an_entity_row_edited_in_its_tables_admin_is_on_the_page(
    client, superuser_client, form_data, article, hook
):
    table = article.entity_tables.get()
    url = f"/admin/articles/entitytable/{table.pk}/change/"

    with hook():
        superuser_client.post(
            url, form_data(superuser_client.get(url), **{"rows-0-role_en": "Lab"})
        )

    assert "Lab" in page(client.get(PAGE)).one("table", class_="entity-table").text


def test_an_entity_table_moved_to_another_article_leaves_the_first_page_and_its_tags(
    client, superuser_client, form_data, article, hook
):
    other = full_article(slug="second-article")
    other.entity_tables.all().delete()
    services.article_sync_entity_tags(article=other)
    table = article.entity_tables.get()
    url = f"/admin/articles/entitytable/{table.pk}/change/"

    with hook():
        superuser_client.post(url, form_data(superuser_client.get(url), article=str(other.pk)))
    first, second = page(client.get(PAGE)), page(client.get(OTHER_PAGE))

    assert first.find("table") is None and "DeepSeek" not in first.one("ul", class_="tags").text
    assert CAPTION_EN in second.one("table").text
    assert "DeepSeek" in second.one("ul", class_="tags").text


def test_an_extra_disclaimer_chosen_in_the_articles_form_is_on_its_page(
    client, superuser_client, form_data, disclaimer_factory, article, hook
):
    extra = disclaimer_factory(title_en="Sponsored research")
    url = f"/admin/articles/article/{article.pk}/change/"

    with hook():
        superuser_client.post(url, form_data(superuser_client.get(url), disclaimers=str(extra.pk)))

    assert "Sponsored research" in page(client.get(PAGE)).by_id("disclaimer").text


def test_a_disclaimer_edited_in_its_admin_is_on_every_articles_page(
    client, superuser_client, form_data, disclaimer_factory, hook
):
    notice = disclaimer_factory(applies_to_all=True, title_en="Old notice")
    full_article()
    assert "Old notice" in page(client.get(PAGE)).by_id("disclaimer").text
    url = f"/admin/articles/disclaimer/{notice.pk}/change/"

    with hook():
        superuser_client.post(url, form_data(superuser_client.get(url), title_en="New notice"))

    assert "New notice" in page(client.get(PAGE)).by_id("disclaimer").text


# ------------------------------------------------------------ shared rows


def test_an_entity_renamed_in_its_admin_is_on_the_page_and_in_its_json_ld(
    client, superuser_client, form_data, article, hook
):
    entity = Entity.objects.get(slug="deepseek")
    url = f"/admin/articles/entity/{entity.pk}/change/"

    with hook():
        superuser_client.post(url, form_data(superuser_client.get(url), name_en="DeepSeek AI"))
    response = client.get(PAGE)

    assert "DeepSeek AI" in page(response).one("table", class_="entity-table").text
    assert "DeepSeek AI" in page(response).one("ul", class_="tags").text
    assert "DeepSeek AI" in [node["name"] for node in graph_of(response)["NewsArticle"]["about"]]


def test_a_tag_renamed_in_its_admin_is_on_the_page_and_in_its_json_ld(
    client, superuser_client, form_data, article, hook
):
    tag = Tag.objects.get(slug="search")
    url = f"/admin/articles/tag/{tag.pk}/change/"

    with hook():
        superuser_client.post(url, form_data(superuser_client.get(url), name_en="Web search"))
    response = client.get(PAGE)

    assert "Web search" in page(response).one("ul", class_="tags").text
    assert "Web search" in graph_of(response)["NewsArticle"]["keywords"]


def test_the_site_name_edited_in_the_settings_is_in_the_articles_json_ld(
    client, superuser_client, form_data, article, hook
):
    url = "/admin/geo/sitesettings/1/change/"

    with hook():
        superuser_client.post(url, form_data(superuser_client.get(url), site_name_en="Answer Desk"))
    graph = graph_of(client.get(PAGE))

    assert graph["WebSite"]["name"] == graph["Organization"]["name"] == "Answer Desk"
    assert graph["BreadcrumbList"]["itemListElement"][0]["name"] == "Answer Desk"


def test_covers_copies_made_by_the_command_are_on_the_page(client, settings, hook):
    article = full_article()
    article.cover.save("cover.png", ContentFile(png_bytes(1600, 900)), save=True)
    for _width, _height, name in article.cover_renditions["webp"]:
        (Path(settings.MEDIA_ROOT) / name).unlink()  # never made, say
    Article.objects.filter(pk=article.pk).update(cover_renditions={})
    assert "srcset" not in page(client.get(PAGE)).one("figure", class_="cover").one("img").attrs

    with hook():
        call_command("make_cover_renditions", verbosity=0)

    assert page(client.get(PAGE)).one("figure", class_="cover").one("img").get("srcset")
