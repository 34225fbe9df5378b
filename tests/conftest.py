import os
import signal
import subprocess
import time
from contextlib import contextmanager
from html.parser import HTMLParser

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests import factories
from tests.processes import free_port

CACHE_IN_DATABASE = "DatabaseCache" in django_settings.CACHES["default"]["BACKEND"]
CACHE_TABLE = django_settings.CACHES["default"].get("LOCATION", "")


@pytest.fixture(autouse=True)
def _fresh_cache(request, django_db_blocker):
    """SiteSettings, reader pages and rate counters live in the cache; no test
    sees another's. On the embedded default the cache is a database table,
    which a test without database access cannot reach (nor clear)."""
    uses_database = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
    } & set(request.fixturenames)
    if CACHE_IN_DATABASE and not uses_database:
        yield
        return
    if CACHE_IN_DATABASE:
        request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():
        cache.clear()
    yield
    with django_db_blocker.unblock():
        cache.clear()


def content_queries(captured) -> list[str]:
    """The SQL of captured queries, less those of the database cache (the
    embedded default keeps its cache in a table; Redis costs no SQL)."""
    return [q["sql"] for q in captured.captured_queries if CACHE_TABLE not in q["sql"]]


@pytest.fixture
def assert_content_queries(db):
    """``with assert_content_queries(6):`` — at most 6 queries, not counting the cache's."""

    @contextmanager
    def check(most: int, *, exact: bool = False):
        with CaptureQueriesContext(connection) as captured:
            yield captured
        queries = content_queries(captured)
        count_ok = len(queries) == most if exact else len(queries) <= most
        assert count_ok, (
            f"{len(queries)} queries (expected {'' if exact else '≤ '}{most}):\n"
            + "\n".join(queries)
        )

    return check


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (zh-hans): a request to an /en/
    page leaves English active in the thread, which would leak into the next test."""
    with translation.override(django_settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files (covers) go to a temporary directory, never the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"


# ------------------------------------------------------------------ factories


@pytest.fixture
def article_factory(db):
    return factories.ArticleFactory


@pytest.fixture
def tag_factory(db):
    return factories.TagFactory


@pytest.fixture
def entity_factory(db):
    return factories.EntityFactory


@pytest.fixture
def entity_table_factory(db):
    return factories.EntityTableFactory


@pytest.fixture
def entity_row_factory(db):
    return factories.EntityRowFactory


@pytest.fixture
def faq_item_factory(db):
    return factories.FaqItemFactory


@pytest.fixture
def disclaimer_factory(db):
    return factories.DisclaimerFactory


@pytest.fixture
def user_factory(db):
    return factories.UserFactory


# ---------------------------------------------------------------------- users


@pytest.fixture
def editor(user_factory):
    return user_factory(username="editor", groups=["Editors"])


@pytest.fixture
def legal_user(user_factory):
    return user_factory(username="legal", groups=["Legal"])


def _client_for(client_class, user):
    client = client_class(headers={"accept-language": "en"})
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(editor, client):
    return _client_for(type(client), editor)


@pytest.fixture
def legal_client(legal_user, client):
    return _client_for(type(client), legal_user)


@pytest.fixture
def superuser_client(admin_user, client):
    """A superuser's client whose admin speaks English (messages are asserted in English)."""
    return _client_for(type(client), admin_user)


# ------------------------------------------------------- admin forms as a browser


class _FormFields(HTMLParser):
    """What a browser would submit for the admin's main ``<form>``: every
    enabled input, select and textarea with its current value."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data: dict[str, list[str]] = {}
        self._in_form = False
        self._select: tuple[str, bool, list[str], list[str]] | None = None
        self._option: str | None = None
        self._option_text = ""
        self._textarea: str | None = None
        self._textarea_text = ""

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post" and not self._in_form:
            self._in_form = "id" in attrs and attrs["id"].endswith("_form")
            return
        if not self._in_form or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._add(name, attrs.get("value") or "on")
                return
            self._add(name, attrs.get("value") or "")
        elif tag == "select" and name:
            self._select = (name, "multiple" in attrs, [], [])
        elif tag == "option" and self._select is not None:
            self._option = attrs.get("value")
            self._option_text = ""
            name, _multiple, selected, first = self._select
            if "selected" in attrs:
                selected.append(self._option)
            if not first:
                first.append(self._option)
        elif tag == "textarea" and name:
            self._textarea = name
            self._textarea_text = ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea_text += data
        if self._option is not None:
            self._option_text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "option" and self._select is not None and self._option is not None:
            name, _multiple, selected, first = self._select
            # An option without a value attribute submits its text.
            for values in (selected, first):
                if values and values[-1] is None:
                    values[-1] = self._option_text
            self._option = None
        elif tag == "select" and self._select is not None:
            name, multiple, selected, first = self._select
            if selected:
                for value in selected:
                    self._add(name, value)
            elif not multiple and first:
                self._add(name, first[0])
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # The HTML parser keeps the newline browsers drop after <textarea>.
            text = self._textarea_text
            self._add(self._textarea, text[1:] if text.startswith("\n") else text)
            self._textarea = None


def admin_form_data(response, **changes) -> dict:
    """The POST data a browser sends for an admin add/change page, with ``changes``
    applied (a value of ``None`` removes the field, like an unticked checkbox)."""
    assert response.status_code == 200, response.status_code
    parser = _FormFields()
    parser.feed(response.content.decode())
    data = {
        name: values if len(values) > 1 else values[0]
        for name, values in parser.data.items()
        if "__prefix__" not in name  # the inlines' hidden templates for new rows
    }
    assert data, "no admin form found on the page"
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


@pytest.fixture
def form_data():
    return admin_form_data


# ------------------------------------------------------------ background tasks


@pytest.fixture
def run_tasks(db, monkeypatch):
    """``run_tasks()``: the task worker (``db_worker``) runs every task that is
    due, as it would in production, then returns. In this process, inside the
    test's transaction: the worker's connection recycling (which would close
    the test's connection on PostgreSQL) is switched off. Real worker
    processes: tests/test_task_worker_process.py."""
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )

    def run():
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval=0", verbosity=0)

    return run


@pytest.fixture
def tasks_run_after(run_tasks, django_capture_on_commit_callbacks):
    """``with tasks_run_after():`` — on leaving the block the transaction's commit
    hooks run (as at a real commit), then the task worker (mail goes out)."""

    @contextmanager
    def block():
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            yield callbacks
        run_tasks()

    return block


@pytest.fixture
def own_redis(tmp_path, settings):
    """A Redis server of the test's own on a free port (never the machine's), as
    the cache; it may be stopped or frozen. Needs redis-server."""
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    client = redis.Redis(port=port)
    for _ in range(50):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    settings.CACHES = {
        "default": {
            "BACKEND": "geo.cache_backends.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {
                "socket_connect_timeout": 0.5,
                "socket_timeout": 0.5,
                "RETRY_AFTER": 0.2,  # so that one test spans several retries
            },
        }
    }
    settings.PAGE_CACHE_SECONDS = 600
    yield process
    if process.poll() is None:
        os.kill(process.pid, signal.SIGCONT)
        process.terminate()
        process.wait(timeout=10)
