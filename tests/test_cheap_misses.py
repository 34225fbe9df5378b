"""Work that does not change between requests is done once: Markdown per
text, the QR code per address, site-wide fragments per content generation."""

import pytest

from articles import share
from articles.models import Disclaimer
from geo import fragments
from geo.changes import content_changed
from geo.markdown import render_markdown, render_markdown_blocks
from geo.models import SiteSettings
from tests.reader_html import page

TEXT = (
    "## Background\n\nSee [the source](https://example.org/report) and **this**.\n\n"
    "| a | b |\n|---|---|\n| 1 | 2 |"
)


def test_memoised_markdown_is_the_renderers_html_and_made_once(settings):
    settings.SITE_URL = "https://geo.example"
    render_markdown.memo.clear()

    first = render_markdown(TEXT)
    again = render_markdown(TEXT)

    assert first == render_markdown.__wrapped__(TEXT)
    assert again is first  # the remembered result, not a new rendering
    assert len(render_markdown.memo) == 1
    assert 'rel="noopener nofollow"' in first


def test_a_changed_text_renders_anew():
    before = render_markdown(TEXT)

    after = render_markdown(TEXT.replace("Background", "Context"))

    assert 'id="context"' in after and 'id="background"' in before


def test_a_different_site_address_renders_anew(settings):
    """Whether a link is external depends on SITE_URL, so it is part of the key."""
    settings.SITE_URL = "https://example.org"
    own = render_markdown(TEXT)
    settings.SITE_URL = "https://geo.example"
    foreign = render_markdown(TEXT)

    assert "nofollow" not in own and "nofollow" in foreign


def test_memoised_blocks_are_copies_a_caller_cannot_spoil():
    blocks = render_markdown_blocks(TEXT, anchors=False)
    blocks.clear()

    again = render_markdown_blocks(TEXT, anchors=False)

    assert [block.tag for block in again] == ["h2", "p", "table"]
    assert 'id="' not in again[0].html  # anchors=False is its own entry
    assert 'id="background"' in render_markdown_blocks(TEXT)[0].html


def test_qr_code_is_made_once_per_address_and_is_the_same_svg():
    share.qr_svg.cache_clear()

    first = share.qr_svg("https://geo.example/zh-hans/articles/a/", "二维码")
    again = share.qr_svg("https://geo.example/zh-hans/articles/a/", "二维码")
    other = share.qr_svg("https://geo.example/zh-hans/articles/b/", "二维码")

    assert again is first
    assert first == share.qr_svg.__wrapped__("https://geo.example/zh-hans/articles/a/", "二维码")
    assert other != first
    assert share.qr_svg.cache_info().misses == 2


@pytest.mark.django_db
def test_footer_follows_site_settings_through_the_change_hook(
    client, django_capture_on_commit_callbacks
):
    fragments.forget_all()
    assert "© " in page(client.get("/en/faq/")).one("footer").text
    site = SiteSettings.load()
    site.site_name = "Answer Desk"
    site.icp_number = "京ICP备12345678号-1"
    site.save()

    with django_capture_on_commit_callbacks(execute=True):
        content_changed()
    footer = page(client.get("/en/archive/")).one("footer").text

    assert "Answer Desk" in footer and "京ICP备12345678号-1" in footer


@pytest.mark.django_db
def test_a_fragment_is_rendered_once_per_generation_and_language(
    django_capture_on_commit_callbacks,
):
    fragments.forget_all()
    made = []

    def render():
        made.append(1)
        return f"fragment {len(made)}"

    first = fragments.fragment("probe", (1,), render)
    again = fragments.fragment("probe", (1,), render)
    other_vary = fragments.fragment("probe", (2,), render)
    with django_capture_on_commit_callbacks(execute=True):
        content_changed()
    after_change = fragments.fragment("probe", (1,), render)

    assert first == again == "fragment 1"
    assert other_vary == "fragment 2" and after_change == "fragment 3"


@pytest.mark.django_db
def test_article_disclaimers_follow_an_edit_through_the_change_hook(
    client, article_factory, disclaimer_factory, django_capture_on_commit_callbacks
):
    fragments.forget_all()
    article = article_factory(live=True, slug="noted")
    disclaimer = disclaimer_factory(applies_to_all=True, title_en="Old notice")
    assert "Old notice" in page(client.get("/en/articles/noted/")).by_id("disclaimer").text

    disclaimer.title_en = "New notice"
    disclaimer.save()
    with django_capture_on_commit_callbacks(execute=True):
        content_changed()
    text = page(client.get("/en/articles/noted/")).by_id("disclaimer").text

    assert "New notice" in text and "Old notice" not in text
    takedown = (
        page(client.get("/en/articles/noted/"))
        .by_id("disclaimer")
        .one("p", class_="takedown-link")
        .one("a")
    )
    assert takedown.get("href").endswith(f"?article={article.slug}")


@pytest.mark.django_db
def test_an_editors_preview_is_never_served_from_a_fragment(
    superuser_client, article_factory, disclaimer_factory
):
    article = article_factory()
    disclaimer = disclaimer_factory(applies_to_all=True, title_en="Old notice")
    url = f"/en/preview/articles/{article.pk}/"
    assert "Old notice" in superuser_client.get(url).content.decode()

    Disclaimer.objects.filter(pk=disclaimer.pk).update(title_en="New notice")  # no hook

    assert "New notice" in superuser_client.get(url).content.decode()
