"""Article revisions: what each records (tags, FAQ, entity rows too), compare
of any two with a CJK-aware word diff, the change reason, revert as a new
revision, and edit conflicts that keep the second editor's work."""

import re
import shutil
from datetime import UTC, datetime

import pytest
from django.contrib.messages import get_messages

from articles import revisions
from articles.models import Article
from faq.models import FaqItem
from tests.test_html_validity import validate

pytestmark = pytest.mark.django_db


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def history_url(article):
    return f"/admin/articles/article/{article.pk}/history/"


def messages_on(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def save_in_admin(client, form_data, article, **changes):
    response = client.post(
        change_url(article), form_data(client.get(change_url(article)), **changes)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def records(article):
    return list(Article.history.filter(id=article.pk).order_by("history_id"))


def text_of(html):
    return re.sub(r"<[^>]+>", "", html)


# -------------------------------------------------------------------- diff


def test_chinese_diff_marks_only_the_changed_characters():
    old, new = revisions.diff_texts("企业转向多云战略。", "企业转向混合云战略。")

    assert old == "企业转向<del>多</del>云战略。"
    assert new == "企业转向<ins>混合</ins>云战略。"


def test_english_diff_marks_whole_words():
    old, new = revisions.diff_texts("Vendors cut prices in 2025.", "Vendors raised prices in 2026.")

    assert old == "Vendors <del>cut</del> prices in <del>2025</del>."
    assert new == "Vendors <ins>raised</ins> prices in <ins>2026</ins>."


def test_mixed_text_keeps_latin_words_whole_next_to_chinese():
    assert revisions.tokens("用GPT模型") == ["用", "GPT", "模", "型"]


def test_diff_shows_the_whole_text_escaped_without_truncation():
    body = "## 搜索\n\n" + "答案引擎直接引用摘要。" * 40 + "\n\n<b>旧</b>结论"
    changed = body.replace("旧", "新")

    old, new = revisions.diff_texts(body, changed)

    assert text_of(old) == body.replace("<", "&lt;").replace(">", "&gt;")
    assert "&lt;b&gt;<del>旧</del>&lt;/b&gt;" in old
    assert "<ins>新</ins>" in new
    assert "chars]" not in new


# ---------------------------------------------------------------- snapshots


def test_a_revision_records_tags_faq_and_entity_rows_saved_with_the_article(
    superuser_client, form_data, article_factory, faq_item_factory, entity_row_factory, tag_factory
):
    article = article_factory()
    article.tags.add(tag_factory(slug="cloud", name_zh_hans="云计算", name_en="Cloud"))
    faq_item_factory(article=article, question_zh_hans="谁在部署？", question_en="Who deploys?")
    row = entity_row_factory(table__article=article, role_en="Model vendor")

    save_in_admin(
        superuser_client,
        form_data,
        article,
        **{"faq_items-0-question_en": "Who deploys open models?"},
    )

    content = records(article)[-1].related_content
    assert [tag["slug"] for tag in content["tags"]] == sorted(["cloud", row.entity.tag.slug])
    assert content["faq"][0]["fields"]["question_en"] == "Who deploys open models?"
    assert content["faq"][0]["fields"]["question_zh_hans"] == "谁在部署？"
    table = content["tables"][0]
    assert table["fields"]["caption_en"] == "Main vendors"
    assert table["rows"][0]["fields"]["role_en"] == "Model vendor"
    assert table["rows"][0]["entity"]["en"] == row.entity.name_en


def test_an_article_only_save_records_the_related_content_unchanged(
    article_factory, faq_item_factory
):
    article = article_factory()
    faq_item_factory(article=article, question_en="Still here?")

    article.title_en = "New title"
    article.save()

    assert records(article)[-1].related_content["faq"][0]["fields"]["question_en"] == "Still here?"
    assert records(article)[-1].article_version == article.version


# ------------------------------------------------------------------ history


def test_history_lists_who_when_in_the_site_zone_and_the_change_reason(
    superuser_client, form_data, article_factory, admin_user, time_machine
):
    time_machine.move_to(datetime(2026, 3, 1, 2, 0, tzinfo=UTC), tick=False)
    article = article_factory()
    time_machine.move_to(datetime(2026, 3, 2, 2, 30, tzinfo=UTC), tick=False)
    admin_user.first_name, admin_user.last_name = "Mei", "Lin"
    admin_user.save()

    save_in_admin(
        superuser_client,
        form_data,
        article,
        title_en="Open models reach the enterprise",
        change_reason="Sharper English title",
    )
    page = superuser_client.get(history_url(article))

    assert "2026-03-02 10:30 (Asia/Shanghai)" in page.text
    assert "2026-03-01 10:00 (Asia/Shanghai)" in page.text
    assert "Mei Lin" in page.text
    assert "Sharper English title" in page.text
    assert "Change reason: None" not in page.text
    assert records(article)[-1].history_change_reason == "Sharper English title"
    assert 'name="from"' in page.text and 'name="to"' in page.text


def test_the_change_reason_field_is_on_the_article_form(superuser_client, article_factory):
    page = superuser_client.get(change_url(article_factory()))

    assert "What changed (for the history)" in page.text
    assert 'name="change_reason"' in page.text


def test_comparing_two_revisions_that_are_not_neighbours_shows_every_change_in_full(
    superuser_client, form_data, article_factory, faq_item_factory
):
    article = article_factory(title_zh_hans="企业转向多云战略")
    faq_item_factory(article=article, question_en="Who moves first?")
    save_in_admin(superuser_client, form_data, article, change_reason="FAQ added")
    save_in_admin(superuser_client, form_data, article, title_zh_hans="企业转向混合云战略")
    save_in_admin(
        superuser_client,
        form_data,
        article,
        **{"faq_items-0-question_en": "Who moves to hybrid cloud first?"},
    )
    _created, first, _middle, last = records(article)

    page = superuser_client.get(
        f"{history_url(article)}compare/", {"from": last.history_id, "to": first.history_id}
    )

    assert page.status_code == 200
    assert "企业转向<del>多</del>云战略" in page.text
    assert "企业转向<ins>混合</ins>云战略" in page.text
    assert "Who moves <ins>to hybrid cloud </ins>first?" in page.text
    assert "Revision 2" in page.text and "Revision 4" in page.text
    # Unchanged fields are named, not shown.
    assert "Unchanged:" in page.text


def test_compare_without_two_revisions_goes_back_to_the_history_with_a_message(
    superuser_client, article_factory
):
    article = article_factory()

    response = superuser_client.get(f"{history_url(article)}compare/", {"from": "x"})

    assert response.status_code == 302
    assert messages_on(response) == ["Choose two revisions to compare."]


# ------------------------------------------------------------------- revert


def test_revert_restores_text_and_faq_as_a_new_revision_with_a_clear_message(
    superuser_client, form_data, article_factory, faq_item_factory, admin_user, time_machine
):
    time_machine.move_to(datetime(2026, 3, 1, 2, 0, tzinfo=UTC), tick=False)
    admin_user.first_name, admin_user.last_name = "Mei", "Lin"
    admin_user.save()
    article = article_factory(title_zh_hans="原来的标题", live=True)
    faq_item_factory(article=article, question_en="Original question?")
    save_in_admin(superuser_client, form_data, article, title_en="Starting point")
    time_machine.move_to(datetime(2026, 3, 5, 2, 0, tzinfo=UTC), tick=False)
    save_in_admin(
        superuser_client,
        form_data,
        article,
        title_zh_hans="改过的标题",
        **{"faq_items-0-question_en": "Edited question?", "faq_items-0-DELETE": None},
    )
    target = records(article)[1]

    page = superuser_client.get(f"{history_url(article)}{target.history_id}/revert/")
    assert "<del>改过</del>" in page.text or "改过" in page.text
    response = superuser_client.post(f"{history_url(article)}{target.history_id}/revert/")

    assert response.status_code == 302
    assert messages_on(response) == [
        "Reverted to the version of 2026-03-01 10:00 (Asia/Shanghai) by Mei Lin "
        "(revision 2); the previous text is kept as revision 3."
    ]
    article.refresh_from_db()
    assert article.title_zh_hans == "原来的标题"
    assert article.status == Article.Status.PUBLISHED
    assert FaqItem.objects.get(article=article).question_en == "Original question?"
    history = records(article)
    assert len(history) == 4
    assert history[2].title_zh_hans == "改过的标题"  # nothing lost
    assert history[3].history_change_reason == "Reverted to revision 2"
    assert history[3].related_content["faq"][0]["fields"]["question_en"] == "Original question?"


def test_simple_historys_revert_form_leads_to_the_revert_page(superuser_client, article_factory):
    article = article_factory()
    record = records(article)[0]

    response = superuser_client.get(f"{history_url(article)}{record.history_id}/")

    assert response.status_code == 302
    assert response.url.endswith(f"/history/{record.history_id}/revert/")


# ------------------------------------------------------------------ conflicts


@pytest.fixture
def second_editor(user_factory, client):
    user = user_factory(username="bob", first_name="Bob", last_name="Li", is_superuser=True)
    other = type(client)(headers={"accept-language": "en"})
    other.force_login(user)
    return other


@pytest.fixture
def first_editor(user_factory, client):
    user = user_factory(username="alice", first_name="Alice", last_name="Wang", is_superuser=True)
    first = type(client)(headers={"accept-language": "en"})
    first.force_login(user)
    return first


def test_a_conflict_says_who_saved_what_they_changed_and_keeps_my_text(
    first_editor, second_editor, form_data, article_factory
):
    article = article_factory(body_en="Cloud costs fell.")
    mine = second_editor.get(change_url(article))
    save_in_admin(first_editor, form_data, article, body_en="Cloud costs fell sharply.")

    response = second_editor.post(
        change_url(article), form_data(mine, summary_en="My new English summary.")
    )

    assert response.status_code == 200
    assert "Alice Wang saved this article at" in response.text
    assert "Cloud costs fell<ins> sharply</ins>." in response.text  # what they changed
    assert "My new English summary." in response.text  # my work is still in the form
    assert "copy" not in response.text.split("edit-conflict")[1].split("</section>")[0]
    assert 'name="_conflict_reapply"' in response.text


def test_reapplying_keeps_their_fields_and_mine_without_retyping(
    first_editor, second_editor, form_data, article_factory, faq_item_factory
):
    article = article_factory(body_en="Cloud costs fell.", summary_en="Old summary.")
    faq_item_factory(article=article, question_en="Who pays?")
    save_in_admin(first_editor, form_data, article, change_reason="FAQ added")
    mine = second_editor.get(change_url(article))
    save_in_admin(
        first_editor,
        form_data,
        article,
        body_en="Cloud costs fell sharply.",
        **{"faq_items-0-question_en": "Who pays for the cloud?"},
    )
    conflict = second_editor.post(
        change_url(article), form_data(mine, summary_en="My new English summary.")
    )

    response = second_editor.post(change_url(article), form_data(conflict, _conflict_reapply="1"))

    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.summary_en == "My new English summary."
    assert article.body_en == "Cloud costs fell sharply."
    assert FaqItem.objects.get(article=article).question_en == "Who pays for the cloud?"
    assert any("re-applied" in message for message in messages_on(response))
    last = records(article)[-1]
    assert last.history_change_reason.startswith("Merged with the version of")


def test_a_field_both_editors_changed_is_offered_for_choice(
    first_editor, second_editor, form_data, article_factory
):
    article = article_factory(title_en="Old title", body_en="Old body.")
    mine = second_editor.get(change_url(article))
    save_in_admin(first_editor, form_data, article, title_en="Alice's title", body_en="New body.")
    conflict = second_editor.post(
        change_url(article), form_data(mine, title_en="Bob's title", summary_en="Bob's summary.")
    )
    assert 'name="conflict_keep_title_en"' in conflict.text

    unchosen = second_editor.post(change_url(article), form_data(conflict, _conflict_reapply="1"))
    assert unchosen.status_code == 200
    assert "both changed “title”: choose which version to keep" in unchosen.text
    article.refresh_from_db()
    assert article.title_en == "Alice's title"

    chosen = second_editor.post(
        change_url(article),
        form_data(unchosen, _conflict_reapply="1", conflict_keep_title_en="mine"),
    )

    assert chosen.status_code == 302, chosen.context["adminform"].form.errors
    article.refresh_from_db()
    assert (article.title_en, article.summary_en, article.body_en) == (
        "Bob's title",
        "Bob's summary.",
        "New body.",
    )


def test_a_third_save_during_the_merge_is_a_new_conflict_against_the_original_base(
    first_editor, second_editor, form_data, article_factory
):
    article = article_factory(body_en="Old body.")
    mine = second_editor.get(change_url(article))
    save_in_admin(first_editor, form_data, article, body_en="Alice's body.")
    conflict = second_editor.post(change_url(article), form_data(mine, summary_en="Bob's."))
    save_in_admin(first_editor, form_data, article, title_en="Alice again")

    again = second_editor.post(change_url(article), form_data(conflict, _conflict_reapply="1"))
    assert again.status_code == 200
    assert "Alice Wang saved this article at" in again.text
    done = second_editor.post(change_url(article), form_data(again, _conflict_reapply="1"))

    assert done.status_code == 302, done.context["adminform"].form.errors
    article.refresh_from_db()
    assert (article.title_en, article.body_en, article.summary_en) == (
        "Alice again",
        "Alice's body.",
        "Bob's.",
    )


def test_an_faq_item_edited_on_its_own_page_is_a_new_revision_of_its_article(
    superuser_client, form_data, article_factory, faq_item_factory
):
    article = article_factory()
    item = faq_item_factory(article=article, question_en="Who pays?")
    save_in_admin(superuser_client, form_data, article)
    url = f"/admin/faq/faqitem/{item.pk}/change/"

    response = superuser_client.post(
        url, form_data(superuser_client.get(url), question_en="Who pays for it?")
    )

    assert response.status_code == 302
    last = records(article)[-1]
    assert last.related_content["faq"][0]["fields"]["question_en"] == "Who pays for it?"
    assert last.history_user.username == "admin"
    history = superuser_client.get(history_url(article))
    assert "Changed: FAQ (en)" in history.text


def test_line_ends_sent_by_a_browser_are_not_a_change():
    old, new = revisions.diff_texts("## 背景\n\n正文。", "## 背景\r\n\r\n正文。")

    assert "<del>" not in old and "<ins>" not in new
    assert revisions.same("a\r\nb", "a\nb")


@pytest.mark.skipif(shutil.which("java") is None, reason="the Nu HTML checker needs Java")
def test_history_compare_revert_and_conflict_pages_are_valid_html(
    first_editor, second_editor, form_data, article_factory, faq_item_factory, tmp_path
):
    article = article_factory(title_zh_hans="企业转向多云战略")
    faq_item_factory(article=article)
    mine = second_editor.get(change_url(article))
    save_in_admin(first_editor, form_data, article, title_zh_hans="企业转向混合云战略")
    first, last = records(article)
    conflict = second_editor.post(change_url(article), form_data(mine, title_zh_hans="改了"))
    pages = {
        "history": first_editor.get(history_url(article)),
        "compare": first_editor.get(
            f"{history_url(article)}compare/", {"from": first.history_id, "to": last.history_id}
        ),
        "revert": first_editor.get(f"{history_url(article)}{first.history_id}/revert/"),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        (tmp_path / f"{name}.html").write_bytes(response.content)
    # The conflict page is the change page; only the conflict section is ours.
    section = re.search(r'<section class="edit-conflict".*?</section>', conflict.text, re.S)
    (tmp_path / "conflict.html").write_text(
        f'<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><form method="post">'
        f"{section.group(0)}</form></body></html>"
    )

    validate(tmp_path)


def test_revert_restores_entity_rows_and_plain_tags(
    superuser_client, form_data, article_factory, entity_row_factory, tag_factory
):
    article = article_factory()
    article.tags.add(tag_factory(slug="cloud"))
    row = entity_row_factory(table__article=article, role_en="Model vendor")
    save_in_admin(superuser_client, form_data, article, change_reason="Table and tag")
    target = records(article)[-1]
    row.role_en = "Cloud vendor"
    row.save()
    extra = entity_row_factory(table=row.table)
    article.tags.remove(*article.tags.filter(slug="cloud"))
    save_in_admin(superuser_client, form_data, article, title_en="Changed")

    superuser_client.post(f"{history_url(article)}{target.history_id}/revert/")

    rows = list(row.table.rows.all())
    assert [(r.pk, r.role_en) for r in rows] == [(row.pk, "Model vendor")]
    slugs = set(article.tags.values_list("slug", flat=True))
    assert slugs == {"cloud", row.entity.tag.slug}
    assert extra.entity.tag.slug not in slugs  # its row is gone, so is its tag


def test_someone_who_may_only_read_articles_cannot_revert(legal_client, article_factory):
    article = article_factory()
    record = records(article)[0]

    page = legal_client.get(history_url(article))
    response = legal_client.post(f"{history_url(article)}{record.history_id}/revert/")

    assert page.status_code == 200
    assert "Revert to revision" not in page.text
    assert response.status_code == 403
    assert len(records(article)) == 1
