import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.files import File
from django.core.management import CommandError, call_command
from django.utils import translation
from PIL import Image

from articles.models import Article, Disclaimer, Entity, EntityTable, Tag
from faq.models import FaqItem

pytestmark = pytest.mark.django_db

GOOD = """\
---
slug: good-article
status: published
published_at: '2026-10-20T01:00:00+00:00'
title:
  zh-hans: 开源模型进入企业主战场
  en: Open models move into the enterprise mainstream
summary:
  zh-hans: 开源模型的成本优势让企业开始自行部署。
  en: Open models now cost less to run than to rent.
tags:
- slug: open-source
  name: {zh-hans: 开源, en: Open source}
entities:
- slug: deepseek
  kind: organisation
  name: {zh-hans: 深度求索, en: DeepSeek}
entity_tables:
- caption: {zh-hans: 主要厂商, en: Main vendors}
  rows:
  - entity: deepseek
    role: {zh-hans: 模型厂商, en: Model vendor}
faq:
- key: why
  question:
    zh-hans: 为什么重要？
    en: Why does it matter?
  answer: {zh-hans: 因为成本。, en: Cost.}
---

<!-- geo:body zh-hans -->

## 背景

正文。

<!-- geo:body en -->

## Background

Body.
"""


def bad_file(slug="bad-article"):
    """A valid file for ``slug`` whose tag and entity are its own, to be broken by a test."""
    return (
        GOOD.replace("good-article", slug)
        .replace("open-source", "bad-tag")
        .replace("开源, en: Open source", "坏标签, en: Bad tag")
        .replace("deepseek", "bad-entity")
        .replace("深度求索, en: DeepSeek", "坏实体, en: Bad entity")
    )


BAD_FILES = {
    "summary-too-long": (
        lambda text: text.replace("开源模型的成本优势让企业开始自行部署。", "长" * 301),
        "summary.zh-hans",
    ),
    "english-summary-too-long": (
        lambda text: text.replace("Open models now cost less to run than to rent.", "word " * 70),
        "summary.en",
    ),
    "unknown-front-matter-key": (
        lambda text: text.replace("status: published", "status: published\ntitel: typo"),
        "titel",
    ),
    "missing-body": (lambda text: text.split("<!-- geo:body zh-hans -->")[0], "body.zh-hans"),
    "missing-chinese-title": (
        lambda text: text.replace("  zh-hans: 开源模型进入企业主战场\n", ""),
        "title.zh-hans",
    ),
    "unknown-disclaimer": (
        lambda text: text.replace("tags:\n", "disclaimers: [no-such-notice]\ntags:\n"),
        "disclaimers",
    ),
    "row-with-undefined-entity": (
        lambda text: text.replace("  - entity: bad-entity", "  - entity: nobody"),
        "entity_tables[0].rows[0].entity",
    ),
    "date-without-time-zone": (
        lambda text: text.replace("'2026-10-20T01:00:00+00:00'", "'2026-10-20T01:00:00'"),
        "published_at",
    ),
    "not-a-date": (
        lambda text: text.replace("'2026-10-20T01:00:00+00:00'", "next tuesday"),
        "published_at",
    ),
    "unknown-status": (
        lambda text: text.replace("status: published", "status: live"),
        "status",
    ),
    "invalid-yaml": (
        lambda text: text.replace("status: published", "status: [published"),
        "YAML",
    ),
    "bad-faq-item": (
        lambda text: text.replace(
            "answer: {zh-hans: 因为成本。, en: Cost.}", "answer: {en: Cost.}"
        ),
        "faq[0].answer.zh-hans",
    ),
    "bad-wikidata-id": (
        lambda text: text.replace(
            "  kind: organisation\n", "  kind: organisation\n  wikidata_id: 42\n"
        ),
        "entities[0].wikidata_id",
    ),
    "unknown-markdown-language": (
        lambda text: text.replace("<!-- geo:body en -->", "<!-- geo:body fr -->"),
        "body.fr",
    ),
    "unknown-language-in-a-field": (
        lambda text: text.replace("  en: Open models move", "  fr: Open models move"),
        "title.fr",
    ),
    "ai-assisted-not-a-boolean": (
        lambda text: text.replace("status: published", "status: published\nai_assisted: 'false'"),
        "ai_assisted",
    ),
    "chinese-tag-slug": (
        lambda text: text.replace("- slug: bad-tag", "- slug: 坏标签"),
        "tags[0].slug",
    ),
    "chinese-entity-slug": (
        lambda text: text.replace("- slug: bad-entity", "- slug: 坏实体").replace(
            "  - entity: bad-entity", "  - entity: 坏实体"
        ),
        "entities[0].slug",
    ),
    "missing-cover-file": (
        lambda text: text.replace("tags:\n", "cover:\n  file: covers/missing.png\ntags:\n"),
        "cover.file",
    ),
}


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def nothing_left_of_the_bad_file():
    assert not Article.objects.filter(slug="bad-article").exists()
    assert not Tag.objects.filter(slug__in=["bad-tag", "bad-entity"]).exists()
    assert not Entity.objects.filter(slug="bad-entity").exists()
    assert not FaqItem.objects.filter(article__slug="bad-article").exists()


