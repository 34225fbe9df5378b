import pytest
from django.utils import translation

from articles.models import Article

pytestmark = pytest.mark.django_db


def test_missing_english_text_reads_as_the_chinese_text(article_factory):
    article = article_factory(chinese_only=True)
    article = Article.objects.get(pk=article.pk)

    with translation.override("en"):
        assert article.title == article.title_zh_hans
        assert article.summary == article.summary_zh_hans
        assert article.body == article.body_zh_hans


def test_english_text_is_read_in_english_when_present(article_factory):
    article = article_factory(title_zh_hans="开源模型", title_en="Open models")

    with translation.override("en"):
        assert article.title == "Open models"
    with translation.override("zh-hans"):
        assert article.title == "开源模型"


def test_missing_chinese_optional_text_reads_as_the_english_text(article_factory):
    article = article_factory(editor_note_zh_hans="", editor_note_en="Worth watching.")

    with translation.override("zh-hans"):
        assert article.editor_note == "Worth watching."


def test_article_without_english_is_not_readable_in_english(article_factory):
    article = article_factory(chinese_only=True)

    assert not article.has_language("en")
    assert article.has_language("zh-hans")


def test_article_missing_only_the_english_body_is_not_readable_in_english(article_factory):
    article = article_factory(body_en="")

    assert not article.has_language("en")


def test_bilingual_article_is_readable_in_both_languages(article_factory):
    article = article_factory()

    assert article.has_language("en")
    assert article.has_language("zh-hans")


def test_missing_fields_lists_english_gaps_that_have_chinese_text(article_factory):
    article = article_factory(
        chinese_only=True,
        editor_note_zh_hans="值得关注。",
        author_zh_hans="编辑部",
        author_en="GEO Desk",
    )

    # insight is empty in both languages: nothing to translate, so not missing.
    assert article.missing_fields("en") == ["title", "summary", "body", "editor_note"]
    assert article.missing_fields("zh-hans") == []


def test_complete_translation_has_no_missing_fields(article_factory):
    assert article_factory().missing_fields("en") == []


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_chinese_only_live_article_page_still_answers_in_english(article_factory, client, language):
    article = article_factory(live=True, chinese_only=True)

    response = client.get(f"/{language}/articles/{article.slug}/")

    assert response.status_code == 200
    assert article.title_zh_hans in response.text
