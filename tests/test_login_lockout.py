"""Admin login: after AXES_FAILURE_LIMIT wrong passwords from one client
address, that address is refused (429, both languages) before any password
is checked, by every process; other addresses are not; failures are logged."""

import logging
import re

import pytest
from django.test import Client

from tests.processes import SKIP_UNDER_CLOCK_SHIFT, Browser, Site

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


def attempt(client, password, **extra):
    return client.post(
        LOGIN, {"username": "admin", "password": password, "next": "/admin/"}, **extra
    )


@pytest.fixture
def admin(admin_user):
    admin_user.set_password("the right password")
    admin_user.save()
    return admin_user


def test_after_five_wrong_passwords_the_address_is_locked_out_even_with_the_right_one(
    admin, settings, caplog
):
    settings.AXES_FAILURE_LIMIT = 5
    client = Client(headers={"accept-language": "en"})
    with caplog.at_level(logging.WARNING):
        for _ in range(4):
            assert attempt(client, "wrong").status_code == 200  # the form, with its error
        locked = attempt(client, "wrong")

    assert locked.status_code == 429
    assert attempt(client, "the right password").status_code == 429
    html = locked.content.decode()
    assert "Too many failed logins" in html and "登录失败次数过多" in html
    assert "paused for 15 minutes" in html and "暂停 15 分钟" in html
    assert locked["Retry-After"] == "900"
    failures = [
        r
        for r in caplog.records
        if re.search(r"AXES: (New|Repeated) login failure", r.getMessage())
    ]
    assert len(failures) == 6  # five wrong, and the refused right one
    assert "the right password" not in caplog.text and "wrong" not in caplog.text


def test_another_address_can_still_log_in(admin, settings):
    settings.AXES_FAILURE_LIMIT = 3
    guesser = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(3):
        attempt(guesser, "wrong")
    assert attempt(guesser, "the right password").status_code == 429

    editor = Client(REMOTE_ADDR="198.51.100.4")
    assert attempt(editor, "the right password").status_code == 302


def test_behind_a_proxy_the_lockout_follows_our_client_address_rule(admin, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.TRUSTED_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):  # the leftmost entry is the client's to forge
        attempt(Client(**proxy), "wrong", HTTP_X_FORWARDED_FOR=f"{forged}, 203.0.113.9")

    assert (
        attempt(Client(**proxy), "the right password", HTTP_X_FORWARDED_FOR="203.0.113.9")
    ).status_code == 429
    assert (
        attempt(Client(**proxy), "the right password", HTTP_X_FORWARDED_FOR="198.51.100.4")
    ).status_code == 302


def test_a_successful_login_clears_the_failures(admin, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    attempt(client, "wrong")
    attempt(client, "wrong")
    assert attempt(client, "the right password").status_code == 302

    client = Client()
    attempt(client, "wrong")
    attempt(client, "wrong")
    assert attempt(client, "the right password").status_code == 302


@pytest.mark.skipif(**SKIP_UNDER_CLOCK_SHIFT)
def test_failures_through_one_process_lock_the_address_out_of_every_process(tmp_path):
    site = Site(tmp_path, {"AXES_FAILURE_LIMIT": "4"})
    site.manage("migrate", "--noinput")
    site.manage(
        "createsuperuser", "--noinput", "--username=admin", "--email=admin@example.com",
        env={"DJANGO_SUPERUSER_PASSWORD": "a long demo password"},
    )  # fmt: skip
    try:
        first, second = site.serve(), site.serve()
        guesser = Browser()
        for _ in range(4):
            guesser.post(f"{first}/admin/login/", {"username": "admin", "password": "wrong"})

        refused = Browser().post(
            f"{second}/admin/login/", {"username": "admin", "password": "a long demo password"}
        )
        assert refused.status == 429
        assert re.search(r"Too many failed logins|登录失败次数过多", refused.text)
    finally:
        site.stop()
