"""Which failures are a database outage (the static 503) and which are bugs
(the 500, with their traceback in the log). The outage itself, against a real
PostgreSQL server that is stopped and frozen: tests/test_database_down.py."""

import logging
import sqlite3

import pytest
from django.db import OperationalError, ProgrammingError
from django.test import Client
from django.urls import path

import geo.urls

pytestmark = pytest.mark.django_db


def _raise(cause):
    def view(request):
        try:
            raise cause
        except Exception as error:
            raise OperationalError(str(error)) from error

    return view


def bad_sql(request):
    raise ProgrammingError("column articles_article.nope does not exist")


urlpatterns = [
    path("locked/", _raise(sqlite3.OperationalError("database is locked"))),
    path("no-table/", _raise(sqlite3.OperationalError("no such table: articles_nope"))),
    path("bad-sql/", bad_sql),
    *geo.urls.urlpatterns,
]
handler500 = geo.urls.handler500


@pytest.fixture
def browser():
    return Client(raise_request_exception=False)


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_database_that_does_not_answer_gets_the_static_503(browser, method, caplog):
    with caplog.at_level(logging.ERROR):
        response = getattr(browser, method)("/locked/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Temporarily unavailable" in html and "暂时无法访问" in html
    assert ("What you sent was not saved" in html) == (method == "post")
    assert "Traceback" not in caplog.text


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/no-table/", "/bad-sql/"])
def test_a_bug_in_our_sql_stays_a_500_with_its_traceback_logged(browser, url, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = browser.get(url)

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is not None
