"""The article form's live preview (articles/preview_admin.py): the unsaved
form rendered by the public article view, for staff who may edit it, and
nothing saved; plus the literal-text warnings on save."""

from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from articles.models import Article, EntityTable
from geo.generation import content_generation
from tests import factories
from tests.reader_data import CAPTION_EN, full_article
from tests.reader_html import parse
from tests.test_admin_articles import ADD, change_url, messages_on, new_article_data

pytestmark = pytest.mark.django_db

ADD_PREVIEW = "/admin/articles/article/live-preview/"


def preview_url(article):
    return f"/admin/articles/article/{article.pk}/live-preview/"


def preview(client, url, data, **query):
    response = client.post(f"{url}?{urlencode(query)}", data)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def test_preview_of_a_new_article_shows_the_typed_text_on_the_public_template(
    superuser_client, form_data
):
    data = new_article_data(
        superuser_client,
        form_data,
        title_en="Typed English title",
        summary_en="Typed English summary.",
        body_en="## Typed heading\n\nTyped paragraph.",
    )

    result = preview(superuser_client, ADD_PREVIEW, data, language="en")

    doc = parse(result["html"])
    assert doc.one("h1").text == "Typed English title"
    assert doc.by_id("summary").containing("Typed English summary.").lang() == "en"
    assert doc.by_id("content").one("h2").text == "Typed heading"
    assert doc.one("link", rel="stylesheet") is not None  # the site's CSS
    assert result["warnings"] == []
    assert Article.objects.count() == 0


def test_preview_in_chinese_and_bilingual_views(superuser_client, form_data):
    data = new_article_data(
        superuser_client,
        form_data,
        title_en="English title",
        summary_en="English summary.",
        body_en="## Background\n\nEnglish body.",
    )

    chinese = parse(preview(superuser_client, ADD_PREVIEW, data, language="zh-hans")["html"])
    both = parse(
        preview(superuser_client, ADD_PREVIEW, data, language="zh-hans", view="bilingual")["html"]
    )

    assert chinese.one("h1").text == "开源模型进入企业主战场"
    assert "English body." not in chinese.text
    body = both.by_id("content")
    assert body.containing("正文。").lang() == "zh-Hans"
    assert body.containing("English body.").lang() == "en"


def test_preview_of_an_edit_shows_unsaved_changes_and_saves_nothing(superuser_client, form_data):
    article = full_article()
    before = Article.objects.get(pk=article.pk)
    generation = content_generation()
    data = form_data(
        superuser_client.get(change_url(article)),
        body_en="## New section\n\nNot saved yet.\n\n[[entities:1]]\n",
    )
    data["entity_tables-0-caption_en"] = "Renamed table"

    doc = parse(preview(superuser_client, preview_url(article), data, language="en")["html"])

    body = doc.by_id("content")
    assert "Not saved yet." in body.text
    assert body.one("caption").text == "Renamed table"  # placed, with the unsaved caption
    assert "DeepSeek" in body.text
    assert doc.find(id="entities") is None
    assert doc.by_id("faq") is not None  # FAQ and tags come from the inline data
    assert doc.one("ul", class_="tags") is not None
    after = Article.objects.get(pk=article.pk)
    assert (after.body_en, after.version, after.updated_at) == (
        before.body_en,
        before.version,
        before.updated_at,
    )
    assert EntityTable.objects.get(article=article).caption_en == CAPTION_EN
    assert content_generation() == generation  # no change hook, no cache purge


def test_preview_shows_a_new_unsaved_faq_item_and_hides_a_deleted_one(superuser_client, form_data):
    article = full_article()
    data = form_data(superuser_client.get(change_url(article)))
    data.update(
        {
            "faq_items-0-DELETE": "on",
            "faq_items-TOTAL_FORMS": "2",
            "faq_items-1-question_zh_hans": "新的问题？",
            "faq_items-1-question_en": "A new question?",
            "faq_items-1-answer_zh_hans": "新的回答。",
            "faq_items-1-answer_en": "A new answer.",
            "faq_items-1-order": "1",
        }
    )

    doc = parse(preview(superuser_client, preview_url(article), data, language="en")["html"])

    questions = [h3.text for h3 in doc.by_id("faq").find_all("h3")]
    assert questions == ["A new question?"]


