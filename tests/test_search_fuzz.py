"""Whatever a reader types (any Unicode, FTS and SQL syntax, huge input) or
puts in the filters, search answers with a page, never a server error, on
whichever database the suite runs (SQLite and PostgreSQL in CI)."""

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.index import index_articles

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

any_char = st.characters(codec="utf-8")
syntax = st.sampled_from(
    [
        '"',
        "NEAR(",
        "*",
        "-",
        " OR ",
        " AND ",
        " NOT ",
        "(",
        ")",
        ":",
        "^",
        "'",
        ";",
        "--",
        "/*",
        "\\",
        "&",
        "|",
        "!",
        "<->",
        "%",
        "_",
        "\x00",
        "多云",
        "战略",
        "partnership",
        " ",
    ]
)
query = st.one_of(
    st.text(any_char, max_size=200),
    st.lists(syntax, max_size=30).map("".join),
    st.builds(
        lambda piece, n: piece * n, st.text(any_char, min_size=1, max_size=4), st.integers(0, 5_000)
    ),
)
filters = st.fixed_dictionaries(
    {},
    optional={
        "tag": st.text(any_char, max_size=30),
        "entity": st.text(any_char, max_size=30),
        "year": st.text(any_char, max_size=8),
        "page": st.text(any_char, max_size=8),
    },
)


@pytest.fixture
def corpus(article_factory):
    article = article_factory(
        live=True, slug="corpus", body_zh_hans="微软宣布多云战略。", body_en="Partnerships near OR."
    )
    index_articles([article.pk])


@FUZZ
@given(q=query, params=filters, language=st.sampled_from(["en", "zh-hans"]))
def test_no_query_causes_a_server_error(client, corpus, q, params, language):
    cache.clear()  # neither the page cache nor the rate limit answers for the view

    response = client.get(f"/{language}/search/", {"q": q, **params})

    assert response.status_code == 200
