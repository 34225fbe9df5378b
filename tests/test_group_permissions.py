import pytest
from django.contrib.auth.models import Group

from articles.models import Article, Disclaimer
from geo.models import SiteSettings

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"


def disclaimer_url():
    return f"/admin/articles/disclaimer/{Disclaimer.objects.get(key='not-advice').pk}/change/"


SITE_SETTINGS_URL = "/admin/geo/sitesettings/1/change/"


def action_names(response):
    """The actions offered in the changelist's drop-down (none: no drop-down at all)."""
    form = response.context["action_form"]
    if form is None:
        return []
    return [name for name, _label in form.fields["action"].choices if name]


def test_the_editorial_groups_exist_after_migrating():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Editors", "Legal"}


# -------------------------------------------------------------------- editors


def test_editor_may_change_and_publish_articles(editor):
    assert editor.has_perm("articles.change_article")
    assert editor.has_perm("articles.add_article")
    assert editor.has_perm("articles.publish_article")
    assert editor.has_perm("faq.change_faqitem")
    assert editor.has_perm("articles.change_entity")


def test_editor_sees_the_publishing_actions(editor_client, article_factory):
    article_factory()

    response = editor_client.get(CHANGELIST)

    assert response.status_code == 200
    assert {"publish", "unpublish", "withdraw"} <= set(action_names(response))


def test_editor_can_publish_from_the_changelist(editor_client, article_factory):
    draft = article_factory()

    editor_client.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]})

    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED


def test_editor_can_save_an_article(editor_client, form_data, article_factory):
    article = article_factory()
    url = f"/admin/articles/article/{article.pk}/change/"

    response = editor_client.post(
        url, form_data(editor_client.get(url), title_zh_hans="编辑改过的标题")
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title_zh_hans == "编辑改过的标题"


def test_editor_may_read_but_not_change_a_disclaimer(editor_client, form_data):
    page = editor_client.get(disclaimer_url())
    assert page.status_code == 200

    response = editor_client.post(
        disclaimer_url(), {"title_zh_hans": "被改了", "title_en": "Changed"}
    )

    assert response.status_code == 403
    assert Disclaimer.objects.get(key="not-advice").title_zh_hans == "非专业建议"


def test_editor_cannot_change_site_settings(editor_client):
    SiteSettings.load()

    response = editor_client.post(
        SITE_SETTINGS_URL, {"site_name_zh_hans": "被改了", "ai_crawler_policy": "allow-all"}
    )

    assert response.status_code == 403
    assert SiteSettings.objects.get().ai_crawler_policy == SiteSettings.CrawlerPolicy.SEARCH_ONLY


def test_editor_cannot_add_disclaimers(editor_client):
    assert editor_client.get("/admin/articles/disclaimer/add/").status_code == 403


# ---------------------------------------------------------------------- legal


def test_legal_may_change_a_disclaimer(legal_client, form_data):
    page = legal_client.get(disclaimer_url())

    response = legal_client.post(disclaimer_url(), form_data(page, body_en="Updated by legal."))

    assert response.status_code == 302
    assert Disclaimer.objects.get(key="not-advice").body_en == "Updated by legal."


def test_legal_cannot_publish(legal_user, legal_client, article_factory):
    draft = article_factory()

    response = legal_client.get(CHANGELIST)

    assert response.status_code == 200
    assert not legal_user.has_perm("articles.publish_article")
    assert not {"publish", "unpublish", "withdraw"} & set(action_names(response))

    legal_client.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_legal_may_read_but_not_change_an_article(
    legal_user, legal_client, form_data, article_factory
):
    article = article_factory(title_zh_hans="原标题")
    url = f"/admin/articles/article/{article.pk}/change/"

    assert legal_client.get(url).status_code == 200
    response = legal_client.post(url, {"title_zh_hans": "法务改过的标题"})

    assert response.status_code == 403
    assert not legal_user.has_perm("articles.change_article")
    article.refresh_from_db()
    assert article.title_zh_hans == "原标题"


def test_legal_cannot_add_articles(legal_client):
    assert legal_client.get("/admin/articles/article/add/").status_code == 403


def test_legal_cannot_change_site_settings(legal_client):
    SiteSettings.load()

    response = legal_client.post(SITE_SETTINGS_URL, {"site_name_zh_hans": "被改了"})

    assert response.status_code == 403


# -------------------------------------------------- changing without publishing


def test_user_without_publish_permission_cannot_publish_by_editing_the_status(
    user_factory, client, form_data, article_factory
):
    from django.contrib.auth.models import Permission

    writer = user_factory(username="writer")
    writer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_article", "change_article"])
    )
    client.force_login(writer)
    article = article_factory()
    url = f"/admin/articles/article/{article.pk}/change/"
    page = client.get(url)
    assert "status" not in page.context["adminform"].form.fields

    response = client.post(
        url,
        form_data(
            page,
            title_zh_hans="作者改过的标题",
            status="published",
            published_at_0="2026-01-01",
            published_at_1="08:00:00",
        ),
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title_zh_hans == "作者改过的标题"
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None
