"""The next scheduled publication, read once per content generation while it
lies ahead: never stale after a change, nor once its time has passed."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.upcoming import next_publication_at
from geo.generation import new_content_generation

pytestmark = pytest.mark.django_db


def test_a_newly_scheduled_article_counts_after_the_change_hook(article_factory):
    assert next_publication_at() is None
    at = timezone.now() + timedelta(hours=3)
    article_factory(scheduled=True, published_at=at)
    new_content_generation()  # what scheduling through the hook does
    assert next_publication_at() == at


def test_once_its_time_has_passed_the_next_one_is_read_again(article_factory):
    now = timezone.now()
    first = now + timedelta(hours=1)
    second = now + timedelta(hours=2)
    article_factory(scheduled=True, published_at=first)
    article_factory(scheduled=True, published_at=second)
    assert next_publication_at() == first
    with time_machine.travel(first + timedelta(minutes=1), tick=False):
        assert next_publication_at() == second
    with time_machine.travel(second + timedelta(minutes=1), tick=False):
        assert next_publication_at() is None


def test_within_a_generation_it_is_read_from_the_database_once(
    article_factory, assert_content_queries
):
    article_factory(scheduled=True, published_at=timezone.now() + timedelta(hours=1))
    next_publication_at()
    with assert_content_queries(0, exact=True):
        next_publication_at()
