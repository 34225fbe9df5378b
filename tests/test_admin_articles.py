from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from articles import services
from articles.models import Article
from geo.generation import content_generation

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"
ADD = "/admin/articles/article/add/"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def messages_on(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def run_action(client, action, *articles):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [article.pk for article in articles]}
    )


def new_article_data(client, form_data, **changes):
    fields = {
        "title_zh_hans": "开源模型进入企业主战场",
        "summary_zh_hans": "开源模型的成本优势让企业开始自行部署。",
        "body_zh_hans": "## 背景\n\n正文。",
        **changes,
    }
    return form_data(client.get(ADD), **fields)


# ----------------------------------------------------------------------- pages


def test_article_changelist_loads(superuser_client, article_factory):
    article_factory(live=True)
    article_factory(chinese_only=True)

    assert superuser_client.get(CHANGELIST).status_code == 200


@pytest.mark.parametrize("english", ["complete", "missing"])
def test_article_changelist_filters_by_english_translation(
    superuser_client, article_factory, english
):
    bilingual = article_factory(title_en="Bilingual article")
    chinese_only = article_factory(chinese_only=True, title_zh_hans="只有中文的文章")

    response = superuser_client.get(CHANGELIST, {"english": english})

    shown = list(response.context["cl"].result_list)
    assert shown == ([bilingual] if english == "complete" else [chinese_only])


def test_article_add_form_loads(superuser_client):
    assert superuser_client.get(ADD).status_code == 200


def test_article_change_form_loads(
    superuser_client, article_factory, entity_row_factory, faq_item_factory
):
    article = article_factory(live=True)
    entity_row_factory(table__article=article)
    faq_item_factory(article=article)

    response = superuser_client.get(change_url(article))

    assert response.status_code == 200
    assert article.title_zh_hans in response.text


def test_article_history_page_loads(superuser_client, article_factory):
    article = article_factory()
    article.title_zh_hans = "改过的标题"
    article.save()

    response = superuser_client.get(f"/admin/articles/article/{article.pk}/history/")

    assert response.status_code == 200


@pytest.mark.parametrize(
    "path", ["entity", "entitytable", "tag", "disclaimer"], ids=lambda path: path
)
def test_other_article_admin_pages_load(superuser_client, entity_row_factory, path):
    entity_row_factory()

    assert superuser_client.get(f"/admin/articles/{path}/").status_code == 200
    assert superuser_client.get(f"/admin/articles/{path}/add/").status_code == 200


def test_changelist_shows_what_is_missing_in_english(superuser_client, article_factory):
    article_factory(chinese_only=True)

    response = superuser_client.get(CHANGELIST)

    assert "title, AI summary (BLUF), body" in response.text


def test_changelist_ticks_complete_translations(superuser_client, article_factory):
    article_factory()

    response = superuser_client.get(CHANGELIST)

    assert "✓" in response.text
    assert "title, AI summary (BLUF), body" not in response.text


# --------------------------------------------------------------------- actions


def test_publish_action_without_a_date_publishes_now(
    superuser_client, article_factory, time_machine
):
    time_machine.move_to(datetime(2026, 11, 1, 8, 0, tzinfo=UTC), tick=False)
    draft = article_factory()

    response = run_action(superuser_client, "publish", draft)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert draft.published_at == timezone.now()
    assert list(Article.objects.published()) == [draft]


def test_publish_action_keeps_a_future_date_scheduled(superuser_client, article_factory):
    later = timezone.now() + timedelta(days=3)
    draft = article_factory(published_at=later)

    run_action(superuser_client, "publish", draft)

    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert draft.published_at == later
    assert list(Article.objects.scheduled()) == [draft]
    assert not Article.objects.published().exists()


def test_unpublish_action_returns_articles_to_draft(superuser_client, article_factory):
    live, other = article_factory(live=True), article_factory(live=True)

    run_action(superuser_client, "unpublish", live, other)

    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.DRAFT}
    assert not Article.objects.published().exists()


def test_withdraw_action_makes_the_article_gone(superuser_client, client, article_factory):
    live = article_factory(live=True)

    run_action(superuser_client, "withdraw", live)

    live.refresh_from_db()
    assert live.status == Article.Status.WITHDRAWN
    assert client.get(f"/zh-hans/articles/{live.slug}/").status_code == 410