@pytest.mark.parametrize(("change", "field"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_file_is_refused_whole_naming_file_and_field(tmp_path, change, field):
    write(tmp_path, "bad-article.md", change(bad_file()))
    write(tmp_path, "good-article.md", GOOD)

    with pytest.raises(CommandError) as error:
        call_command("import_articles", str(tmp_path), verbosity=0)

    message = str(error.value)
    assert "bad-article.md" in message
    assert field in message
    assert "good-article.md" not in message
    nothing_left_of_the_bad_file()
    good = Article.objects.get(slug="good-article")
    assert good.title_zh_hans == "开源模型进入企业主战场"
    assert good.faq_items.count() == 1


def test_tag_named_like_an_existing_tag_is_refused_on_its_name(tmp_path, tag_factory):
    tag_factory(slug="kai-yuan", name_zh_hans="坏标签", name_en=None)
    write(tmp_path, "bad-article.md", bad_file())
    write(tmp_path, "good-article.md", GOOD)

    with pytest.raises(CommandError) as error:
        call_command("import_articles", str(tmp_path), verbosity=0)

    assert "bad-article.md: tags[0].name.zh-hans" in str(error.value)
    nothing_left_of_the_bad_file()
    assert Article.objects.filter(slug="good-article").exists()


def test_entity_named_like_another_entity_is_refused_on_its_name(tmp_path):
    call_command("import_articles", str(write(tmp_path, "good-article.md", GOOD)), verbosity=0)
    text = bad_file().replace("{zh-hans: 坏实体, en: Bad entity}", "{zh-hans: 深度求索}")

    with pytest.raises(CommandError) as error:
        call_command("import_articles", str(write(tmp_path, "bad-article.md", text)), verbosity=0)

    assert "bad-article.md: entities[0].name.zh-hans" in str(error.value)
    nothing_left_of_the_bad_file()


def test_clash_with_existing_data_fails_only_that_file(tmp_path, tag_factory):
    # The entity's tag would take the English name an unrelated plain tag has.
    tag_factory(slug="other", name_zh_hans="别的标签", name_en="Bad entity")
    write(tmp_path, "bad-article.md", bad_file())
    write(tmp_path, "good-article.md", GOOD)

    with pytest.raises(CommandError) as error:
        call_command("import_articles", str(tmp_path), verbosity=0)

    assert "bad-article.md" in str(error.value)
    nothing_left_of_the_bad_file()
    assert Article.objects.filter(slug="good-article").exists()


def test_bad_summary_error_says_what_is_wrong(tmp_path):
    path = write(tmp_path, "bad-article.md", BAD_FILES["summary-too-long"][0](bad_file()))

    with pytest.raises(CommandError) as error, translation.override("en"):
        call_command("import_articles", str(path), verbosity=0)

    assert f"{path}: summary.zh-hans: Ensure this value has at most 300 characters" in str(
        error.value
    )


def test_bad_faq_item_does_not_leave_the_article_behind(tmp_path):
    path = write(tmp_path, "bad-article.md", BAD_FILES["bad-faq-item"][0](bad_file()))

    with pytest.raises(CommandError):
        call_command("import_articles", str(path), verbosity=0)

    assert not Article.objects.exists()
    assert not Entity.objects.exists()
    assert not EntityTable.objects.exists()
    assert not Tag.objects.exists()


def test_bad_file_for_an_existing_article_leaves_it_as_it_was(tmp_path):
    path = write(tmp_path, "good-article.md", GOOD)
    call_command("import_articles", str(path), verbosity=0)

    broken = GOOD.replace("开源模型进入企业主战场", "改过的标题").replace(
        "answer: {zh-hans: 因为成本。, en: Cost.}", "answer: {en: Cost.}"
    )
    write(tmp_path, "good-article.md", broken)
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), verbosity=0)

    article = Article.objects.get(slug="good-article")
    assert article.title_zh_hans == "开源模型进入企业主战场"
    assert [item.key for item in article.faq_items.all()] == ["why"]
    assert article.entity_tables.get().rows.count() == 1


