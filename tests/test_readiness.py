"""The answer-readiness and translation QA panel: each check finds the defect
it is for on an article made to have it, and stays quiet on a clean one."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from articles import readiness, services
from articles.models import Article
from tests.conftest import admin_form_data

pytestmark = pytest.mark.django_db

TINY_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def ready_article(article_factory, faq_item_factory, entity_row_factory):
    """An article no check complains about: the baseline each test spoils once."""
    article = article_factory(
        insight_zh_hans="- 读者先看摘要。", insight_en="- Readers read the summary first."
    )
    faq_item_factory(article=article)
    entity_row_factory(table__article=article, entity__wikidata_id="Q95")
    return article


def codes(article) -> list[str]:
    return [finding.code for finding in readiness.check(article)]


def messages(article) -> str:
    with translation.override("en"):
        return "\n".join(finding.message for finding in readiness.check(article))


def test_a_complete_bilingual_article_has_no_warnings(ready_article):
    assert readiness.check(ready_article) == []


@pytest.mark.parametrize("field", ["title", "summary", "insight", "body", "editor_note"])
def test_an_english_field_left_empty_is_named(ready_article, field):
    setattr(ready_article, f"{field}_zh_hans", "中文内容。")
    setattr(ready_article, f"{field}_en", "")
    ready_article.save()

    found = [f for f in readiness.check(ready_article) if f.code == "english-missing"]

    assert [dict(f.details)["field"] for f in found] == [field]


def test_an_faq_item_without_english_answer_is_named(ready_article, faq_item_factory):
    faq_item_factory(article=ready_article, question_zh_hans="多云是什么？", answer_en="")

    assert "FAQ “多云是什么？” has no English answer." in messages(ready_article)


def test_entity_table_caption_and_role_without_english_are_named(ready_article, entity_row_factory):
    entity_row_factory(
        table__article=ready_article,
        table__caption_zh_hans="云厂商",
        table__caption_en="",
        role_en="",
        entity__wikidata_id="Q2283",
    )

    text = messages(ready_article)
    assert "Entity table “云厂商” has no English caption." in text
    assert "Entity table “云厂商” has no English role." in text


def test_a_bluf_over_the_limit_is_flagged(ready_article, settings):
    ready_article.summary_en = "Answer engines quote summaries. " * 12
    ready_article.save()

    found = [f for f in readiness.check(ready_article) if f.code == "summary-too-long"]

    assert len(found) == 1
    assert f"over the limit of {settings.SUMMARY_MAX_LENGTH}" in messages(ready_article)


def test_a_bluf_ending_mid_sentence_is_flagged(ready_article):
    ready_article.summary_zh_hans = "答案引擎正在改变读者找到分析文章的方式，而编辑部"
    ready_article.save()

    assert "summary-unfinished" in codes(ready_article)


def test_a_bluf_visibly_cut_off_is_flagged(ready_article):
    ready_article.summary_en = "Answer engines are changing how readers find anal…"
    ready_article.save()

    assert "The English BLUF looks cut off (it ends with “…”)." in messages(ready_article)


def test_five_hundred_million_against_fifty_million_is_a_disagreement(ready_article):
    ready_article.summary_zh_hans = "该公司去年投入5亿元建设数据中心。"
    ready_article.summary_en = "The company spent 50 million yuan on data centres last year."
    ready_article.save()

    found = [f for f in readiness.check(ready_article) if f.code == "numbers-differ"]

    assert len(found) == 1
    assert dict(found[0].details) == {"field": "summary", "zh_only": "5亿", "en_only": "50 million"}


def test_the_same_amounts_written_in_each_languages_way_agree(ready_article):
    ready_article.summary_zh_hans = (
        "2025年3月，该公司投入5亿元，营收增长12%，用户达1.2万家，估值300亿美元。"
    )
    ready_article.summary_en = (
        "In March 2025 the company spent 500 million yuan; revenue grew 12 percent, "
        "users reached 12,000 and it is valued at $30 billion."
    )
    ready_article.save()

    assert "numbers-differ" not in codes(ready_article)


def test_a_percentage_that_differs_is_a_disagreement(ready_article):
    ready_article.body_zh_hans = "## 背景\n\n份额达到35%。"
    ready_article.body_en = "## Background\n\nIts share reached 53%."
    ready_article.save()

    assert "35%" in messages(ready_article)


def test_model_names_and_list_numbers_are_not_amounts():
    assert readiness.numbers_in("1. GPT-4 and H100 chips in Q3", "en") == {}
    assert readiness.numbers_in("1. GPT-4 与 H100 芯片", "zh-hans") == {}


def test_a_label_printed_twice_is_flagged(ready_article):
    ready_article.summary_zh_hans = "AI 摘要：答案引擎正在改变读者找到分析文章的方式。"
    ready_article.save()

    found = [f for f in readiness.check(ready_article) if f.code == "label-twice"]

    assert [dict(f.details)["label"] for f in found] == ["AI 摘要"]


def test_a_word_that_merely_starts_like_a_label_is_not_one(ready_article):
    ready_article.summary_en = "Summary statistics mislead readers; this article shows how."
    ready_article.save()

    assert "label-twice" not in codes(ready_article)


def test_an_article_without_faq_is_flagged(article_factory, entity_row_factory):
    article = article_factory()

    assert "no-faq" in codes(article)


def test_an_faq_answer_too_long_to_quote_is_flagged(ready_article, faq_item_factory, settings):
    faq_item_factory(article=ready_article, answer_en="It depends. " * 40)

    found = [f for f in readiness.check(ready_article) if f.code == "faq-answer-long"]

    assert len(found) == 1
    assert f"over {settings.FAQ_ANSWER_QUOTABLE_LENGTH}" in messages(ready_article)


def test_an_entity_without_wikidata_id_is_named(ready_article, entity_row_factory):
    entity_row_factory(table__article=ready_article, entity__name_zh_hans="云启科技")

    assert "Entity “云启科技” has no Wikidata id" in messages(ready_article)


def test_a_cover_without_english_alt_text_is_flagged(ready_article):
    ready_article.cover = SimpleUploadedFile("cover.png", TINY_PNG, content_type="image/png")
    ready_article.cover_alt_zh_hans = "数据中心机房"
    ready_article.save()

    assert "The cover has no English alt text." in messages(ready_article)
    assert "The cover has no Chinese alt text." not in messages(ready_article)


def test_headings_in_one_language_only_are_flagged(ready_article):
    ready_article.body_zh_hans = "## 背景\n\n甲。\n\n## 分析\n\n乙。\n\n## 结论\n\n丙。"
    ready_article.body_en = "## Background\n\nA. B. C."
    ready_article.save()

    assert "The Chinese body has 3 section headings and the English 1" in messages(ready_article)


def test_a_placement_marker_naming_no_table_is_flagged(ready_article):
    ready_article.body_en = "## Background\n\n[[entities:2]]\n\nText."
    ready_article.save()

    assert "The English body places entity table 2, but the article has 1." in messages(
        ready_article
    )


def test_the_change_hook_stores_findings_for_the_list(
    article_factory, django_capture_on_commit_callbacks
):
    article = article_factory(summary_en="")
    with django_capture_on_commit_callbacks(execute=True):
        services.article_publish(article=article)

    stored = [f.code for f in readiness.stored(Article.objects.get(pk=article.pk))]
    assert "english-missing" in stored
    assert "no-faq" in stored


def test_editing_an_entity_clears_its_wikidata_warning_in_the_list(
    ready_article, entity_row_factory, superuser_client, django_capture_on_commit_callbacks
):
    row = entity_row_factory(table__article=ready_article)
    entity = row.entity
    readiness.store(ready_article)
    assert "entity-no-wikidata" in [f.code for f in readiness.stored(_fresh(ready_article))]

    url = reverse("admin:articles_entity_change", args=[entity.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(
            url, admin_form_data(superuser_client.get(url), wikidata_id="Q1")
        )

    assert response.status_code == 302
    assert readiness.stored(_fresh(ready_article)) == []


def _fresh(article):
    return Article.objects.get(pk=article.pk)


def test_the_change_page_shows_the_panel_in_the_editors_language(ready_article, superuser_client):
    ready_article.summary_en = ""
    ready_article.save()

    page = superuser_client.get(
        reverse("admin:articles_article_change", args=[ready_article.pk]),
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()

    assert 'id="readiness"' in page
    assert "English BLUF is missing" in page
    assert "does not stop you saving or publishing" in page


def test_the_list_shows_a_column_and_filters_by_readiness(
    ready_article, article_factory, superuser_client
):
    spoilt = article_factory(title_en="Missing its English BLUF", summary_en="")
    readiness.store(ready_article)
    readiness.store(spoilt)
    url = reverse("admin:articles_article_changelist")

    warned = superuser_client.get(url, {"readiness": "warnings"}).content.decode()
    ready = superuser_client.get(url, {"readiness": "ready"}).content.decode()

    assert spoilt.title_en in warned and ready_article.title_en not in warned
    assert ready_article.title_en in ready and spoilt.title_en not in ready
    assert "⚠ " in warned


def test_refresh_readiness_checks_every_article(ready_article, article_factory):
    spoilt = article_factory(summary_en="")
    out = StringIO()

    call_command("refresh_readiness", verbosity=0, stdout=out)

    assert "Checked 2 articles; 1 have warnings." in out.getvalue()
    assert "english-missing" in [f.code for f in readiness.stored(_fresh(spoilt))]
