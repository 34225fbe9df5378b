"""On the embedded default (one SQLite file, no Redis) every gunicorn process
sees one truth: a change made through one process, or by a command, is on
the pages every other process serves at once, and rate limits count the
requests of all processes together. Proved with real processes."""

import re
import shutil

import pytest

from tests.conftest import admin_form_data
from tests.processes import ROOT, SKIP_UNDER_CLOCK_SHIFT, Browser, Site, takedown_notice

pytestmark = pytest.mark.skipif(**SKIP_UNDER_CLOCK_SHIFT)

DEMO = ROOT / "articles" / "demo"
SLUG = "generative-search-traffic"
ARTICLE = f"/en/articles/{SLUG}/"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    directory = tmp_path_factory.mktemp("two-processes")
    site = Site(directory, {"TAKEDOWN_SUBMIT_RATE": "5/h"})
    shutil.copytree(DEMO, directory / "import")
    site.manage("migrate", "--noinput")
    site.manage("import_articles", str(directory / "import" / f"{SLUG}.md"))
    site.manage(
        "createsuperuser",
        "--noinput",
        "--username=admin",
        "--email=admin@example.com",
        env={"DJANGO_SUPERUSER_PASSWORD": "a long demo password"},
    )
    site.first, site.second = site.serve(), site.serve()
    yield site
    site.stop()


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
    editor.log_in(site.first, "admin", "a long demo password")
    changelist = editor.get(f"{site.first}/admin/articles/article/?q={SLUG}").text
    change_url = re.search(r'href="(/admin/articles/article/\d+/change/)', changelist)[1]
    form = editor.get(site.first + change_url)

    saved = editor.request(
        site.first + change_url, admin_form_data(form, title_en="Edited in the first process")
    )

    assert saved.status == 302, saved.text[:3000]
    assert title_of(reader.get(site.second + ARTICLE)) == "Edited in the first process"
    assert title_of(reader.get(site.first + ARTICLE)) == "Edited in the first process"


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
    editor.log_in(site.first, "admin", "a long demo password")
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