def test_missing_path_is_reported(tmp_path):
    with pytest.raises(CommandError, match=r"no-such\.md"):
        call_command("import_articles", str(tmp_path / "no-such.md"), verbosity=0)


def test_good_file_imports_everything_it_describes(tmp_path):
    call_command("import_articles", str(write(tmp_path, "good-article.md", GOOD)), verbosity=0)

    article = Article.objects.get(slug="good-article")
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == datetime(2026, 10, 20, 1, 0, tzinfo=UTC)
    assert article.title_en == "Open models move into the enterprise mainstream"
    assert article.body_zh_hans == "## 背景\n\n正文。"
    assert article.body_en == "## Background\n\nBody."
    entity = Entity.objects.get(slug="deepseek")
    # The entity in the table tags the article, next to its plain tag.
    assert set(article.tags.values_list("slug", flat=True)) == {"open-source", entity.tag.slug}
    assert article.faq_items.get().answer_en == "Cost."


def test_reimporting_a_file_updates_the_article_in_place(tmp_path):
    path = write(tmp_path, "good-article.md", GOOD)
    call_command("import_articles", str(path), verbosity=0)
    first = Article.objects.get()

    write(tmp_path, "good-article.md", GOOD.replace("开源模型进入企业主战场", "开源模型成为主流"))
    call_command("import_articles", str(path), verbosity=0)

    article = Article.objects.get()
    assert article.pk == first.pk
    assert article.title_zh_hans == "开源模型成为主流"
    assert Tag.objects.count() == 2
    assert Entity.objects.count() == 1
    assert EntityTable.objects.count() == 1
    assert FaqItem.objects.count() == 1
    assert article.tags.count() == 2


def test_file_without_slug_gets_one_from_the_title(tmp_path):
    text = GOOD.replace("slug: good-article\n", "")

    call_command("import_articles", str(write(tmp_path, "x.md", text)), verbosity=0)

    assert Article.objects.get().slug == "open-models-move-into-the-enterprise-mainstream"


def test_chinese_only_tags_and_entities_import_side_by_side(tmp_path):
    text = GOOD.replace("{zh-hans: 开源, en: Open source}", "{zh-hans: 开源}").replace(
        "{zh-hans: 深度求索, en: DeepSeek}", "{zh-hans: 深度求索}"
    )
    other = (
        bad_file("other-article")
        .replace("{zh-hans: 坏标签, en: Bad tag}", "{zh-hans: 闭源}")
        .replace("{zh-hans: 坏实体, en: Bad entity}", "{zh-hans: 月之暗面}")
    )
    write(tmp_path, "a.md", text)
    write(tmp_path, "b.md", other)

    call_command("import_articles", str(tmp_path), verbosity=0)

    assert Article.objects.count() == 2
    assert Tag.objects.filter(name_en__isnull=True).count() == 4


# ---------------------------------------------------------------- round trip


@pytest.fixture
def cover_png(tmp_path):
    path = tmp_path / "source-cover.png"
    Image.new("RGB", (4, 3), (200, 30, 30)).save(path, format="PNG")
    return path


