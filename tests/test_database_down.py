"""PostgreSQL stopped or frozen while gunicorn serves: every page answers the
static bilingual 503 within about two seconds (no traceback in the body, one
log line per outage), a takedown notice sent meanwhile is refused with "not
saved" rather than lost, /healthz says so, and everything comes back by
itself when the database does. Against a PostgreSQL server this test starts
on its own port (never the machine's), and stops and freezes."""

import contextlib
import glob
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import pytest

from tests.processes import ROOT, SKIP_UNDER_CLOCK_SHIFT, Browser, Site, free_port, takedown_notice

PG_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
pytestmark = [
    pytest.mark.skipif(not PG_BIN, reason="needs PostgreSQL's server binaries"),
    pytest.mark.skipif(**SKIP_UNDER_CLOCK_SHIFT),
]

SLUG = "generative-search-traffic"
ARTICLE = f"/en/articles/{SLUG}/"
TAKEDOWN = "/en/takedown/"


class OwnPostgres:
    """A throwaway PostgreSQL server (trust auth, 127.0.0.1 only)."""

    def __init__(self):
        self.bin = Path(PG_BIN[-1])
        self.directory = Path(tempfile.mkdtemp(prefix="geo-pg-"))
        self.port = free_port()
        self.process = None
        self.as_postgres = {}
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            shutil.chown(self.directory, "postgres")
            self.as_postgres = {"user": "postgres", "group": "postgres", "extra_groups": []}
        subprocess.run(
            [self.bin / "initdb", "-D", self.directory / "data",
             "-U", "postgres", "--auth=trust", "--no-sync"],
            check=True, capture_output=True, timeout=120, cwd=self.directory, **self.as_postgres,
        )  # fmt: skip

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def start(self):
        self.process = subprocess.Popen(
            [self.bin / "postgres", "-D", self.directory / "data",
             "-p", str(self.port), "-c", "listen_addresses=127.0.0.1",
             "-c", f"unix_socket_directories={self.directory}", "-c", "fsync=off"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            cwd=self.directory, **self.as_postgres,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                psycopg.connect(
                    self.url.replace("postgres://", "postgresql://"), connect_timeout=2
                ).close()
                return
            except psycopg.OperationalError:
                time.sleep(0.2)
        raise RuntimeError("PostgreSQL did not start")

    def family(self) -> list[int]:
        """The postmaster and its children (each backend is in its own
        session, so signalling the process group would miss them)."""
        children = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True
        ).stdout.split()
        return [self.process.pid, *map(int, children)]

    def signal_all(self, signum):
        for pid in self.family():
            with contextlib.suppress(ProcessLookupError):  # already gone
                os.kill(pid, signum)

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.signal_all(signal.SIGCONT)
        self.process.send_signal(signal.SIGINT)  # fast shutdown
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # a backend still starting up can hold it
            self.signal_all(signal.SIGKILL)
            self.process.wait(timeout=10)

    def freeze(self):
        """Every process stops answering; connections stay open (SIGSTOP)."""
        self.signal_all(signal.SIGSTOP)

    def thaw(self):
        self.signal_all(signal.SIGCONT)

    def count(self, table: str) -> int:
        with psycopg.connect(self.url.replace("postgres://", "postgresql://")) as connection:
            return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def remove(self):
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


@pytest.fixture(scope="module")
def postgres():
    server = OwnPostgres()
    server.start()
    yield server
    server.remove()


@pytest.fixture(scope="module")
def site(tmp_path_factory, postgres):
    directory = tmp_path_factory.mktemp("database-down")
    site = Site(directory, {"DATABASE_URL": postgres.url, "DATABASE_STATEMENT_TIMEOUT": "2"})
    site.manage("migrate", "--noinput")
    site.manage("import_articles", str(ROOT / "articles" / "demo" / f"{SLUG}.md"))
    site.base = site.serve()
    yield site
    site.stop()


def timed_get(browser, url):
    started = time.monotonic()
    response = browser.get(url)
    return response, time.monotonic() - started


def assert_static_503(response):
    assert response.status == 503
    assert response.headers["Retry-After"] == "30"
    assert "no-store" in response.headers["Cache-Control"]
    assert "暂时无法访问" in response.text and "Temporarily unavailable" in response.text
    assert "Traceback" not in response.text and "psycopg" not in response.text


def wait_for_recovery(browser, url, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        response = browser.get(url)
        if response.status == 200:
            return response
        time.sleep(0.3)
    raise AssertionError(f"{url} did not recover within {seconds} s")


def log_lines(site, pattern: str) -> list[str]:
    port = int(site.base.rsplit(":", 1)[1])
    return [line for line in site.log(port).read_text().splitlines() if re.search(pattern, line)]


def csrf_token(browser, url) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', browser.get(url).text)[1]


def test_a_frozen_database_gets_the_static_503_within_seconds_and_the_site_recovers(site, postgres):
    reader = Browser()
    assert reader.get(site.base + ARTICLE).status == 200  # a pooled connection exists
    sender = Browser()
    token = csrf_token(sender, site.base + TAKEDOWN)
    outages_before = len(log_lines(site, "Database unavailable"))

    postgres.freeze()
    try:
        response, seconds = timed_get(reader, site.base + ARTICLE)
        assert_static_503(response)
        assert seconds < 2.5, seconds

        health, seconds = timed_get(reader, site.base + "/healthz")
        assert health.status == 503 and seconds < 2.5, seconds
        assert '"database": "unavailable"' in health.text

        started = time.monotonic()
        sent = sender.request(
            site.base + TAKEDOWN, {**takedown_notice(SLUG), "csrfmiddlewaretoken": token}
        )
        assert time.monotonic() - started < 2.5
        assert_static_503(sent)
        assert "What you sent was not saved" in sent.text and "没有保存" in sent.text

        for _ in range(5):  # more requests during the same outage: no more log lines
            assert reader.get(site.base + "/en/").status == 503
    finally:
        postgres.thaw()

    assert wait_for_recovery(reader, site.base + ARTICLE).status == 200
    assert reader.get(site.base + "/healthz").status == 200
    assert postgres.count("articles_takedownrequest") == 0  # refused, so nothing half-saved
    resent = sender.request(
        site.base + TAKEDOWN, {**takedown_notice(SLUG), "csrfmiddlewaretoken": token}
    )
    assert resent.status == 302
    assert postgres.count("articles_takedownrequest") == 1

    assert len(log_lines(site, "Database unavailable")) == outages_before + 1
    assert log_lines(site, "Database available again")
    assert not log_lines(site, "Traceback")


def test_a_stopped_database_gets_the_503_at_once_and_the_site_recovers_when_it_restarts(
    site, postgres
):
    reader = Browser()
    assert reader.get(site.base + "/en/").status == 200

    postgres.stop()
    try:
        response, seconds = timed_get(reader, site.base + ARTICLE)
        assert_static_503(response)
        assert seconds < 2.5, seconds
        health = reader.get(site.base + "/healthz")
        assert health.status == 503
    finally:
        postgres.start()

    assert wait_for_recovery(reader, site.base + "/en/").status == 200
    assert '"database": "ok"' in reader.get(site.base + "/healthz").text
    assert not log_lines(site, "Traceback")
