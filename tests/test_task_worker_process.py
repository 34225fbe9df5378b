"""Outbound mail leaves the request: the web process only queues it, the
task worker (``manage.py db_worker``, started by ``make demo``) sends it.
And gunicorn's own log lines and its access lines tell time in one zone.
Real processes: gunicorn, the worker, a mail folder."""

import re
import shutil

import pytest

from tests.processes import ROOT, SKIP_UNDER_CLOCK_SHIFT, Browser, Site, takedown_notice

pytestmark = pytest.mark.skipif(**SKIP_UNDER_CLOCK_SHIFT)

SLUG = "generative-search-traffic"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    directory = tmp_path_factory.mktemp("worker")
    site = Site(directory, {"EMAIL_URL": f"filemail:///{directory / 'mail'}"})
    shutil.copy(ROOT / "articles" / "demo" / f"{SLUG}.md", directory)
    (directory / "covers").mkdir()
    shutil.copy(ROOT / "articles" / "demo" / "covers" / f"{SLUG}.png", directory / "covers")
    site.manage("migrate", "--noinput")
    site.manage("import_articles", str(directory / f"{SLUG}.md"))
    site.url = site.serve()
    yield site
    site.stop()


def mails(site) -> list[str]:
    folder = site.directory / "mail"
    return [path.read_text() for path in sorted(folder.glob("*"))] if folder.exists() else []


def test_a_notice_is_answered_by_the_worker_not_by_the_web_request(site):
    response = Browser().post(f"{site.url}/en/takedown/", takedown_notice(SLUG))
    assert response.status == 302
    assert mails(site) == []  # queued, not sent, while the reader waited

    site.manage("db_worker", "--batch", "--no-startup-delay")

    [acknowledgement] = mails(site)
    assert "To: li.hua@example.com" in acknowledgement
    assert re.search(r"TD-[2-9A-Z]{4}-[2-9A-Z]{4}", acknowledgement)


def test_gunicorn_and_access_log_lines_use_the_same_time_zone(site):
    Browser().get(f"{site.url}/healthz")
    log = site.log(int(site.url.rsplit(":", 1)[1])).read_text()

    own = re.findall(r"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ([+-]\d{4})\]", log, re.M)
    access = re.findall(r'\[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d ([+-]\d{4})\] "GET /healthz', log)
    assert own and access, log
    assert set(own) == set(access) == {"+0800"}
