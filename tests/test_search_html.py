"""The search pages are valid HTML (W3C Nu checker, as tests/test_html_validity.py):
the empty page, results with highlights and the other language's matches,
no results with suggested tags, and the OpenSearch description is XML."""

from xml.etree import ElementTree

import pytest

from search.index import rebuild
from tests.reader_data import full_article
from tests.test_html_validity import pytestmark as html_marks
from tests.test_html_validity import save_pages, validate

pytestmark = html_marks


def test_search_pages_are_valid_html(client, tmp_path, article_factory):
    full_article()
    article_factory(live=True, chinese_only=True, slug="zh-only", body_zh_hans="多云战略的分析。")
    rebuild()

    pages = {}
    for language in ("zh-hans", "en"):
        pages |= {
            f"empty-{language}": f"/{language}/search/",
            f"results-{language}": f"/{language}/search/?q=答案引擎+answer",
            f"other-language-{language}": f"/{language}/search/?q=多云",
            f"none-{language}": f"/{language}/search/?q=zzzz&year=2020",
        }
    save_pages(client, tmp_path / "pages", pages)

    validate(tmp_path / "pages")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_opensearch_description_is_well_formed(client, language):
    response = client.get(f"/{language}/opensearch.xml")

    root = ElementTree.fromstring(response.content)
    url = root.find("{http://a9.com/-/spec/opensearch/1.1/}Url")
    assert url.get("template").endswith(f"/{language}/search/?q={{searchTerms}}")
