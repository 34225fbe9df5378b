"""Lists at any size: keyset pages (?before=), old ?page=N links, month
archives and their counts, and cards that load only what they show."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache

from articles.listing import Cursor
from articles.models import Article
from articles.services import article_publish, article_withdraw
from tests.reader_html import page

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 5, 20, 4, 0, tzinfo=UTC)


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def titles(doc):
    return [card.one("h2").text for card in doc.find_all("li", class_="card")]


def link(doc, rel):
    found = doc.find("a", rel=rel)
    return found.get("href") if found else None


def issues(article_factory, count, *, same_time_from=None, **extra):
    """``count`` live articles "Issue 00" (newest) … one hour apart; from
    ``same_time_from`` on they share one publish time (the id breaks the tie)."""
    made = []
    for number in range(count):
        hours = min(number, same_time_from) if same_time_from is not None else number
        made.append(
            article_factory(
                live=True,
                title_en=f"Issue {number:02}",
                published_at=NOW - timedelta(hours=hours + 1),
                **extra,
            )
        )
    return made


def walk(client, url):
    """Follow "Older" from ``url`` to the end: every page's titles and URL."""
    pages = []
    while url:
        doc = page(client.get(url))
        pages.append((url, titles(doc), doc))
        url = link(doc, "next")
    return pages


def test_older_links_show_every_article_once_newest_first_and_newer_links_lead_back(
    client, frozen, article_factory
):
    issues(article_factory, 45, same_time_from=15)  # a tie across a page edge

    pages = walk(client, "/en/")

    assert [len(t) for _url, t, _doc in pages] == [20, 20, 5]
    expected = [f"Issue {n:02}" for n in range(15)] + [
        f"Issue {n:02}"
        for n in range(44, 14, -1)  # same time: the higher id first
    ]
    assert [title for _url, t, _doc in pages for title in t] == expected
    assert link(pages[0][2], "prev") is None
    assert link(pages[-1][2], "next") is None
    # Newer from page 3 is page 2, from page 2 the list's first page.
    assert link(pages[2][2], "prev") == pages[1][0]
    assert link(pages[1][2], "prev") == "/en/"


def test_old_numbered_page_links_redirect_to_the_page_with_the_same_cards(
    client, frozen, article_factory
):
    issues(article_factory, 45)

    first = client.get("/en/?page=1")
    third = client.get("/en/?page=3")
    third_zh = client.get("/zh-hans/?page=3")

    assert first.status_code == 301 and first["Location"] == "/en/"
    assert third.status_code == 301 and third["Location"].startswith("/en/?before=")
    assert third_zh["Location"] == third["Location"].replace("/en/", "/zh-hans/")
    assert titles(page(client.get(third["Location"]))) == [f"Issue {n:02}" for n in range(40, 45)]
    assert client.get("/en/?page=4").status_code == 404


@pytest.mark.parametrize(
    "cursor",
    ["junk", "20260520T010000.000000Z~0", "20261340T010000.000000Z~5", "20260520T010000Z~5"],
)
def test_a_cursor_that_is_not_one_is_404(client, frozen, article_factory, cursor):
    issues(article_factory, 3)

    assert client.get(f"/en/?before={cursor}").status_code == 404


def test_a_cursor_older_than_every_article_is_404(client, frozen, article_factory):
    issues(article_factory, 3)
    oldest = Cursor(NOW - timedelta(days=400), 1)

    assert client.get(f"/en/?before={oldest}").status_code == 404


def test_cursor_reads_back_as_itself():
    cursor = Cursor(datetime(2026, 5, 1, 2, 3, 4, 56, tzinfo=UTC), 1234)

    assert str(cursor) == "20260501T020304.000056Z~1234"
    assert Cursor.parse(str(cursor)) == cursor


def test_tag_pages_are_keyset_pages_of_the_tag_only(client, frozen, article_factory, tag_factory):
    tag = tag_factory(slug="models")
    tagged = issues(article_factory, 25)
    for article in tagged[:22]:
        article.tags.add(tag)

    pages = walk(client, "/en/tags/models/")

    assert [t for _url, t, _doc in pages] == [
        [f"Issue {n:02}" for n in range(20)],
        ["Issue 20", "Issue 21"],
    ]