def test_action_reports_how_many_articles_changed(superuser_client, article_factory):
    drafts = [article_factory(), article_factory()]

    response = run_action(superuser_client, "publish", *drafts)

    assert "Articles published: 2." in messages_on(response)


# ------------------------------------------------------------------ add / change


def test_adding_a_chinese_only_article_gives_it_a_pinyin_slug(superuser_client, form_data):
    response = superuser_client.post(ADD, new_article_data(superuser_client, form_data))

    assert response.status_code == 302
    article = Article.objects.get()
    assert article.slug == "kai-yuan-mo-xing-jin-ru-qi-ye-zhu-zhan-chang"
    assert article.status == Article.Status.DRAFT


def test_adding_an_article_with_a_typed_tag_name(superuser_client, form_data, tag_factory):
    tag = tag_factory(name_zh_hans="开源")
    data = new_article_data(superuser_client, form_data, tag_names="开源")

    response = superuser_client.post(ADD, data)

    assert response.status_code == 302
    assert list(Article.objects.get().tags.all()) == [tag]


def test_summary_over_300_characters_is_refused_on_that_field(superuser_client, form_data):
    data = new_article_data(superuser_client, form_data, summary_zh_hans="长" * 301)

    response = superuser_client.post(ADD, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["summary_zh_hans"]
    assert "at most 300 characters" in errors["summary_zh_hans"][0]
    assert not Article.objects.exists()


def test_english_summary_over_300_characters_is_refused_too(superuser_client, form_data):
    data = new_article_data(superuser_client, form_data, summary_en="word " * 61)

    response = superuser_client.post(ADD, data)

    assert response.status_code == 200
    assert "summary_en" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_summary_of_exactly_300_characters_is_accepted(superuser_client, form_data):
    data = new_article_data(superuser_client, form_data, summary_zh_hans="短句。" * 100)

    assert superuser_client.post(ADD, data).status_code == 302


def test_slug_taken_by_another_article_is_refused(superuser_client, form_data, article_factory):
    article_factory(slug="open-models")
    data = new_article_data(superuser_client, form_data, slug="open-models")

    response = superuser_client.post(ADD, data)

    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors
    assert Article.objects.count() == 1


def test_second_editor_saving_an_older_version_is_refused(
    superuser_client, editor_client, form_data, article_factory
):
    article = article_factory(title_zh_hans="原标题")
    first_page = superuser_client.get(change_url(article))
    second_page = editor_client.get(change_url(article))

    first = superuser_client.post(
        change_url(article), form_data(first_page, title_zh_hans="第一位编辑的标题")
    )
    second = editor_client.post(
        change_url(article), form_data(second_page, title_zh_hans="第二位编辑的标题")
    )

    assert first.status_code == 302
    assert second.status_code == 200
    form = second.context["adminform"].form
    assert [error.code for error in form.errors.as_data()["__all__"]] == ["edit_conflict"]
    article.refresh_from_db()
    assert article.title_zh_hans == "第一位编辑的标题"


def test_saving_twice_from_fresh_pages_is_not_a_conflict(
    superuser_client, form_data, article_factory
):
    article = article_factory()

    for title in ("第一次", "第二次"):
        page = superuser_client.get(change_url(article))
        assert (
            superuser_client.post(
                change_url(article), form_data(page, title_zh_hans=title)
            ).status_code
            == 302
        )

    article.refresh_from_db()
    assert article.title_zh_hans == "第二次"


def test_summary_without_an_early_sentence_end_warns(superuser_client, form_data):
    summary = "开源模型的成本优势让企业开始自行部署并重新评估云服务合同" * 6 + "。"
    data = new_article_data(superuser_client, form_data, summary_zh_hans=summary)

    response = superuser_client.post(ADD, data)

    assert response.status_code == 302
    assert any(
        "summary has no sentence end within its first 160 characters" in message
        for message in messages_on(response)
    )


def test_summary_warning_is_not_shown_with_an_seo_description(superuser_client, form_data):
    summary = "开源模型的成本优势让企业开始自行部署并重新评估云服务合同" * 6 + "。"
    data = new_article_data(
        superuser_client,
        form_data,
        summary_zh_hans=summary,
        seo_description_zh_hans="开源模型进入企业。",
    )

    response = superuser_client.post(ADD, data)

    assert response.status_code == 302
    assert not any("no sentence end" in message for message in messages_on(response))


def test_summary_with_an_early_sentence_end_does_not_warn(superuser_client, form_data):
    response = superuser_client.post(ADD, new_article_data(superuser_client, form_data))

    assert not any("no sentence end" in message for message in messages_on(response))


# ------------------------------------------------------------------ entity tables


def test_entity_row_added_in_the_table_admin_tags_the_article(
    superuser_client, form_data, article_factory, entity_factory
):
    article = article_factory()
    entity = entity_factory(name_zh_hans="深度求索", name_en="DeepSeek")
    page = superuser_client.get("/admin/articles/entitytable/add/")
    data = form_data(
        page,
        article=str(article.pk),
        caption_zh_hans="主要厂商",
        **{"rows-0-entity": str(entity.pk), "rows-0-role_zh_hans": "模型厂商"},
    )

    response = superuser_client.post("/admin/articles/entitytable/add/", data)

    assert response.status_code == 302
    assert list(article.tags.all()) == [entity.tag]
    assert article.entity_tables.get().rows.get().entity == entity


def test_removing_an_entitys_row_takes_the_article_off_that_entitys_page(
    superuser_client, client, form_data, article_factory, entity_row_factory, tag_factory
):
    article = article_factory(live=True, slug="cloud", title_en="Cloud deals")
    plain = tag_factory(name_en="Cloud")
    article.tags.add(plain)
    kept, dropped = entity_row_factory(table__article=article), None
    dropped = entity_row_factory(table=kept.table, order=1)
    services.article_sync_entity_tags(article=article)
    assert article.title_zh_hans in client.get(dropped.entity.get_absolute_url()).text
    url = f"/admin/articles/entitytable/{kept.table.pk}/change/"
    data = form_data(superuser_client.get(url), **{"rows-1-DELETE": "on"})

    assert superuser_client.post(url, data).status_code == 302

    assert set(article.tags.all()) == {plain, kept.entity.tag}
    assert article.title_zh_hans not in client.get(dropped.entity.get_absolute_url()).text


def test_deleting_an_entity_table_removes_its_entity_tags(
    superuser_client, article_factory, entity_row_factory, tag_factory
):
    article = article_factory()
    plain = tag_factory()
    article.tags.add(plain)
    row = entity_row_factory(table__article=article)
    services.article_sync_entity_tags(article=article)
    url = f"/admin/articles/entitytable/{row.table.pk}/delete/"

    assert superuser_client.post(url, {"post": "yes"}).status_code == 302

    assert list(article.tags.all()) == [plain]


def test_entity_with_the_name_of_another_entity_is_refused(
    superuser_client, form_data, entity_factory
):
    entity_factory(name_zh_hans="百川", name_en=None)
    page = superuser_client.get("/admin/articles/entity/add/")

    response = superuser_client.post(
        "/admin/articles/entity/add/", form_data(page, name_zh_hans="百川")
    )

    assert response.status_code == 200
    assert "name_zh_hans" in response.context["adminform"].form.errors


def test_chinese_only_entities_added_in_the_admin_get_slugs_and_tags(superuser_client, form_data):
    for name in ("深度求索", "月之暗面"):
        page = superuser_client.get("/admin/articles/entity/add/")
        response = superuser_client.post(
            "/admin/articles/entity/add/", form_data(page, name_zh_hans=name)
        )
        assert response.status_code == 302

    from articles.models import Entity

    assert sorted(Entity.objects.values_list("slug", "tag__name_zh_hans")) == [
        ("shen-du-qiu-suo", "深度求索"),
        ("yue-zhi-an-mian", "月之暗面"),
    ]


@pytest.mark.parametrize("action", ["publish", "unpublish", "withdraw"])
def test_publishing_actions_refresh_reader_pages(
    superuser_client, article_factory, django_capture_on_commit_callbacks, action
):
    article = article_factory(live=action != "publish")
    before = content_generation()

    with django_capture_on_commit_callbacks(execute=True):
        run_action(superuser_client, action, article)

    assert content_generation() != before


def test_saving_an_article_refreshes_reader_pages(
    superuser_client, form_data, article_factory, django_capture_on_commit_callbacks
):
    article = article_factory(live=True)
    page = superuser_client.get(change_url(article))
    before = content_generation()

    with django_capture_on_commit_callbacks(execute=True):
        superuser_client.post(change_url(article), form_data(page, title_zh_hans="改过的标题"))

    assert content_generation() != before
