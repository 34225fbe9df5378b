"""Entity tables and their rows are edited inside the article form (nested
inlines): one save writes the article, its tables and rows, keeps the entity
tags in step and calls the change hook once; entities are picked or created
without leaving the page; each table shows the marker that places it."""

import json
import re

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from nested_admin.nested import NestedInlineModelAdminMixin

from articles import services
from articles.models import Article, Entity, EntityRow, EntityTable
from geo.changes import changed

pytestmark = pytest.mark.django_db

ADD = "/admin/articles/article/add/"
ENTITY_POPUP = "/admin/articles/entity/add/?_to_field=id&_popup=1&_source_model=articles.entityrow"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def table_fields(index, caption, rows, *, initial_rows=0, **extra):
    """POST fields of the article form's table ``index`` (a new one) and its rows,
    each row a dict of EntityRow fields."""
    prefix = f"entity_tables-{index}"
    data = {f"{prefix}-caption_zh_hans": caption, **{f"{prefix}-{k}": v for k, v in extra.items()}}
    data |= {
        f"{prefix}-rows-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-rows-INITIAL_FORMS": str(initial_rows),
    }
    for number, row in enumerate(rows):
        data |= {f"{prefix}-rows-{number}-{name}": value for name, value in row.items()}
    return data


def new_article_with_tables(client, form_data, *tables):
    data = form_data(
        client.get(ADD),
        title_zh_hans="大模型厂商的企业市场",
        summary_zh_hans="企业开始自行部署开源模型。",
        body_zh_hans="## 背景\n\n正文。\n\n[[entities:1]]\n\n更多正文。",
        **{"entity_tables-TOTAL_FORMS": str(len(tables))},
    )
    for index, (caption, rows) in enumerate(tables):
        data |= table_fields(index, caption, rows)
    return data


@pytest.fixture
def heard():
    changes = []

    def listen(change, **_signal):
        changes.append(change)

    changed.connect(listen, dispatch_uid="entity-tables-listener")
    yield changes
    changed.disconnect(dispatch_uid="entity-tables-listener")


# ------------------------------------------------------------------ the form


def test_article_form_shows_each_table_with_its_rows_and_marker(
    superuser_client, article_factory, entity_row_factory
):
    article = article_factory()
    first = entity_row_factory(table__article=article, table__order=0, role_zh_hans="监管机构")
    second = entity_row_factory(table__article=article, table__order=1, role_en="Search engine")

    page = superuser_client.get(change_url(article)).text

    assert 'name="entity_tables-0-caption_zh_hans"' in page
    assert 'name="entity_tables-0-caption_en"' in page
    assert 'name="entity_tables-0-rows-0-role_zh_hans" value="监管机构"' in page
    assert 'name="entity_tables-1-rows-0-role_en" value="Search engine"' in page
    assert f'<option value="{first.entity.pk}" selected>' in page
    assert f'<option value="{second.entity.pk}" selected>' in page
    assert re.findall(r'class="entity-table-marker"[^>]*>([^<]*)<', page) == [
        "[[entities:1]]",
        "[[entities:2]]",
    ]


def test_marker_numbers_follow_the_reading_order_not_the_creation_order(
    superuser_client, article_factory, entity_table_factory
):
    article = article_factory()
    later = entity_table_factory(article=article, order=5, caption_zh_hans="后出现的表")
    earlier = entity_table_factory(article=article, order=1, caption_zh_hans="先出现的表")

    page = superuser_client.get(change_url(article)).text

    markers = re.findall(
        r'caption_zh_hans" value="([^"]*)".*?class="entity-table-marker"[^>]*>([^<]*)<',
        page,
        re.S,
    )
    assert markers == [
        (earlier.caption_zh_hans, "[[entities:1]]"),
        (later.caption_zh_hans, "[[entities:2]]"),
    ]


def test_row_entity_is_picked_by_autocomplete_with_an_add_button(
    superuser_client, article_factory, entity_row_factory
):
    article = article_factory()
    entity_row_factory(table__article=article)

    page = superuser_client.get(change_url(article)).text

    select = re.search(r'<select name="entity_tables-0-rows-0-entity"[^>]*>', page).group(0)
    assert "admin-autocomplete" in select
    assert 'id="add_id_entity_tables-0-rows-0-entity"' in page
    # The “×” next to the entity would delete the entity everywhere: not offered.
    assert 'id="delete_id_entity_tables-0-rows-0-entity"' not in page


