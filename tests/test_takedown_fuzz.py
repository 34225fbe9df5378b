"""Whatever a browser or a bot posts, the takedown pages answer with a page
(200, 302, 400 or 429), never a server error."""

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.provisional import urls

from takedowns.models import TakedownRequest

pytestmark = pytest.mark.django_db

ANSWERS = {200, 302, 400, 429}
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any character Python can encode, control characters and NUL included.
any_char = st.characters(codec="utf-8")
short_text = st.text(any_char, max_size=300)
huge_text = st.builds(
    lambda piece, n: (piece * n)[:20_000],
    st.text(any_char, min_size=1, max_size=5),
    st.integers(0, 20_000),
)
text = st.one_of(
    short_text, huge_text, st.sampled_from(["", " ", "\x00", "\r\n", "\u202e", "🙂" * 50])
)

hosts = st.sampled_from(
    [
        "127.0.0.1:8000",
        "127.0.0.1",
        "example.com",
        "[::1]:8000",
        "xn--fiqs8s.cn",
        "localhost:8000",
        "",
    ]
)
schemes = st.sampled_from(["http", "https", "HTTP", "ftp", "javascript", "data", "file", ""])
paths = st.one_of(
    st.sampled_from(
        [
            "/en/articles/fuzz-target/",
            "/zh-hans/articles/fuzz-target/",
            "/en/",
            "/en/tags/x/",
            "/admin/",
            "/",
        ]
    ),
    st.builds(
        lambda lang, slug: f"/{lang}/articles/{slug}/",
        st.sampled_from(["en", "zh-hans", "fr", ""]),
        short_text,
    ),
    short_text,
)
site_urls = st.one_of(
    st.builds(lambda s, h, p: f"{s}://{h}{p}", schemes, hosts, paths),
    urls(),
    text,
)
evidence = st.one_of(
    text,
    st.lists(st.one_of(urls(), site_urls, short_text), max_size=8).map("\n".join),
)


def choice(values):
    return st.one_of(st.sampled_from(values), short_text)


pii_statements = st.sampled_from(
    [
        "Call me on +86 138 1234 5678 about paragraph two, please.",
        "My ID 11010519491231002x is in the photo caption, remove it.",
        "Card 4111 1111 1111 1111 should not be here, please remove.",
        "The order 20261128 was delivered, the article says it was not.",
    ]
)

form_data = st.fixed_dictionaries(
    {},
    optional={
        "target_url": site_urls,
        "requester_name": text,
        "organisation": text,
        "email": st.one_of(st.emails(), text),
        "relationship": choice(["rights-holder", "agent", "named-person", "other"]),
        "kind": choice(["copyright", "privacy", "factual-error", "other"]),
        "statement": st.one_of(text, pii_statements),
        "evidence": evidence,
        "good_faith": st.sampled_from(["on", "true", "false", "", "0", "1", "☑"]),
        "website": st.one_of(st.just(""), short_text),
    },
)


@pytest.fixture
def target(article_factory):
    return article_factory(live=True, slug="fuzz-target")


@FUZZ
@given(data=form_data, language=st.sampled_from(["en", "zh-hans"]))
def test_any_posted_form_gets_a_page_never_a_server_error(
    client, target, tasks_run_after, mailoutbox, data, language
):
    cache.clear()  # the rate limit must not answer every example
    before = TakedownRequest.objects.count()

    with tasks_run_after():  # the mails are rendered too
        response = client.post(f"/{language}/takedown/", data)

    event(f"answer {response.status_code}")
    assert response.status_code in ANSWERS
    stored = TakedownRequest.objects.count() - before
    assert stored == (1 if response.status_code == 302 else 0)
    if response.status_code == 302:
        assert TakedownRequest.objects.order_by("-pk").first().article == target


@FUZZ
@given(
    data=st.fixed_dictionaries(
        {
            "target_url": st.sampled_from(
                [
                    "http://127.0.0.1:8000/en/articles/fuzz-target/",
                    "http://127.0.0.1:8000/zh-hans/articles/fuzz-target/",
                ]
            ),
            "requester_name": st.text(any_char, min_size=1, max_size=120),
            "organisation": st.text(any_char, max_size=200),
            "email": st.emails(),
            "relationship": st.sampled_from(["rights-holder", "agent", "named-person", "other"]),
            "kind": st.sampled_from(["copyright", "privacy", "factual-error", "other"]),
            "statement": st.text(any_char, min_size=20, max_size=5000),
            "evidence": st.lists(urls(), max_size=5).map("\n".join),
            "good_faith": st.just("on"),
        }
    )
)
def test_plausible_notices_with_any_text_are_stored_or_refused_cleanly(
    client, target, tasks_run_after, mailoutbox, data
):
    """Nearly valid notices go through the whole path: validation, storage,
    rendering the e-mails with the sender's own text in them."""
    cache.clear()

    with tasks_run_after():
        response = client.post("/en/takedown/", data)

    event(f"answer {response.status_code}")
    assert response.status_code in {302, 400}
    if response.status_code == 302:
        follow = client.get(response["Location"])
        assert follow.status_code == 200


@FUZZ
@given(
    params=st.fixed_dictionaries(
        {},
        optional={
            "reference": st.one_of(
                text, st.from_regex(r"TD-[2-9A-Z]{4}-[2-9A-Z]{4}", fullmatch=True)
            ),
            "email": st.one_of(st.emails(), text),
        },
    ),
    language=st.sampled_from(["en", "zh-hans"]),
)
def test_any_status_lookup_gets_a_page_never_a_server_error(client, params, language):
    cache.clear()

    response = client.post(f"/{language}/takedown/status/", params)

    assert response.status_code in {200, 429}


@FUZZ
@given(ref=text, article=text, language=st.sampled_from(["en", "zh-hans"]))
def test_any_query_on_the_form_and_sent_pages_gets_a_page(client, ref, article, language):
    cache.clear()

    form = client.get(f"/{language}/takedown/", {"article": article})
    sent = client.get(f"/{language}/takedown/sent/", {"ref": ref})

    assert form.status_code == 200
    assert sent.status_code == 404
