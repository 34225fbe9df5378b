from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from articles import freshness
from articles.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(time_machine):
    """Moves the clock forward an hour per call, so every edit has its own time."""
    start = timezone.now().replace(microsecond=0)
    steps = iter(range(1, 1000))

    def tick():
        time_machine.move_to(start + timedelta(hours=next(steps)), tick=False)

    tick()
    return tick


def stale(article):
    article = Article.objects.get(pk=article.pk)
    return [(item.field, item.language) for item in freshness.stale_fields(article)]


def test_new_bilingual_article_has_nothing_stale(article_factory, clock):
    article = article_factory()

    assert stale(article) == []


def test_changing_the_chinese_title_marks_the_english_title_stale(article_factory, clock):
    article = article_factory()
    clock()

    article.title_zh_hans = "开源模型进入企业主战场（更新）"
    article.save()

    assert stale(article) == [("title", "en")]
    (item,) = freshness.stale_fields(Article.objects.get(pk=article.pk))
    assert item.changed_language == "zh-hans"
    assert item.changed_at == timezone.now()


def test_changing_the_english_body_marks_the_chinese_body_stale(article_factory, clock):
    article = article_factory()
    clock()

    article.body_en = "## Background\n\nRewritten in English only."
    article.save()

    assert stale(article) == [("body", "zh-hans")]


def test_editing_the_english_title_afterwards_clears_the_flag(article_factory, clock):
    article = article_factory()
    clock()
    article.title_zh_hans = "新的中文标题"
    article.save()
    clock()

    article.title_en = "The new English title"
    article.save()

    assert stale(article) == []


def test_dismissing_clears_the_flag_until_the_next_change(article_factory, clock):
    article = article_factory()
    clock()
    article.title_zh_hans = "新的中文标题"
    article.save()
    clock()

    freshness.dismiss(article, "title", timezone.now())
    article.save()
    assert stale(article) == []

    clock()
    article = Article.objects.get(pk=article.pk)
    article.title_zh_hans = "再次修改的中文标题"
    article.save()
    assert stale(article) == [("title", "en")]


def test_field_empty_on_one_side_is_missing_not_stale(article_factory, clock):
    article = article_factory(editor_note_zh_hans="值得关注。", editor_note_en="")
    clock()

    article.editor_note_zh_hans = "值得持续关注。"
    article.save()

    assert stale(article) == []
    assert "editor_note" in article.missing_fields("en")


def test_chinese_only_article_reports_nothing_stale(article_factory, clock):
    article = article_factory(chinese_only=True)
    clock()

    article.body_zh_hans = "## 背景\n\n改写后的正文。"
    article.save()

    assert stale(article) == []


def test_saving_without_text_changes_marks_nothing_stale(article_factory, clock):
    article = article_factory()
    clock()

    article = Article.objects.get(pk=article.pk)
    article.status = Article.Status.REVIEW
    article.save()

    assert stale(article) == []


def test_only_the_changed_field_is_stale(article_factory, clock):
    article = article_factory()
    clock()

    article.summary_zh_hans = "新的摘要。"
    article.body_zh_hans = "## 新的正文"
    article.save()

    assert stale(article) == [("summary", "en"), ("body", "en")]


def test_editing_reader_text_moves_the_updated_date(article_factory, clock):
    article = article_factory()
    created = Article.objects.get(pk=article.pk).updated_at
    clock()

    article = Article.objects.get(pk=article.pk)
    article.body_zh_hans = "## 背景\n\n补充了新的数据。"
    article.save()

    assert Article.objects.get(pk=article.pk).updated_at == timezone.now() > created


def test_changing_only_the_status_keeps_the_updated_date(article_factory, clock):
    article = article_factory()
    updated = Article.objects.get(pk=article.pk).updated_at
    clock()

    article = Article.objects.get(pk=article.pk)
    article.status = Article.Status.REVIEW
    article.save()

    assert Article.objects.get(pk=article.pk).updated_at == updated


# ------------------------------------------------------------------ in the admin


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def warnings_on(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_admin_warns_about_the_stale_translation_after_a_chinese_edit(
    article_factory, superuser_client, form_data, clock
):
    article = article_factory()
    clock()
    page = superuser_client.get(change_url(article))

    saved = superuser_client.post(
        change_url(article), form_data(page, body_zh_hans="## 背景\n\n中文正文已改写。")
    )
    assert saved.status_code == 302
    page = superuser_client.get(change_url(article))

    assert "“body” in en may be out of date: the other language changed." in warnings_on(page)
    assert "body" in dict(page.context["adminform"].form.fields["dismiss_stale"].choices)


def test_admin_tick_clears_the_stale_warning(article_factory, superuser_client, form_data, clock):
    article = article_factory()
    clock()
    page = superuser_client.get(change_url(article))
    superuser_client.post(
        change_url(article), form_data(page, body_zh_hans="## 背景\n\n中文正文已改写。")
    )
    clock()
    page = superuser_client.get(change_url(article))

    saved = superuser_client.post(change_url(article), form_data(page, dismiss_stale="body"))
    assert saved.status_code == 302
    page = superuser_client.get(change_url(article))

    assert not any("may be out of date" in message for message in warnings_on(page))
    assert stale(article) == []


def test_admin_save_without_changes_keeps_dates_and_flags(
    article_factory, superuser_client, form_data, clock
):
    article = article_factory()
    before = Article.objects.get(pk=article.pk)
    clock()
    page = superuser_client.get(change_url(article))

    saved = superuser_client.post(change_url(article), form_data(page))

    assert saved.status_code == 302
    after = Article.objects.get(pk=article.pk)
    assert after.updated_at == before.updated_at
    assert after.translation_edited == before.translation_edited
    assert stale(article) == []


def test_adding_the_english_translation_later_marks_nothing_stale(article_factory, clock):
    article = article_factory(chinese_only=True)
    clock()

    article.title_en = "Open models go mainstream"
    article.summary_en = "Open models are now cheaper to run than to rent."
    article.body_en = "## Background\n\nTranslated later."
    article.save()

    assert stale(article) == []


def test_english_change_after_catching_up_flags_chinese_again(article_factory, clock):
    article = article_factory()
    clock()
    article.title_zh_hans = "新的中文标题"
    article.save()
    clock()
    article.title_en = "The new English title"
    article.save()
    clock()

    article.title_en = "An English title with news the Chinese lacks"
    article.save()

    assert stale(article) == [("title", "zh-hans")]
