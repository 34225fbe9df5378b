import html
import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article

pytestmark = pytest.mark.django_db

DEMO_DIR = Path(__file__).resolve().parents[1] / "articles" / "demo"


def ensure_demo_admin():
    out = StringIO()
    call_command("ensure_demo_admin", stdout=out)
    return out.getvalue()


def admin():
    return get_user_model().objects.get(username="admin")


def test_creates_the_admin_with_the_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "demo-password-123")

    output = ensure_demo_admin()

    user = admin()
    assert user.is_superuser and user.is_staff and user.is_active
    assert user.check_password("demo-password-123")
    assert "Created superuser admin" in output


def test_without_the_variable_a_new_admin_gets_a_random_password_shown_once(monkeypatch):
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)

    output = ensure_demo_admin()

    (password,) = re.findall(r"password: (\S+)", output)
    assert len(password) >= 12
    assert admin().check_password(password)
    assert password not in ensure_demo_admin()
    assert admin().check_password(password)


def test_random_passwords_differ_between_sites(monkeypatch):
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
    first = re.findall(r"password: (\S+)", ensure_demo_admin())
    admin().delete()

    second = re.findall(r"password: (\S+)", ensure_demo_admin())

    assert first != second


def test_existing_admin_keeps_its_password_when_the_variable_is_unset(monkeypatch, user_factory):
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
    user = user_factory(username="admin", is_superuser=True)
    user.set_password("kept-password-456")
    user.save()

    output = ensure_demo_admin()

    assert admin().check_password("kept-password-456")
    assert "unchanged" in output
    assert "kept-password-456" not in output


def test_existing_admin_gets_the_password_from_the_environment(monkeypatch, user_factory):
    user = user_factory(username="admin", is_staff=False)
    user.set_password("old-password-789")
    user.save()
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "new-password-789")

    ensure_demo_admin()

    user = admin()
    assert user.check_password("new-password-789")
    assert user.is_superuser and user.is_staff


def test_running_twice_makes_one_admin(monkeypatch):
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "demo-password-123")

    ensure_demo_admin()
    ensure_demo_admin()

    assert get_user_model().objects.filter(username="admin").count() == 1


demo_files = sorted(DEMO_DIR.glob("*.md"))
needs_demo_content = pytest.mark.skipif(
    not demo_files, reason=f"no demo articles yet: {DEMO_DIR} has no .md files"
)


@needs_demo_content
def test_load_demo_imports_every_demo_article_and_is_safe_to_run_again(client):
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)

    assert Article.objects.count() == len(demo_files)
    for article in Article.objects.published():
        for language in ("zh-hans", "en"):
            response = client.get(f"/{language}/articles/{article.slug}/")
            assert response.status_code == 200, (language, article.slug)
            page = html.unescape(response.text)
            title = article.title_en if language == "en" else ""
            title = title or article.title_zh_hans
            assert title in page, (language, article.slug)
