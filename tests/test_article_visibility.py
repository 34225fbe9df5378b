from datetime import UTC, datetime, timedelta

import pytest

from articles.models import Article

pytestmark = pytest.mark.django_db

NOV_1 = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


def detail_url(article, language="zh-hans"):
    return f"/{language}/articles/{article.slug}/"


def test_published_lists_live_articles_only(article_factory):
    live = article_factory(live=True)
    article_factory()  # draft
    article_factory(status=Article.Status.REVIEW)
    article_factory(scheduled=True)
    article_factory(withdrawn=True)

    assert list(Article.objects.published()) == [live]


def test_scheduled_lists_published_articles_with_a_future_date(article_factory):
    article_factory(live=True)
    scheduled = article_factory(scheduled=True)
    article_factory(published_at=datetime(2099, 1, 1, tzinfo=UTC))  # a draft with a date

    assert list(Article.objects.scheduled()) == [scheduled]


def test_withdrawn_article_is_neither_published_nor_scheduled(article_factory):
    withdrawn = article_factory(withdrawn=True)

    assert list(Article.objects.withdrawn()) == [withdrawn]
    assert not Article.objects.published().exists()
    assert not Article.objects.scheduled().exists()


def test_readable_in_english_needs_english_title_summary_and_body(article_factory):
    bilingual = article_factory(live=True)
    chinese_only = article_factory(live=True, chinese_only=True)
    no_english_body = article_factory(live=True, body_en="")

    assert list(Article.objects.readable_in("en")) == [bilingual]
    assert set(Article.objects.readable_in("zh-hans")) == {bilingual, chinese_only, no_english_body}


def test_scheduled_article_goes_live_when_its_time_passes(article_factory, client, time_machine):
    time_machine.move_to(NOV_1 - timedelta(hours=1), tick=False)
    article = article_factory(status=Article.Status.PUBLISHED, published_at=NOV_1)

    assert not Article.objects.published().exists()
    assert client.get(detail_url(article)).status_code == 404

    time_machine.move_to(NOV_1 + timedelta(seconds=1), tick=False)

    assert list(Article.objects.published()) == [article]
    response = client.get(detail_url(article))
    assert response.status_code == 200
    assert article.title_zh_hans in response.text


def test_article_is_live_exactly_at_its_publish_time(article_factory, time_machine):
    time_machine.move_to(NOV_1, tick=False)
    article = article_factory(status=Article.Status.PUBLISHED, published_at=NOV_1)

    assert article.is_live
    assert list(Article.objects.published()) == [article]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_live_article_page_answers_200_with_its_title(article_factory, client, language):
    article = article_factory(live=True)

    response = client.get(detail_url(article, language))

    assert response.status_code == 200
    title = article.title_zh_hans if language == "zh-hans" else article.title_en
    assert title in response.text


@pytest.mark.parametrize(
    "traits",
    [{}, {"status": Article.Status.REVIEW}, {"scheduled": True}],
    ids=["draft", "in-review", "scheduled"],
)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_unpublished_article_page_is_not_found(article_factory, client, traits, language):
    article = article_factory(**traits)

    assert client.get(detail_url(article, language)).status_code == 404


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_withdrawn_article_page_is_gone(article_factory, client, language):
    article = article_factory(withdrawn=True)

    assert client.get(detail_url(article, language)).status_code == 410


def test_unknown_article_page_is_not_found(client):
    assert client.get("/zh-hans/articles/no-such-article/").status_code == 404


def test_staff_preview_shows_a_draft(article_factory, admin_client):
    draft = article_factory()

    response = admin_client.get(f"/zh-hans/preview/articles/{draft.pk}/")

    assert response.status_code == 200
    assert draft.title_zh_hans in response.text


def test_staff_preview_sends_anonymous_readers_to_log_in(article_factory, client):
    draft = article_factory()

    response = client.get(f"/zh-hans/preview/articles/{draft.pk}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert draft.title_zh_hans not in response.text


def test_renamed_slug_redirects_permanently_to_the_new_slug(article_factory, client):
    article = article_factory(live=True, slug="old-name")
    article.slug = "new-name"
    article.save()

    response = client.get("/zh-hans/articles/old-name/")

    assert response.status_code == 301
    assert response["Location"] == "/zh-hans/articles/new-name/"
    assert client.get(response["Location"]).status_code == 200


def test_renamed_slug_redirect_keeps_the_language(article_factory, client):
    article = article_factory(live=True, slug="old-name")
    article.slug = "new-name"
    article.save()

    response = client.get("/en/articles/old-name/")

    assert response.status_code == 301
    assert response["Location"] == "/en/articles/new-name/"


def test_old_slug_of_a_draft_does_not_reveal_it(article_factory, client):
    article = article_factory(slug="old-name")
    article.slug = "new-name"
    article.save()

    assert client.get("/zh-hans/articles/old-name/").status_code == 404


def test_old_slug_of_a_withdrawn_article_does_not_redirect(article_factory, client):
    article = article_factory(live=True, slug="old-name")
    article.slug = "new-name"
    article.status = Article.Status.WITHDRAWN
    article.save()

    assert client.get("/zh-hans/articles/old-name/").status_code in (404, 410)
    assert client.get("/zh-hans/articles/new-name/").status_code == 410


def test_reader_querysets_list_tags_in_slug_order(article_factory):
    article = article_factory(live=True)
    article.tags.add("智能体", "Agents", "人工智能")

    listed = Article.objects.published().for_listing().get()
    detailed = Article.objects.published().for_detail().get()

    expected = ["agents", "ren-gong-zhi-neng", "zhi-neng-ti"]
    assert [tag.slug for tag in listed.tags.all()] == expected
    assert [tag.slug for tag in detailed.tags.all()] == expected