@pytest.fixture
def full_article(
    article_factory, entity_factory, entity_table_factory, entity_row_factory, faq_item_factory,
    cover_png,
):  # fmt: skip
    """An article using every part of the file format."""
    article = article_factory(
        slug="open-models",
        live=True,
        published_at=datetime(2026, 10, 20, 1, 0, tzinfo=UTC),
        ai_assisted=True,
        title_zh_hans="开源模型进入企业主战场",
        title_en="Open models move into the enterprise mainstream",
        insight_zh_hans="- 成本更低\n- 部署更灵活",
        insight_en="- Cheaper\n- Easier to deploy",
        editor_note_zh_hans="值得关注。",
        editor_note_en="Worth watching.",
        seo_description_zh_hans="开源模型为何进入企业。",
        seo_description_en="Why open models reach the enterprise.",
        author_zh_hans="编辑部",
        author_en="GEO Desk",
        cover_alt_zh_hans="红色封面",
        cover_alt_en="A red cover",
        correction_note_zh_hans="已更正第二节的市场份额。",
        correction_note_en="We corrected the market share in section two.",
        corrected_at=datetime(2026, 10, 22, 1, 0, tzinfo=UTC),
        body_zh_hans="## 背景\n\n| 厂商 | 份额 |\n|---|---:|\n| 甲 | 40% |\n\n正文，含“引号”与 emoji 🚀。",
    )
    with cover_png.open("rb") as image:
        article.cover.save("cover.png", File(image), save=True)
    article.tags.add("开源")
    article.disclaimers.set([Disclaimer.objects.get(key="ai-assisted")])
    deepseek = entity_factory(
        name_zh_hans="深度求索",
        name_en="DeepSeek",
        description_zh_hans="杭州的模型公司。",
        website="https://www.deepseek.com/",
        wikidata_id="Q123",
    )
    moonshot = entity_factory(name_zh_hans="月之暗面", name_en=None, kind=Entity.Kind.ORGANISATION)
    table = entity_table_factory(
        article=article, entity_label_zh_hans="厂商", entity_label_en="Vendor"
    )
    entity_row_factory(table=table, entity=deepseek, note_zh_hans="降价", note_en="Price cut")
    entity_row_factory(table=table, entity=moonshot, order=1, role_en="")
    faq_item_factory(article=article, key="why", order=0)
    faq_item_factory(article=article, key="how", order=1, answer_en="")
    article.tags.add(deepseek.tag, moonshot.tag)
    return article


