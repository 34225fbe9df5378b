import importlib
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from articles.models import Article, Entity, Tag
from geo.slugs import slugify_any

URL_SAFE_SLUG = re.compile(r"^[a-z0-9_]+(?:-+[a-z0-9_]+)*$")


def assert_url_safe(slug):
    assert slug, "slug is empty"
    assert slug.isascii()
    assert URL_SAFE_SLUG.match(slug), slug


def test_chinese_is_spelled_out_in_pinyin():
    assert slugify_any("生成式搜索") == "sheng-cheng-shi-sou-suo"


def test_mixed_chinese_and_english_keeps_both():
    assert slugify_any("OpenAI 发布 GPT-5") == "openai-fa-bu-gpt-5"


@pytest.mark.parametrize("name", ["🚀", "🚀🔥", "✨✨✨", "!!!", "Привет"])
def test_names_pinyin_cannot_spell_still_get_a_slug(name):
    assert_url_safe(slugify_any(name))
    assert slugify_any(name) == slugify_any(name)


def test_different_unspellable_names_get_different_slugs():
    assert slugify_any("🚀") != slugify_any("🔥")


def test_blank_name_gives_no_slug():
    assert slugify_any("   ") == ""


@given(
    st.text(min_size=1, max_size=200).filter(str.strip), st.integers(min_value=10, max_value=120)
)
def test_any_name_gives_a_short_ascii_url_safe_slug(text, max_length):
    slug = slugify_any(text, max_length=max_length)

    assert_url_safe(slug)
    assert len(slug) <= max_length


@pytest.mark.django_db
def test_chinese_only_article_gets_a_pinyin_slug(article_factory):
    article = article_factory(chinese_only=True, title_zh_hans="开源模型进入企业主战场")

    assert article.slug == "kai-yuan-mo-xing-jin-ru-qi-ye-zhu-zhan-chang"


@pytest.mark.django_db
def test_bilingual_article_slug_comes_from_the_english_title(article_factory):
    article = article_factory(title_zh_hans="开源模型", title_en="Open models go mainstream")

    assert article.slug == "open-models-go-mainstream"


@pytest.mark.django_db
def test_two_articles_with_the_same_chinese_title_get_different_slugs(article_factory):
    first = article_factory(chinese_only=True, title_zh_hans="行业周报")
    second = article_factory(chinese_only=True, title_zh_hans="行业周报")

    assert_url_safe(first.slug)
    assert_url_safe(second.slug)
    assert first.slug != second.slug
    assert first.slug.startswith("hang-ye-zhou-bao")
    assert second.slug.startswith("hang-ye-zhou-bao")


@pytest.mark.django_db
def test_article_slug_stays_when_the_title_is_edited(article_factory):
    article = article_factory(title_zh_hans="旧标题", title_en="Old title")
    slug = article.slug

    article.title_zh_hans = "新标题"
    article.title_en = "A new title"
    article.save()

    article.refresh_from_db()
    assert article.slug == slug


@pytest.mark.django_db
def test_emoji_only_article_title_gets_a_slug(article_factory):
    article = article_factory(chinese_only=True, title_zh_hans="🚀🚀🚀")

    assert_url_safe(article.slug)


@pytest.mark.django_db
def test_tag_added_by_chinese_name_gets_a_pinyin_slug(article_factory):
    article = article_factory()

    article.tags.add("人工智能")

    tag = Tag.objects.get()
    assert tag.name_zh_hans == "人工智能"
    assert tag.slug == "ren-gong-zhi-neng"
    assert list(article.tags.all()) == [tag]


@pytest.mark.django_db
def test_same_tag_name_on_two_articles_is_one_tag(article_factory):
    first, second = article_factory(), article_factory()

    first.tags.add("人工智能")
    second.tags.add("人工智能")

    assert Tag.objects.count() == 1