def test_cards_load_neither_bodies_nor_notes(frozen, article_factory):
    issues(article_factory, 1)

    card = Article.objects.published().for_cards().get()

    deferred = card.get_deferred_fields()
    assert {"body_zh_hans", "body_en", "editor_note_en", "insight_zh_hans"} <= deferred
    assert not {"title_en", "summary_zh_hans", "slug", "published_at"} & deferred


def test_list_cards_are_the_same_with_the_lean_query(client, frozen, article_factory, tag_factory):
    """The card markup comes from the title, summary, date and tags only."""
    article = issues(article_factory, 1)[0]
    article.tags.add(tag_factory(slug="t1"))
    before = page(client.get("/en/")).one("li", class_="card")
    Article.objects.filter(pk=article.pk).update(body_en="Changed body", insight_en="New")

    cache.clear()
    after = page(client.get("/en/")).one("li", class_="card")

    assert before.text == after.text and "Issue 00" in after.text


# ------------------------------------------------------------------ archives


def test_archive_lists_months_with_counts_newest_first_in_the_site_time_zone(
    client, frozen, article_factory
):
    # 30 April 17:00 UTC is 1 May 01:00 in Shanghai (the site's time zone).
    article_factory(live=True, published_at=datetime(2026, 4, 30, 17, 0, tzinfo=UTC))
    article_factory(live=True, published_at=datetime(2026, 4, 30, 15, 0, tzinfo=UTC))
    article_factory(live=True, published_at=datetime(2026, 3, 2, tzinfo=UTC))
    article_factory(scheduled=True)
    article_factory(withdrawn=True, published_at=datetime(2026, 3, 3, tzinfo=UTC))

    doc = page(client.get("/en/archive/"))

    months = [li.text for li in doc.find_all("li") if li.find("span", class_="archive-count")]
    assert months == [
        "May 2026 (1 article)",
        "April 2026 (1 article)",
        "March 2026 (1 article)",
    ]
    assert doc.find("a", href="/en/archive/2026/5/") is not None


def test_month_page_shows_that_months_articles_only(client, frozen, article_factory):
    article_factory(
        live=True, title_en="May first", published_at=datetime(2026, 4, 30, 17, tzinfo=UTC)
    )
    article_factory(
        live=True, title_en="April last", published_at=datetime(2026, 4, 30, 15, tzinfo=UTC)
    )

    may = page(client.get("/en/archive/2026/5/"))
    april = page(client.get("/en/archive/2026/4/"))

    assert titles(may) == ["May first"] and titles(april) == ["April last"]
    assert may.one("h1").text == "Articles of May 2026"
    assert client.get("/en/archive/2026/2/").status_code == 404  # no articles
    assert client.get("/en/archive/2026/13/").status_code == 404


def test_month_counts_follow_publish_and_withdraw_through_the_change_hook(
    client, frozen, article_factory, django_capture_on_commit_callbacks
):
    article_factory(live=True, published_at=NOW - timedelta(days=1))
    draft = article_factory(published_at=NOW - timedelta(hours=2))

    def may_count():
        doc = page(client.get("/en/archive/"))
        return next(li.text for li in doc.find_all("li") if "May 2026" in li.text)

    assert "(1 article)" in may_count()
    with django_capture_on_commit_callbacks(execute=True):
        article_publish(article=draft)
    assert "(2 articles)" in may_count()
    with django_capture_on_commit_callbacks(execute=True):
        article_withdraw(article=draft)
    assert "(1 article)" in may_count()


def test_a_scheduled_article_counts_once_its_time_comes(client, time_machine, article_factory):
    time_machine.move_to(NOW, tick=False)
    article_factory(live=True, published_at=NOW - timedelta(days=1))
    article_factory(status=Article.Status.PUBLISHED, published_at=NOW + timedelta(minutes=5))
    assert "(1 article)" in page(client.get("/en/archive/")).text

    time_machine.move_to(NOW + timedelta(minutes=6), tick=False)

    assert "(2 articles)" in page(client.get("/en/archive/")).text