def files_in(directory: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def empty_the_database():
    Article.objects.all().delete()
    Entity.objects.all().delete()
    Tag.objects.all().delete()


def test_export_import_export_gives_identical_files(
    full_article, article_factory, tmp_path, settings
):
    article_factory(slug="chinese-only", chinese_only=True, status=Article.Status.REVIEW)
    first, second = tmp_path / "first", tmp_path / "second"
    call_command("export_articles", str(first), verbosity=0)

    empty_the_database()
    settings.MEDIA_ROOT = tmp_path / "fresh-media"
    call_command("import_articles", str(first), verbosity=0)
    call_command("export_articles", str(second), verbosity=0)

    exported = files_in(first)
    assert set(exported) == {"open-models.md", "covers/open-models.png", "chinese-only.md"}
    assert files_in(second) == exported


def test_exported_cover_is_the_uploaded_image(full_article, cover_png, tmp_path):
    call_command("export_articles", str(tmp_path / "out"), verbosity=0)

    assert (tmp_path / "out" / "covers" / "open-models.png").read_bytes() == cover_png.read_bytes()


def test_import_restores_the_article_as_it_was(full_article, tmp_path, settings):
    before = Article.objects.get(slug="open-models")
    cover = before.cover.read()
    call_command("export_articles", str(tmp_path / "out"), verbosity=0)

    empty_the_database()
    settings.MEDIA_ROOT = tmp_path / "fresh-media"
    call_command("import_articles", str(tmp_path / "out"), verbosity=0)

    after = Article.objects.get(slug="open-models")
    for field in Article.TRANSLATED_FIELDS:
        for suffix in ("zh_hans", "en"):
            column = f"{field}_{suffix}"
            assert (getattr(after, column) or "") == (getattr(before, column) or ""), column
    assert after.published_at == before.published_at
    assert after.updated_at == before.updated_at
    assert after.corrected_at == before.corrected_at
    assert after.ai_assisted
    assert list(after.disclaimers.values_list("key", flat=True)) == ["ai-assisted"]
    assert after.faq_items.count() == 2
    assert [row.entity.slug for row in after.entity_tables.get().rows.all()] == [
        "shen-du-qiu-suo",
        "yue-zhi-an-mian",
    ]
    assert after.cover.read() == cover


def test_export_of_one_slug_writes_only_that_article(full_article, article_factory, tmp_path):
    article_factory(slug="other")

    call_command("export_articles", str(tmp_path), "--slug", "other", verbosity=0)

    assert sorted(path.name for path in tmp_path.glob("*.md")) == ["other.md"]


def test_reimport_without_an_entity_row_drops_that_entity_tag(tmp_path):
    path = write(tmp_path, "good-article.md", GOOD)
    call_command("import_articles", str(path), verbosity=0)
    article = Article.objects.get(slug="good-article")
    assert {tag.slug for tag in article.tags.all()} == {"open-source", "deepseek"}
    without_table = GOOD.split("entity_tables:")[0] + "faq:" + GOOD.split("faq:")[1]
    write(tmp_path, "good-article.md", without_table)

    call_command("import_articles", str(path), verbosity=0)

    assert {tag.slug for tag in article.tags.all()} == {"open-source"}


# ------------------------------------------------------- shared entities, covers

RICH_ENTITY = """\
- slug: deepseek
  kind: organisation
  name: {zh-hans: 深度求索, en: DeepSeek}
  description: {zh-hans: 杭州的模型公司。, en: A Hangzhou model company.}
  website: https://www.deepseek.com
  wikidata_id: Q123
"""


def import_files(*paths) -> str:
    out = io.StringIO()
    call_command("import_articles", *map(str, paths), stdout=out)
    return out.getvalue()


def test_a_file_that_only_names_a_shared_entity_leaves_its_other_fields_alone(tmp_path):
    rich = GOOD.replace(
        "- slug: deepseek\n  kind: organisation\n  name: {zh-hans: 深度求索, en: DeepSeek}\n",
        RICH_ENTITY,
    )
    import_files(write(tmp_path, "good-article.md", rich))
    brief = GOOD.replace("good-article", "second-article").replace(
        "  kind: organisation\n  name: {zh-hans: 深度求索, en: DeepSeek}",
        "  name: {zh-hans: 深度求索}",
    )

    output = import_files(write(tmp_path, "second-article.md", brief))

    entity = Entity.objects.get(slug="deepseek")
    assert (entity.name_en, entity.description_en, entity.website, entity.wikidata_id) == (
        "DeepSeek",
        "A Hangzhou model company.",
        "https://www.deepseek.com",
        "Q123",
    )
    assert "shared entity" not in output


def test_import_says_which_shared_entities_a_file_changed(tmp_path):
    import_files(write(tmp_path, "good-article.md", GOOD))
    changing = GOOD.replace("good-article", "second-article").replace(
        "  kind: organisation\n",
        "  kind: organisation\n  website: https://deepseek.example\n",
    )

    output = import_files(write(tmp_path, "second-article.md", changing))

    assert "second-article.md: changed shared entity deepseek: website" in output
    assert Entity.objects.get(slug="deepseek").website == "https://deepseek.example"


def test_a_file_that_fails_after_its_cover_was_written_leaves_no_file_behind(
    tmp_path, cover_png, settings
):
    (tmp_path / "covers").mkdir()
    cover_png.rename(tmp_path / "covers" / "bad.png")
    broken = bad_file().replace("tags:\n", "cover:\n  file: covers/bad.png\ntags:\n")
    broken = broken.replace("answer: {zh-hans: 因为成本。, en: Cost.}", "answer: {en: Cost.}")
    write(tmp_path, "bad-article.md", broken)

    with pytest.raises(CommandError, match=r"faq\[0\]\.answer\.zh-hans"):
        import_files(tmp_path / "bad-article.md")

    nothing_left_of_the_bad_file()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or [p for p in media.rglob("*") if p.is_file()] == []
