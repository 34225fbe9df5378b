"""One JSON log line per request (geo/request_log.py, geo/log_format.py):
request id (echoed as X-Request-ID), method, path, status, duration; nothing
a visitor typed (query strings, form fields). A production gunicorn writes
only JSON lines on stdout."""

import json
import logging

import pytest

from geo.log_format import JsonFormatter
from tests.processes import SKIP_UNDER_CLOCK_SHIFT, Browser, Site, takedown_notice
from tests.reader_data import full_article

pytestmark = pytest.mark.django_db


def request_lines(caplog) -> list[dict]:
    formatter = JsonFormatter()
    return [json.loads(formatter.format(r)) for r in caplog.records if r.name == "geo.requests"]


def test_each_request_is_one_json_line_with_id_method_path_status_and_duration(client, caplog):
    full_article()
    with caplog.at_level(logging.INFO, logger="geo.requests"):
        response = client.get("/en/articles/answer-engines/")

    [line] = request_lines(caplog)
    assert line["request_id"] == response["X-Request-ID"]
    assert len(line["request_id"]) == 32
    assert line["method"] == "GET"
    assert line["path"] == "/en/articles/answer-engines/"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] > 0
    assert line["logger"] == "geo.requests" and line["level"] == "INFO"


def test_a_proxys_request_id_is_kept_and_a_malformed_one_replaced(client, caplog):
    with caplog.at_level(logging.INFO, logger="geo.requests"):
        kept = client.get("/healthz", headers={"x-request-id": "lb-7f3a.42"})
        replaced = client.get("/healthz", headers={"x-request-id": "a b\nforged line"})

    assert kept["X-Request-ID"] == "lb-7f3a.42"
    assert replaced["X-Request-ID"] != "a b\nforged line"
    assert [line["request_id"] for line in request_lines(caplog)] == [
        "lb-7f3a.42",
        replaced["X-Request-ID"],
    ]


def test_query_strings_and_form_fields_are_never_logged(client, caplog, article_factory):
    article_factory(live=True, slug="news")
    notice = takedown_notice("news")
    with caplog.at_level(logging.DEBUG):
        client.get("/en/takedown/status/?email=li.hua@example.com&ref=TD-7K3M-Q9XA")
        client.post("/en/takedown/", notice)

    formatter = JsonFormatter()
    logged = "\n".join(formatter.format(record) for record in caplog.records)
    paths = [line["path"] for line in request_lines(caplog)]
    assert paths == ["/en/takedown/status/", "/en/takedown/"]
    for secret in ("li.hua", "TD-7K3M", "Li Hua", "second chart"):
        assert secret not in logged


@pytest.mark.skipif(**SKIP_UNDER_CLOCK_SHIFT)
def test_a_production_gunicorn_writes_only_json_lines(tmp_path):
    site = Site(tmp_path, {"LOG_FORMAT": "json"})
    site.manage("migrate", "--noinput")
    try:
        url = site.serve()
        Browser().get(f"{url}/en/?utm_source=mail")
    finally:
        site.stop()

    port = int(url.rsplit(":", 1)[1])
    lines = [json.loads(text) for text in site.log(port).read_text().splitlines() if text]
    [request] = [line for line in lines if line.get("path") == "/en/"]
    assert request["status"] == 200 and request["method"] == "GET"
    assert any(line["logger"] == "gunicorn.error" for line in lines)  # "Booting worker"…
    assert "utm_source" not in site.log(port).read_text()