def test_every_inline_of_the_article_form_is_a_nested_one():
    """django-nested-admin's page script drives every inline group of the form."""
    inlines = admin.site.get_model_admin(Article).inlines

    assert EntityTable in [inline.model for inline in inlines]
    assert [i.__name__ for i in inlines if not issubclass(i, NestedInlineModelAdminMixin)] == []


# ------------------------------------------------------------------ saving


def test_article_with_two_tables_and_their_rows_is_saved_in_one_post(
    superuser_client, form_data, entity_factory
):
    baidu = entity_factory(name_zh_hans="百度", name_en="Baidu")
    qwen = entity_factory(name_zh_hans="通义千问", name_en="Qwen")
    cac = entity_factory(name_zh_hans="国家网信办", name_en="CAC")
    data = new_article_with_tables(
        superuser_client,
        form_data,
        (
            "答案入口",
            [
                {"entity": str(baidu.pk), "role_zh_hans": "搜索引擎", "role_en": "Search engine"},
                {"entity": str(qwen.pk), "note_zh_hans": "接入购物"},
            ],
        ),
        ("监管方", [{"entity": str(cac.pk), "role_zh_hans": "监管机构"}]),
    )

    response = superuser_client.post(ADD, data)

    assert response.status_code == 302
    article = Article.objects.get()
    tables = [
        (table.caption_zh_hans, [(row.entity, row.role_zh_hans) for row in table.rows.all()])
        for table in article.entity_tables.all()
    ]
    assert tables == [
        ("答案入口", [(baidu, "搜索引擎"), (qwen, None)]),
        ("监管方", [(cac, "监管机构")]),
    ]
    assert EntityRow.objects.get(entity=baidu).role_en == "Search engine"
    assert set(article.tags.all()) == {baidu.tag, qwen.tag, cac.tag}


