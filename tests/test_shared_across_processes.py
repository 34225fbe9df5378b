"""Every gunicorn process sees one truth, on the embedded default (one SQLite
file, no Redis) and on production's PostgreSQL + Redis: a change made through
one process, or by a command, is on the pages every other process serves at
once, a session made on one is valid on the other, and rate limits count the
requests of all processes together. Proved with real processes.

The PostgreSQL + Redis variant runs when the suite itself runs on them
(DATABASE_URL and REDIS_URL): its processes get a database of their own on
that server (``<name>_processes``, made and dropped here) and their own key
prefix in that Redis database."""

import os
import re
import secrets
import shutil
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from tests.conftest import admin_form_data
from tests.processes import ROOT, SKIP_UNDER_CLOCK_SHIFT, Browser, Site, takedown_notice

pytestmark = pytest.mark.skipif(**SKIP_UNDER_CLOCK_SHIFT)

DEMO = ROOT / "articles" / "demo"
SLUG = "generative-search-traffic"
ARTICLE = f"/en/articles/{SLUG}/"
DRAFT = "open-models-enterprise"
PASSWORD = "a long demo password"

SUITE_DATABASE = os.environ.get("DATABASE_URL", "")
SUITE_REDIS = os.environ.get("REDIS_URL", "")
ON_POSTGRES_AND_REDIS = SUITE_DATABASE.startswith(("postgres://", "postgresql://")) and bool(
    SUITE_REDIS
)


