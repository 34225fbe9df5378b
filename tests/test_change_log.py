"""The public change log under an article's title ("updated / corrected",
a date and one translated line), which also feeds dateModified, and the
citable anchors of body headings."""

import json
import re
from datetime import UTC, datetime

import pytest
from django.db import transaction

from articles.models import ArticleUpdate
from takedowns.services import takedown_request_decide
from tests.factories import create_takedown_request
from tests.reader_data import full_article
from tests.reader_html import page

pytestmark = pytest.mark.django_db

LATER = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)


def json_ld_news(response) -> dict:
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', response.text, re.S)[1])
    return next(node for node in data["@graph"] if node["@type"] == "NewsArticle")


def test_a_change_log_line_added_in_the_admin_shows_under_the_title_in_both_languages(
    client, superuser_client, form_data, time_machine
):
    # Saved in March: the April line is the newest change.
    time_machine.move_to(datetime(2026, 3, 20, 8, 0, tzinfo=UTC), tick=False)
    article = full_article()
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(
        superuser_client.get(url),
        **{
            "updates-TOTAL_FORMS": "1",
            "updates-0-at": "2026-04-01T17:00",
            "updates-0-kind": "updated",
            "updates-0-note_zh_hans": "补充了 2026 年一季度数据。",
            "updates-0-note_en": "Added Q1 2026 figures.",
        },
    )

    assert superuser_client.post(url, data).status_code == 302

    for language, note in (
        ("zh-hans", "补充了 2026 年一季度数据。"),
        ("en", "Added Q1 2026 figures."),
    ):
        response = client.get(f"/{language}/articles/answer-engines/")
        log = page(response).by_id("changes")
        assert note in log.text
        shown = datetime.fromisoformat(log.one("time").get("datetime"))
        assert shown == datetime(2026, 4, 1, 9, 0, tzinfo=UTC)  # 17:00 in Shanghai
        assert json_ld_news(response)["dateModified"] == "2026-04-01T09:00:00+00:00"
        twin = client.get(f"/{language}/articles/answer-engines.md").content.decode()
        assert 'dateModified: "2026-04-01T09:00:00+00:00"' in twin
        assert note in twin


def test_an_article_without_changes_has_no_change_log(client):
    full_article()

    assert page(client.get("/en/articles/answer-engines/")).find_all(id="changes") == []


def test_a_correction_by_legal_adds_a_corrected_line_in_both_languages(
    client, legal_user, time_machine
):
    time_machine.move_to(LATER, tick=False)
    article = full_article()
    takedown = create_takedown_request(article)

    with transaction.atomic():
        takedown_request_decide(
            request=takedown,
            decision="corrected",
            note="Fixed.",
            user=legal_user,
            correction={"correction_note_en": "The chart's source is now named."},
        )

    [line] = ArticleUpdate.objects.filter(article=article)
    assert line.kind == "corrected" and line.at == LATER
    assert line.note_en == "Corrected: see the correction note at the top of the article."
    assert line.note_zh_hans and line.note_zh_hans != line.note_en
    assert "Corrected" in page(client.get("/en/articles/answer-engines/")).by_id("changes").text


def heading_ids(response) -> list[str]:
    return [
        h.get("id")
        for h in page(response).find_all("h2") + page(response).find_all("h3")
        if h.get("id")
    ]


def test_heading_anchors_survive_unrelated_edits(client):
    article = full_article()
    before = heading_ids(client.get("/en/articles/answer-engines/"))
    assert {"background", "practice"} <= set(before)

    article.body_en = (
        article.body_en.replace(
            "Answer engines changed how readers find articles.",
            "Readers now find articles elsewhere.",
        )
        + "\n## Outlook\n\nMore to come.\n"
    )
    article.save()

    after = heading_ids(client.get("/en/articles/answer-engines/"))
    assert set(before) <= set(after) and "outlook" in after


def test_every_id_on_the_bilingual_page_is_unique(client):
    full_article(body_en="## GPU\n\nText.\n", body_zh_hans="## GPU\n\n正文。\n")

    ids = [
        element.get("id")
        for element in page(client.get("/en/articles/answer-engines/?view=bilingual")).iter()
        if element.get("id")
    ]
    assert len(ids) == len(set(ids)), sorted(ids)
