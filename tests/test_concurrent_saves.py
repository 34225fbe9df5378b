"""Two editors (or two Legal users) acting at the same moment: exactly one
wins, the other is told who came first, and nothing is half-done. Real
threads with their own database connections (the row lock is PostgreSQL's;
SQLite serialises writers with BEGIN IMMEDIATE)."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django_tasks_db.models import DBTaskResult

from articles.models import Article
from takedowns.models import TakedownRequest
from tests.conftest import admin_form_data
from tests.factories import create_takedown_request

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="threads need a database server"),
]

ROUNDS = 5


def at_once(*actions):
    """Run the actions in threads released together; return their results in order."""
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            results[index] = action()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def client_for(user):
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def test_two_editors_saving_the_same_article_at_once_one_is_refused_by_name(
    article_factory, user_factory
):
    article = article_factory(title_en="Original")
    url = f"/admin/articles/article/{article.pk}/change/"
    alice = user_factory(username="alice", first_name="Alice", last_name="Wang", is_superuser=True)
    bob = user_factory(username="bob", first_name="Bob", last_name="Li", is_superuser=True)

    for round_ in range(ROUNDS):
        editors = {"Alice Wang": client_for(alice), "Bob Li": client_for(bob)}
        forms = {name: client.get(url) for name, client in editors.items()}

        posts = {
            name: admin_form_data(forms[name], title_en=f"{name}, round {round_}")
            for name in editors
        }
        responses = at_once(
            *(
                lambda client=client, data=posts[name]: client.post(url, data)
                for name, client in editors.items()
            )
        )

        statuses = sorted(response.status_code for response in responses)
        assert statuses == [200, 302], f"round {round_}: {statuses}"
        saved = Article.objects.get(pk=article.pk).title_en
        winner = saved.split(",")[0]
        refused = next(r for r in responses if r.status_code == 200)
        assert f"{winner} saved this article at" in refused.text
        assert Article.history.filter(id=article.pk).count() == round_ + 2


def test_two_legal_users_deciding_at_once_record_one_decision_and_queue_one_mail(
    article_factory, user_factory
):
    for round_ in range(ROUNDS):
        takedown = create_takedown_request(article_factory(live=True))
        url = f"/admin/takedowns/takedownrequest/{takedown.pk}/decide/"
        deciders = [
            # Superusers: a transactional test has no groups from data migrations.
            client_for(user_factory(username=f"legal-{round_}-{n}", is_superuser=True))
            for n in range(2)
        ]

        responses = at_once(
            *(
                lambda client=client, decision=decision, url=url: client.post(
                    url, {"decision": decision, "note": f"Decided: {decision}."}
                )
                for client, decision in zip(deciders, ["removed", "rejected"], strict=True)
            )
        )

        assert [r.status_code for r in responses] == [302, 302]
        assert takedown.events.filter(action="decided").count() == 1, f"round {round_}"
        decision_mails = [
            task
            for task in DBTaskResult.objects.filter(task_path__endswith="send_takedown_mail")
            if task.args_kwargs["args"][:2] == [takedown.pk, "decision"]
        ]
        assert len(decision_mails) == 1
        takedown.refresh_from_db()
        article = Article.objects.get(pk=takedown.article_id)
        removed = takedown.status == TakedownRequest.Status.REMOVED
        assert (article.status == Article.Status.WITHDRAWN) == removed
