"""Error pages: 404 and 410 in the site's layout and both languages; a
standalone bilingual 500 page that never shows a traceback."""

import pytest
from django.template.loader import get_template
from django.test import Client
from django.urls import path

import geo.urls
from tests.reader_html import meta, page, parse

pytestmark = pytest.mark.django_db


def crash(request):
    raise RuntimeError("secret internals: DATABASE_PASSWORD=hunter2")


# The project's URLs plus one view that fails, for the server-error test.
urlpatterns = [path("crash/", crash), *geo.urls.urlpatterns]


def assert_bilingual(doc):
    main = doc.one("main")
    assert main.find("p", lang="zh-Hans").text
    assert main.find("p", lang="en").text


def assert_site_layout(doc, language):
    """Styled via base.html: site stylesheet, header with the language switch, footer."""
    assert doc.one("link", rel="stylesheet").get("href") == "/static/css/site.css"
    assert doc.one("header", class_="site-header").find("nav", class_="lang-switch") is not None
    assert doc.one("footer", class_="site-footer") is not None
    assert doc.one("html").get("lang") == {"zh-hans": "zh-Hans", "en": "en"}[language]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_unknown_article_is_404_in_both_languages_in_the_site_layout(client, language):
    doc = page(client.get(f"/{language}/articles/no-such-article/"), status=404)

    assert_bilingual(doc)
    assert_site_layout(doc, language)
    assert "找不到" in doc.one("main").find("p", lang="zh-Hans").text
    assert "does not exist" in doc.one("main").find("p", lang="en").text
    assert doc.one("main").find("a", href=f"/{language}/") is not None


@pytest.mark.parametrize("url", ["/en/no/such/page/", "/zh-hans/articles/", "/en/faq/extra/"])
def test_any_unknown_address_gets_the_styled_404(client, url):
    doc = page(client.get(url), status=404)

    assert_bilingual(doc)
    assert doc.one("link", rel="stylesheet").get("href") == "/static/css/site.css"


def test_draft_and_scheduled_articles_answer_404_not_their_content(client, article_factory):
    article_factory(slug="draft", title_en="Secret draft title")
    article_factory(scheduled=True, slug="later", title_en="Secret scheduled title")

    for slug in ("draft", "later"):
        response = client.get(f"/en/articles/{slug}/")

        assert response.status_code == 404
        assert b"Secret" not in response.content


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_withdrawn_article_is_410_gone_in_both_languages_with_a_link_to_the_list(
    client, article_factory, language
):
    article_factory(
        withdrawn=True, slug="removed", title_en="Removed title", title_zh_hans="已删除的标题"
    )

    response = client.get(f"/{language}/articles/removed/")
    doc = page(response, status=410)

    assert_bilingual(doc)
    assert_site_layout(doc, language)
    assert "删除" in doc.one("main").find("p", lang="zh-Hans").text
    assert "removed" in doc.one("main").find("p", lang="en").text
    assert doc.one("main").find("a", href=f"/{language}/") is not None
    assert meta(doc, "robots") == "noindex"
    assert b"Removed title" not in response.content
    assert "已删除的标题" not in response.content.decode()


def test_500_template_is_bilingual_and_standalone(django_assert_num_queries):
    # Rendered with no context and no database: it must work when everything else fails.
    with django_assert_num_queries(0):
        html = get_template("500.html").render()

    doc = parse(html)
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert doc.one("html").get("lang")
    assert doc.one("title").text
    main = doc.one("main")
    assert "出错了" in main.text or "服务器" in main.text
    assert main.containing("Something went wrong").lang() == "en"
    assert main.containing("服务器").lang() == "zh-Hans"
    assert "{%" not in html
    assert "{{" not in html
    assert doc.one("link", rel="stylesheet").get("href") == "/static/css/site.css"


@pytest.mark.urls(__name__)
def test_server_error_shows_the_500_page_without_a_traceback(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)

    response = client.get("/crash/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "出错了" in html
    assert "Traceback" not in html
    assert "RuntimeError" not in html
    assert "hunter2" not in html