class ProcessesDatabase:
    """A database of the processes' own, beside the suite's on the same server."""

    def __init__(self, suite_url: str):
        parts = urlsplit(suite_url)
        self.name = f"{parts.path.lstrip('/')}_processes"
        self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
        self.admin_url = urlunsplit(parts._replace(path="/postgres", scheme="postgresql"))

    def _run(self, sql: str) -> None:
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(sql)

    def create(self) -> None:
        self.drop()
        self._run(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        self._run(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def backends(request):
    """The environment for ``request.param``, and a clean-up to call at the end."""
    if request.param == "sqlite":
        return {}, lambda: None
    if not ON_POSTGRES_AND_REDIS:
        pytest.skip("the suite runs without PostgreSQL and Redis (DATABASE_URL, REDIS_URL)")
    database = ProcessesDatabase(SUITE_DATABASE)
    database.create()
    return {
        "DATABASE_URL": database.url,
        "REDIS_URL": SUITE_REDIS,
        "CACHE_KEY_PREFIX": f"processes-{secrets.token_hex(4)}",
    }, database.drop


@pytest.fixture(scope="module", params=["sqlite", "postgres+redis"])
def site(request, tmp_path_factory):
    directory = tmp_path_factory.mktemp("two-processes")
    environment, clean_up = backends(request)
    site = Site(directory, {"TAKEDOWN_SUBMIT_RATE": "5/h", **environment})
    shutil.copytree(DEMO, directory / "import")
    draft = directory / "import" / f"{DRAFT}.md"
    draft.write_text(
        draft.read_text(encoding="utf-8").replace("status: published", "status: draft", 1),
        encoding="utf-8",
    )
    try:
        site.manage("migrate", "--noinput")
        site.manage("import_articles", str(directory / "import" / f"{SLUG}.md"), str(draft))
        site.manage(
            "createsuperuser",
            "--noinput",
            "--username=admin",
            "--email=admin@example.com",
            env={"DJANGO_SUPERUSER_PASSWORD": PASSWORD},
        )
        site.first, site.second = site.serve(), site.serve()
        yield site
    finally:
        site.stop()
        clean_up()


def title_of(response) -> str:
    assert response.status == 200, response.status
    return re.search(r"<h1[^>]*>(.*?)</h1>", response.text, re.S)[1].strip()


def warm(site, browser, path):
    """Both processes have served (and cached) the page."""
    for base in (site.first, site.second):
        browser.get(base + path)


def test_an_import_on_the_command_line_is_on_every_process_at_once(site):
    reader = Browser()
    warm(site, reader, ARTICLE)
    warm(site, reader, "/en/")
    source = site.directory / "import" / f"{SLUG}.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(
        re.sub(
            r"  en: 'Generative search rewrites[^\n]*", "  en: Imported again, newer", text, count=1
        ),
        encoding="utf-8",
    )

    site.manage("import_articles", str(source))

    for base in (site.first, site.second):
        assert title_of(reader.get(base + ARTICLE)) == "Imported again, newer"
        assert "Imported again, newer" in reader.get(base + "/en/").text


def test_an_admin_edit_through_one_process_is_on_the_other_at_once(site):
    reader = Browser()
    warm(site, reader, ARTICLE)
    editor = Browser()
    editor.log_in(site.first, "admin", PASSWORD)
    changelist = editor.get(f"{site.first}/admin/articles/article/?q={SLUG}").text
    change_url = re.search(r'href="(/admin/articles/article/\d+/change/)', changelist)[1]
    form = editor.get(site.first + change_url)

    saved = editor.request(
        site.first + change_url, admin_form_data(form, title_en="Edited in the first process")
    )

    assert saved.status == 302, saved.text[:3000]
    assert title_of(reader.get(site.second + ARTICLE)) == "Edited in the first process"
    assert title_of(reader.get(site.first + ARTICLE)) == "Edited in the first process"


def edit_in_admin(site, changelist_path: str, **changes) -> None:
    """Through the first process: the first object the changelist lists, edited."""
    editor = Browser()
    editor.log_in(site.first, "admin", PASSWORD)
    changelist = editor.get(site.first + changelist_path).text
    change_url = re.search(r'href="(/admin/[a-z]+/[a-z]+/\d+/change/)', changelist)[1]
    form = editor.get(site.first + change_url)
    saved = editor.request(site.first + change_url, admin_form_data(form, **changes))
    assert saved.status == 302, saved.text[:3000]


def test_an_faq_item_edited_through_one_process_is_on_the_others_article_page_at_once(site):
    """The other process remembered the page's parts: the edit replaced their stamp."""
    reader = Browser()
    warm(site, reader, ARTICLE)

    edit_in_admin(
        site,
        "/admin/faq/faqitem/?q=What+is+generative+engine",
        question_en="What is GEO, in short?",
    )

    for base in (site.second, site.first):
        assert "What is GEO, in short?" in reader.get(base + ARTICLE).text


def test_an_entity_renamed_through_one_process_is_on_the_others_article_page_at_once(site):
    """An entity is shared by articles: its edit names none, and still reaches them."""
    reader = Browser()
    warm(site, reader, ARTICLE)

    edit_in_admin(site, "/admin/articles/entity/?q=perplexity", name_en="Perplexity Answers Inc")

    for base in (site.second, site.first):
        assert "Perplexity Answers Inc" in reader.get(base + ARTICLE).text


def test_the_takedown_limit_counts_the_requests_of_every_process_together(site):
    client = Browser()
    notice = takedown_notice(SLUG)
    statuses = [
        client.post(f"{base}/en/takedown/", notice).status for base in (site.first, site.second) * 3
    ]

    assert statuses == [302] * 5 + [429]


def test_a_removal_through_one_process_reaches_every_surface_of_the_other_at_once(site):
    reader = Browser()
    surfaces = ["/llms.txt", "/en/feed.xml", "/zh-hans/atom.xml", "/sitemap-articles-en.xml"]
    for path in [ARTICLE, f"/en/articles/{SLUG}.md", *surfaces]:
        warm(site, reader, path)
        assert SLUG in reader.get(site.second + path).text or path == ARTICLE
    editor = Browser()
    editor.log_in(site.first, "admin", PASSWORD)
    changelist = editor.get(f"{site.first}/admin/articles/article/?q={SLUG}").text
    pk = re.search(r'href="/admin/articles/article/(\d+)/change/', changelist)[1]

    done = editor.post(
        f"{site.first}/admin/articles/article/",
        {"action": "withdraw", "_selected_action": pk, "index": "0"},
    )

    assert done.status == 302
    for base in (site.first, site.second):
        assert reader.get(base + ARTICLE).status == 410
        assert reader.get(f"{base}/en/articles/{SLUG}.md").status == 410
        for path in surfaces:
            assert SLUG not in reader.get(base + path).text, path
        assert SLUG in reader.get(f"{base}/sitemap-gone.xml").text


def test_a_session_made_on_one_process_is_valid_on_the_other(site):
    editor = Browser()
    editor.log_in(site.first, "admin", PASSWORD)

    on_the_other = editor.get(f"{site.second}/admin/")

    assert on_the_other.status == 200
    assert "/admin/logout/" in on_the_other.text


def test_a_draft_published_through_one_process_is_readable_on_the_other_at_once(site):
    reader = Browser()
    path = f"/en/articles/{DRAFT}/"
    assert reader.get(site.second + path).status == 404  # and cached as such
    editor = Browser()
    editor.log_in(site.first, "admin", PASSWORD)
    changelist = editor.get(f"{site.first}/admin/articles/article/?q={DRAFT}").text
    pk = re.search(r'href="/admin/articles/article/(\d+)/change/', changelist)[1]

    done = editor.post(
        f"{site.first}/admin/articles/article/",
        {"action": "publish", "_selected_action": pk, "index": "0"},
    )

    assert done.status == 302
    published = reader.get(site.second + path)
    assert published.status == 200
    assert DRAFT in reader.get(f"{site.second}/en/").text