def test_preview_warns_about_markdown_readers_would_see_literally(superuser_client, form_data):
    data = new_article_data(
        superuser_client,
        form_data,
        body_zh_hans="正文。\n\n<script>alert(1)</script>\n",
        body_en="Body with [a link](javascript:alert(1)).",
    )

    result = preview(superuser_client, ADD_PREVIEW, data, language="zh-hans")

    by_field = {warning["field"]: warning for warning in result["warnings"]}
    assert set(by_field) == {"body_zh_hans", "body_en"}
    assert "<script>alert(1)</script>" in by_field["body_zh_hans"]["messages"][0]
    assert "javascript:alert(1)" in by_field["body_en"]["messages"][0]
    assert by_field["body_en"]["language"] == "en"
    # And the page shows it as text, as readers would get it.
    assert "<script>alert(1)</script>" in parse(result["html"]).by_id("content").text


def test_preview_without_any_readable_language_says_what_to_fill_in(superuser_client, form_data):
    data = new_article_data(superuser_client, form_data, body_zh_hans="")

    result = preview(superuser_client, ADD_PREVIEW, data)

    assert result["html"] == ""
    assert "title, summary and body" in result["empty"]


def test_preview_needs_the_change_permission_and_a_post(
    client, user_factory, form_data, superuser_client
):
    article = factories.ArticleFactory()
    data = form_data(superuser_client.get(change_url(article)))
    viewer = user_factory(username="viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    viewer_client = Client()
    viewer_client.force_login(viewer)

    assert viewer_client.post(preview_url(article), data).status_code == 403
    assert client.post(preview_url(article), data).status_code == 302  # to the admin login
    assert superuser_client.put(preview_url(article)).status_code == 405


def test_preview_needs_the_csrf_token(admin_user, superuser_client, form_data):
    data = new_article_data(superuser_client, form_data)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(admin_user)

    assert (
        strict.post(
            ADD_PREVIEW, {k: v for k, v in data.items() if k != "csrfmiddlewaretoken"}
        ).status_code
        == 403
    )


def test_change_form_loads_the_preview_script_and_the_pane_is_translated(superuser_client):
    page = superuser_client.get(ADD).content.decode()
    pane = superuser_client.get(ADD_PREVIEW, headers={"accept-language": "zh-hans"})

    assert "js/admin-preview.js" in page
    assert "css/admin-preview.css" in page
    assert pane.status_code == 200
    assert "双语对照" in pane.content.decode()


def test_saving_markdown_with_raw_html_saves_and_warns_naming_field_and_language(
    superuser_client, form_data
):
    data = new_article_data(
        superuser_client,
        form_data,
        body_zh_hans="正文。\n\n<iframe src=x></iframe>",
        editor_note_en="See <b>this</b>.",
    )

    response = superuser_client.post(ADD, data, follow=True)

    article = Article.objects.get()
    assert article.body_zh_hans.endswith("<iframe src=x></iframe>")  # saved as written
    shown = messages_on(response)
    assert any(m.startswith("Body (中文):") and "<iframe src=x></iframe>" in m for m in shown)
    assert any(m.startswith("Editor's commentary (English):") and "<b>" in m for m in shown)


def test_faq_answers_with_raw_html_are_warned_about_in_preview_and_on_save(
    superuser_client, form_data
):
    article = full_article()
    data = form_data(superuser_client.get(change_url(article)))
    data["faq_items-0-answer_en"] = "An answer with <iframe src=x></iframe>."

    result = preview(superuser_client, preview_url(article), data, language="en")
    response = superuser_client.post(change_url(article), data, follow=True)

    (warning,) = result["warnings"]
    assert (warning["field"], warning["label"]) == (
        "faq_items-0-answer_en",
        "FAQ answer 1 (English)",
    )
    assert any(m.startswith("FAQ answer 1 (English):") for m in messages_on(response))
    article.refresh_from_db()
    assert "<iframe" in article.faq_items.get().answer_en  # saved all the same
