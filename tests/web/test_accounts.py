"""Login with lockout, logout, password reset by e-mail."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from gongkai.agencies.models import LoginFailure

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, password):
    return client.post(reverse("login"), {"username": "registrar", "password": password})


def test_login_and_logout(client, world):
    r = _login(client, PASSWORD)
    assert r.status_code == 302 and r["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200
    client.post(reverse("logout"))
    assert client.get("/staff/").status_code == 302


def test_five_failures_lock_the_account_for_15_minutes(client, world):
    with time_machine.travel("2026-10-08 09:00:00+08:00", tick=False) as traveller:
        for _ in range(5):
            r = _login(client, "wrong")
            assert r.status_code == 200
        assert LoginFailure.objects.get(username="registrar").failures == 5
        r = _login(client, PASSWORD)  # right password, but locked
        assert r.status_code == 200 and "锁定" in r.content.decode()
        traveller.shift(14 * 60)
        assert _login(client, PASSWORD).status_code == 200
        traveller.shift(2 * 60)
        assert _login(client, PASSWORD).status_code == 302
        assert not LoginFailure.objects.filter(username="registrar").exists()


def test_four_failures_do_not_lock(client, world):
    for _ in range(4):
        _login(client, "wrong")
    assert _login(client, PASSWORD).status_code == 302


def test_password_reset_by_email(client, world):
    r = client.post(reverse("password_reset"), {"email": "registrar@example.org"})
    assert r.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    r = client.get(link, follow=True)
    assert r.status_code == 200
    form_url = r.redirect_chain[-1][0] if r.redirect_chain else link
    r = client.post(form_url, {"new_password1": "Another-pass-9876", "new_password2": "Another-pass-9876"})
    assert r.status_code == 302
    assert client.login(username="registrar", password="Another-pass-9876")
