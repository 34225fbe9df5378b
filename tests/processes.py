"""Real processes for tests of claims about several processes: a site's
database, its manage.py commands and gunicorn servers, and a tiny browser
(cookies, CSRF tokens, admin forms) to talk to them over HTTP."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.environment import CLOCK_SHIFT_DAYS

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
# Other processes keep the real clock: tests that use them skip under a shift.
SKIP_UNDER_CLOCK_SHIFT = {
    "condition": bool(CLOCK_SHIFT_DAYS),
    "reason": "other processes keep the real clock (GEO_CLOCK_SHIFT_DAYS is set)",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Site:
    """One site's environment: a SQLite file (and no Redis) unless told otherwise."""

    directory: Path
    extra_env: dict = field(default_factory=dict)
    servers: list = field(default_factory=list)

    @property
    def env(self) -> dict:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("REDIS_URL", "DATABASE_URL") and not key.startswith("PYTEST")
        }
        env.update(
            DATABASE_URL=f"sqlite:///{self.directory / 'db.sqlite3'}",
            MEDIA_ROOT=str(self.directory / "media"),
            GEO_TESTING="true",
            PAGE_CACHE_SECONDS="600",
            EMAIL_URL="dummymail://",
            PYTHONPATH=str(ROOT),
        )
        env.update(self.extra_env)
        return env

    def manage(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **kwargs.pop("env", {})},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result

    def serve(self) -> str:
        """Start one gunicorn process (one worker, the production settings of
        geo/gunicorn_conf.py) and return its base URL; it logs to ``log(port)``."""
        port = free_port()
        log = self.log(port).open("wb")
        process = subprocess.Popen(
            [GUNICORN, "-c", "geo/gunicorn_conf.py", "--bind", f"127.0.0.1:{port}", "--workers=1"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.servers.append(process)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(self.log(port).read_text()[-3000:])
            try:
                urllib.request.urlopen(f"{url}/healthz", timeout=2)
                return url
            except (urllib.error.URLError, OSError):  # refused, or too slow while starting
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn on port {port} did not answer in 30 s")

    def log(self, port: int) -> Path:
        return self.directory / f"gunicorn-{port}.log"

    def stop(self):
        for process in self.servers:
            process.terminate()
        for process in self.servers:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def takedown_notice(slug: str) -> dict:
    """A valid takedown notice about the article ``slug`` (default SITE_URL)."""
    return {
        "target_url": f"http://127.0.0.1:8000/en/articles/{slug}/",
        "requester_name": "Li Hua",
        "email": "li.hua@example.com",
        "relationship": "rights-holder",
        "kind": "copyright",
        "statement": "The second chart copies our 2025 market report without permission.",
        "good_faith": "on",
    }


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Response:
    status: int
    text: str
    headers: dict

    # What tests.conftest.admin_form_data reads.
    @property
    def status_code(self):
        return self.status

    @property
    def content(self):
        return self.text.encode()


class Browser:
    """Cookies and CSRF tokens, no JavaScript, no redirects followed."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect
        )

    def request(self, url, data=None) -> Response:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(urllib.request.Request(url, data=body), timeout=30) as reply:
                return Response(reply.status, reply.read().decode(), dict(reply.headers))
        except urllib.error.HTTPError as error:
            return Response(error.code, error.read().decode(), dict(error.headers))

    def get(self, url) -> Response:
        return self.request(url)

    def post(self, url, data) -> Response:
        """POST a form, with the CSRF token of the page it is on."""
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get(url).text)
        return self.request(url, {**data, "csrfmiddlewaretoken": token[1] if token else ""})

    def log_in(self, base, username, password):
        response = self.post(
            f"{base}/admin/login/", {"username": username, "password": password, "next": "/admin/"}
        )
        assert response.status == 302, response.text[:2000]