@pytest.mark.django_db
def test_tags_whose_pinyin_collide_get_different_slugs(article_factory):
    article = article_factory()

    # 重庆 and 虫情 are both "chong qing" without tones.
    article.tags.add("重庆", "虫情")

    slugs = sorted(Tag.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == 2
    for slug in slugs:
        assert_url_safe(slug)
        assert slug.startswith("chong-qing")


@pytest.mark.django_db
def test_emoji_only_tag_gets_a_slug(article_factory):
    article = article_factory()

    article.tags.add("🚀", "🔥")

    slugs = list(Tag.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == 2
    for slug in slugs:
        assert_url_safe(slug)


@pytest.mark.django_db
def test_tag_slug_stays_when_the_tag_is_renamed(article_factory):
    article_factory().tags.add("人工智能")
    tag = Tag.objects.get()

    tag.name_zh_hans = "生成式人工智能"
    tag.save()

    tag.refresh_from_db()
    assert tag.slug == "ren-gong-zhi-neng"


@pytest.mark.django_db
def test_chinese_only_entity_gets_a_slug_and_a_tag_of_the_same_name(entity_factory):
    entity = entity_factory(name_zh_hans="深度求索", name_en=None)

    entity.refresh_from_db()
    assert entity.slug == "shen-du-qiu-suo"
    assert entity.tag.name_zh_hans == "深度求索"
    assert entity.tag.slug == entity.slug
    assert Tag.objects.get(entity=entity) == entity.tag


@pytest.mark.django_db
def test_renaming_an_entity_renames_its_tag_but_keeps_the_slug(entity_factory):
    entity = entity_factory(name_zh_hans="深度求索", name_en="DeepSeek")

    entity.name_zh_hans = "深度求索公司"
    entity.save()

    entity.refresh_from_db()
    assert entity.slug == "shen-du-qiu-suo"
    assert entity.tag.name_zh_hans == "深度求索公司"
    assert Tag.objects.count() == 1


@pytest.mark.django_db
def test_entities_whose_names_spell_the_same_get_different_slugs(entity_factory):
    # 重庆 and 虫情 are both "chong qing" without tones.
    first = entity_factory(name_zh_hans="重庆", name_en=None)
    second = entity_factory(name_zh_hans="虫情", name_en=None)

    assert first.slug == "chong-qing"
    assert second.slug == "chong-qing-2"
    assert first.tag != second.tag


@pytest.mark.django_db
def test_second_entity_with_the_same_name_is_refused_on_its_name(entity_factory):
    entity_factory(name_zh_hans="百川", name_en=None)

    with pytest.raises(ValidationError) as error:
        Entity(name_zh_hans="百川").full_clean(exclude=["tag"])

    assert "name_zh_hans" in error.value.message_dict


@pytest.mark.django_db
def test_entities_without_english_names_can_coexist(entity_factory):
    entity_factory(name_zh_hans="月之暗面", name_en="")
    entity_factory(name_zh_hans="深度求索", name_en="")

    assert Tag.objects.count() == 2


@pytest.mark.django_db
def test_emoji_only_entity_gets_a_slug_and_a_tag(entity_factory):
    entity = entity_factory(name_zh_hans="🤖", name_en=None)

    assert_url_safe(entity.slug)
    assert entity.tag.slug == entity.slug


@pytest.mark.django_db
def test_entity_adopts_the_plain_tag_of_the_same_name(article_factory, entity_factory):
    article = article_factory()
    article.tags.add("深度求索")

    entity = entity_factory(name_zh_hans="深度求索", name_en="DeepSeek")

    assert Tag.objects.count() == 1
    assert list(article.tags.all()) == [entity.tag]


@pytest.mark.django_db
def test_tag_created_while_english_is_active_still_gets_an_ascii_slug(article_factory):
    article = article_factory()

    with translation.override("en"):
        article.tags.add("数据中心")

    assert_url_safe(Tag.objects.get().slug)


@pytest.mark.django_db
def test_faq_item_key_from_a_chinese_question_is_ascii(faq_item_factory):
    item = faq_item_factory(question_zh_hans="为什么开源模型重要？", question_en="")

    assert item.key == "wei-shen-me-kai-yuan-mo-xing-zhong-yao"
    assert item.anchor == "faq-wei-shen-me-kai-yuan-mo-xing-zhong-yao"


@pytest.mark.django_db
def test_article_slug_is_unique_in_the_database(article_factory):
    from django.db import IntegrityError, transaction

    article_factory(slug="taken")
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(
            slug="taken", title_zh_hans="标题", summary_zh_hans="摘要。", body_zh_hans="正文"
        )


@pytest.mark.django_db
def test_entity_slug_is_ascii_even_when_only_the_english_name_exists():
    entity = Entity.objects.create(name_zh_hans="", name_en="Moonshot AI")

    assert entity.slug == "moonshot-ai"


# ------------------------------------------------- one ASCII rule for URL slugs

SLUG_MESSAGE = "Use only Latin letters, digits, hyphens and underscores here"


@pytest.mark.django_db
def test_tag_form_refuses_a_chinese_slug_on_the_slug_field(superuser_client):
    response = superuser_client.post(
        "/admin/articles/tag/add/", {"name_zh_hans": "测试标签", "slug": "测试标签"}
    )

    assert response.status_code == 200
    assert SLUG_MESSAGE in str(response.context["adminform"].form.errors["slug"])
    assert not Tag.objects.filter(name_zh_hans="测试标签").exists()


@pytest.mark.django_db
def test_tag_popup_makes_the_slug_from_a_chinese_name(superuser_client):
    response = superuser_client.post(
        "/admin/articles/tag/add/?_popup=1",
        {"name_zh_hans": "多云战略", "name_en": "", "slug": "", "_popup": "1"},
    )

    assert response.status_code == 200, response.context["adminform"].form.errors
    assert "This field is required" not in response.text
    assert Tag.objects.get(name_zh_hans="多云战略").slug == "duo-yun-zhan-lve"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/admin/articles/entity/add/", "/admin/articles/article/add/"])
def test_entity_and_article_forms_refuse_a_chinese_slug_with_the_same_message(
    superuser_client, url
):
    response = superuser_client.post(url, {"name_zh_hans": "微软", "slug": "微软"})

    assert SLUG_MESSAGE in str(response.context["adminform"].form.errors["slug"])


@pytest.mark.django_db
def test_a_tag_whose_slug_went_bad_behind_the_sites_back_takes_no_page_down(
    client, article_factory, tag_factory
):
    article = article_factory(live=True, slug="tagged")
    tag = tag_factory(name_zh_hans="测试标签", name_en="Test tag")
    article.tags.add(tag)
    Tag.objects.filter(pk=tag.pk).update(slug="测试标签")  # raw SQL, no validation

    for url in ("/zh-hans/", "/en/", "/en/articles/tagged/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Test tag" in response.text or "测试标签" in response.text


@pytest.mark.django_db
def test_migration_respells_chinese_tag_slugs_in_pinyin(tag_factory):
    from django.apps import apps

    migration = importlib.import_module("articles.migrations.0004_ascii_slugs")
    bad = tag_factory(name_zh_hans="测试标签")
    good = tag_factory(name_zh_hans="搜索", slug="search")
    Tag.objects.filter(pk=bad.pk).update(slug="测试标签")

    migration.respell_tag_slugs(apps, None)

    bad.refresh_from_db()
    good.refresh_from_db()
    assert (bad.slug, good.slug) == ("ce-shi-biao-qian", "search")