def test_saving_an_article_with_its_tables_calls_the_change_hook_once(
    superuser_client,
    form_data,
    article_factory,
    entity_factory,
    heard,
    django_capture_on_commit_callbacks,
):
    article = article_factory(live=True)
    entity = entity_factory()
    data = form_data(
        superuser_client.get(change_url(article)),
        **{"entity_tables-TOTAL_FORMS": "1"},
        **table_fields(0, "主要厂商", [{"entity": str(entity.pk)}]),
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(change_url(article), data)

    assert response.status_code == 302
    assert [change.article_ids for change in heard] == [(article.pk,)]
    assert article.entity_tables.get().rows.get().entity == entity


def test_new_rows_and_tables_left_without_a_position_go_after_the_others(
    superuser_client, form_data, article_factory, entity_row_factory, entity_factory
):
    article = article_factory()
    existing = entity_row_factory(table__article=article, table__order=3, order=7)
    newcomer = entity_factory()
    page = superuser_client.get(change_url(article))
    # A row added under the existing one, its position left as offered (empty).
    assert 'name="entity_tables-empty-rows-0-order" class="vIntegerField"' in page.text
    data = form_data(
        page,
        **{
            "entity_tables-0-rows-TOTAL_FORMS": "2",
            "entity_tables-0-rows-1-entity": str(newcomer.pk),
            "entity_tables-0-rows-1-order": "",
            "entity_tables-TOTAL_FORMS": "2",
        },
        **table_fields(1, "新表", [{"entity": str(newcomer.pk)}]),
    )

    assert superuser_client.post(change_url(article), data).status_code == 302

    rows = list(existing.table.rows.values_list("entity", "order"))
    assert rows == [(existing.entity.pk, 7), (newcomer.pk, 8)]
    tables = list(article.entity_tables.values_list("caption_zh_hans", "order"))
    assert tables == [(existing.table.caption_zh_hans, 3), ("新表", 4)]


def test_row_without_an_entity_is_refused_on_that_row(superuser_client, form_data, article_factory):
    article = article_factory()
    data = form_data(
        superuser_client.get(change_url(article)),
        **{"entity_tables-TOTAL_FORMS": "1"},
        **table_fields(0, "主要厂商", [{"role_zh_hans": "没有选实体"}]),
    )

    response = superuser_client.post(change_url(article), data)

    assert response.status_code == 200
    assert "This field is required." in response.text
    row_errors = [
        errors
        for tables in response.context["inline_admin_formsets"]
        for table in tables
        for rows in getattr(table.form, "inlines", [])
        for errors in rows.formset.errors
    ]
    assert {"entity": ["This field is required."]} in row_errors
    assert not EntityTable.objects.exists()


def test_an_error_elsewhere_keeps_the_new_tables_and_rows_as_typed(
    superuser_client, form_data, article_factory, entity_factory
):
    article = article_factory()
    entity = entity_factory()
    data = form_data(
        superuser_client.get(change_url(article)),
        title_zh_hans="",
        **{"entity_tables-TOTAL_FORMS": "1"},
        **table_fields(
            0, "新的表", [{"entity": str(entity.pk), "role_en": "Typed before the error"}]
        ),
    )

    response = superuser_client.post(change_url(article), data)

    assert response.status_code == 200
    assert "title_zh_hans" in response.context["adminform"].form.errors
    assert 'name="entity_tables-0-caption_zh_hans" value="新的表"' in response.text
    assert 'name="entity_tables-0-rows-0-role_en" value="Typed before the error"' in response.text
    assert f'<option value="{entity.pk}" selected>' in response.text
    assert not EntityTable.objects.exists()


# ------------------------------------------------------------------ deleting


def test_deleting_a_row_in_the_article_form_removes_its_entity_tag(
    superuser_client, client, form_data, article_factory, entity_row_factory, tag_factory
):
    article = article_factory(live=True, slug="cloud", title_en="Cloud deals")
    plain = tag_factory(name_en="Cloud")
    article.tags.add(plain)
    kept = entity_row_factory(table__article=article)
    dropped = entity_row_factory(table=kept.table, order=1)
    services.article_sync_entity_tags(article=article)
    assert article.title_zh_hans in client.get(dropped.entity.get_absolute_url()).text
    data = form_data(
        superuser_client.get(change_url(article)), **{"entity_tables-0-rows-1-DELETE": "on"}
    )

    assert superuser_client.post(change_url(article), data).status_code == 302

    assert list(kept.table.rows.all()) == [kept]
    assert set(article.tags.all()) == {plain, kept.entity.tag}
    assert article.title_zh_hans not in client.get(dropped.entity.get_absolute_url()).text


def test_deleting_a_table_in_the_article_form_removes_its_entity_tags(
    superuser_client, form_data, article_factory, entity_row_factory, tag_factory
):
    article = article_factory()
    plain = tag_factory()
    article.tags.add(plain)
    row = entity_row_factory(table__article=article)
    services.article_sync_entity_tags(article=article)
    data = form_data(superuser_client.get(change_url(article)), **{"entity_tables-0-DELETE": "on"})

    assert superuser_client.post(change_url(article), data).status_code == 302

    assert not EntityTable.objects.exists()
    assert list(article.tags.all()) == [plain]
    assert Entity.objects.filter(pk=row.entity.pk).exists()  # the entity itself stays


def test_deleting_a_table_while_adding_a_row_to_it_deletes_both(
    superuser_client, form_data, article_factory, entity_row_factory, entity_factory
):
    """django-nested-admin would save the new row into the deleted table (its issue #192)."""
    article = article_factory()
    entity_row_factory(table__article=article)
    newcomer = entity_factory()
    data = form_data(
        superuser_client.get(change_url(article)),
        **{
            "entity_tables-0-DELETE": "on",
            "entity_tables-0-rows-TOTAL_FORMS": "2",
            "entity_tables-0-rows-1-entity": str(newcomer.pk),
        },
    )

    assert superuser_client.post(change_url(article), data).status_code == 302

    assert not EntityTable.objects.exists()
    assert not EntityRow.objects.exists()
    assert list(article.tags.all()) == []


# ------------------------------------------------------------------ new entities


def test_new_entity_is_created_in_the_popup_without_a_slug_and_returned_to_the_row(
    superuser_client, form_data
):
    page = superuser_client.get(ENTITY_POPUP)
    assert 'name="slug"' not in page.text
    assert 'name="name_zh_hans"' in page.text and 'name="name_en"' in page.text

    response = superuser_client.post(
        ENTITY_POPUP, form_data(page, name_zh_hans="月之暗面", name_en="Moonshot AI")
    )

    entity = Entity.objects.get(name_zh_hans="月之暗面")
    assert entity.slug == "yue-zhi-an-mian"
    assert entity.tag.name_zh_hans == "月之暗面"
    answer = re.search(r'data-popup-response="([^"]*)"', response.text).group(1)
    assert json.loads(answer.replace("&quot;", '"'))["value"] == str(entity.pk)


def test_entity_created_in_the_popup_is_saved_in_the_row(
    superuser_client, form_data, article_factory
):
    article = article_factory()
    superuser_client.post(
        ENTITY_POPUP, form_data(superuser_client.get(ENTITY_POPUP), name_zh_hans="智谱")
    )
    entity = Entity.objects.get(name_zh_hans="智谱")
    data = form_data(
        superuser_client.get(change_url(article)),
        **{"entity_tables-TOTAL_FORMS": "1"},
        **table_fields(0, "主要厂商", [{"entity": str(entity.pk), "role_zh_hans": "模型厂商"}]),
    )

    assert superuser_client.post(change_url(article), data).status_code == 302

    assert article.entity_tables.get().rows.get().entity == entity
    assert list(article.tags.all()) == [entity.tag]
    assert entity.slug == "zhi-pu"


def test_full_entity_add_page_still_offers_an_optional_slug(superuser_client, form_data):
    page = superuser_client.get("/admin/articles/entity/add/")
    assert 'name="slug"' in page.text

    superuser_client.post("/admin/articles/entity/add/", form_data(page, name_zh_hans="零一万物"))

    assert Entity.objects.get().slug == "ling-yi-wan-wu"


# ------------------------------------------------------------------ permissions


def test_editor_adds_a_table_with_rows_in_the_article_form(
    editor_client, form_data, article_factory, entity_factory
):
    article = article_factory()
    entity = entity_factory()
    page = editor_client.get(change_url(article))
    assert 'id="entity_tables-group"' in page.text
    data = form_data(
        page,
        **{"entity_tables-TOTAL_FORMS": "1"},
        **table_fields(0, "主要厂商", [{"entity": str(entity.pk)}]),
    )

    response = editor_client.post(change_url(article), data)

    assert response.status_code == 302
    assert article.entity_tables.get().rows.get().entity == entity
    assert list(article.tags.all()) == [entity.tag]


def test_editor_creates_an_entity_in_the_popup(editor_client, form_data):
    page = editor_client.get(ENTITY_POPUP)

    response = editor_client.post(ENTITY_POPUP, form_data(page, name_zh_hans="深度求索"))

    assert response.status_code == 200
    assert Entity.objects.get().slug == "shen-du-qiu-suo"


# ------------------------------------------------------------------ table admin


def test_table_admin_returns_to_the_article_after_a_save(
    superuser_client, form_data, entity_row_factory
):
    row = entity_row_factory()
    url = f"/admin/articles/entitytable/{row.table.pk}/change/"

    response = superuser_client.post(
        url, form_data(superuser_client.get(url), caption_zh_hans="改过的标题")
    )

    assert response.status_code == 302
    assert response["Location"] == change_url(row.table.article) + "#entity_tables-group"


def test_table_admin_returns_to_the_article_after_a_delete(superuser_client, entity_row_factory):
    row = entity_row_factory()
    article = row.table.article
    url = f"/admin/articles/entitytable/{row.table.pk}/delete/"

    response = superuser_client.post(url, {"post": "yes"})

    assert response["Location"] == change_url(article) + "#entity_tables-group"
    assert not EntityTable.objects.exists()
    assert any("deleted successfully" in str(m) for m in get_messages(response.wsgi_request))


def test_table_admin_save_and_continue_stays_on_the_table(
    superuser_client, form_data, entity_row_factory
):
    row = entity_row_factory()
    url = f"/admin/articles/entitytable/{row.table.pk}/change/"

    response = superuser_client.post(url, form_data(superuser_client.get(url), _continue="1"))

    assert response["Location"] == url
