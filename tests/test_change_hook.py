"""The change hook tells every subscriber after commit, never for a write
that rolled back, and one failing subscriber stops neither the others nor
the write."""

import pytest
from django.db import transaction

from articles.services import article_publish
from geo.changes import changed
from geo.generation import content_generation

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    changes = []

    def listen(change, **_signal):
        changes.append(change)

    changed.connect(listen, dispatch_uid="test-listener")
    yield changes
    changed.disconnect(dispatch_uid="test-listener")


@pytest.fixture
def broken_subscriber():
    def explode(**_signal):
        raise ConnectionError("the queue is down")

    changed.connect(explode, dispatch_uid="test-broken")
    yield
    changed.disconnect(dispatch_uid="test-broken")


def test_publishing_tells_subscribers_the_article_and_its_urls_after_commit(
    article_factory, heard, django_capture_on_commit_callbacks
):
    draft = article_factory(slug="news")

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article_publish(article=draft)
        assert heard == []  # not before the commit

    [change] = heard
    assert change.article_ids == (draft.pk,)
    assert change.urls == ("/zh-hans/articles/news/", "/en/articles/news/")


def test_a_rolled_back_write_tells_nobody(article_factory, heard):
    draft = article_factory(slug="news")

    with pytest.raises(RuntimeError), transaction.atomic():
        article_publish(article=draft)
        raise RuntimeError("the rest of the save failed")

    assert heard == []


def test_a_failing_subscriber_stops_neither_the_others_nor_the_write(
    article_factory, broken_subscriber, heard, django_capture_on_commit_callbacks, caplog
):
    draft = article_factory(slug="news")
    before = content_generation()

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article_publish(article=draft)

    assert len(heard) == 1
    assert content_generation() != before  # the page cache heard it too
    assert "the queue is down" in caplog.text
    draft.refresh_from_db()
    assert draft.status == "published"
