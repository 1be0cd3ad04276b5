"""The Chinese agency-administration page (not the Django admin):
superusers create agencies; superusers and agency administrators add staff
with a role, remove a role and reset passwords — within their own agency."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from gongkai.agencies.models import Agency, Membership

from .conftest import UserFactory, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(db):
    return get_user_model().objects.create_superuser("root", "root@example.org", "root-pass-123")


def test_superuser_creates_an_agency_and_its_first_administrator(client, root):
    login(client, root)
    page = client.get(reverse("agencies:index")).content.decode()
    assert "新建机关" in page and "Select" not in page
    r = client.post(reverse("agencies:index"), {"name": "延津县教育局", "slug": "yanjin-jyj", "code": "YJJY",
                                                 "level": "department"})
    assert r.status_code == 302
    agency = Agency.objects.get(slug="yanjin-jyj")
    r = client.post(reverse("agencies:detail", args=[agency.slug]),
                    {"username": "jiaoyu-admin", "full_name": "李四", "email": "li@example.org", "role": "admin"})
    html = r.content.decode()
    password = re.search(r'id="new-password">([^<]+)<', html).group(1)
    assert Membership.objects.filter(user__username="jiaoyu-admin", agency=agency, role="admin").exists()
    c = Client()
    assert c.post(reverse("login"), {"username": "jiaoyu-admin", "password": password}).status_code == 302
    assert "机关和人员管理" in c.get("/staff/").content.decode()


def test_agency_admin_manages_own_staff_only(client, world):
    login(client, world["admin"])
    assert client.get(reverse("agencies:index")).status_code == 200
    assert "新建机关" not in client.get(reverse("agencies:index")).content.decode()
    assert client.post(reverse("agencies:index"), {"name": "x", "slug": "x", "code": "X", "level": "department"}
                       ).status_code == 200 and not Agency.objects.filter(slug="x").exists()
    assert client.get(reverse("agencies:detail", args=["other"])).status_code == 403
    assert client.get(reverse("agencies:edit", args=["bureau"])).status_code == 403
    # add a reviewer to the own agency
    r = client.post(reverse("agencies:detail", args=["bureau"]),
                    {"username": "new-reviewer", "email": "n@example.org", "role": "reviewer"})
    assert r.status_code == 200 and Membership.objects.filter(user__username="new-reviewer", role="reviewer").exists()
    # reset the registrar's password: a new one, shown once, and the old one stops working
    reg = world["registrar"]
    r = client.post(reverse("agencies:reset_password", args=["bureau", reg.pk]))
    new = re.search(r'id="new-password">([^<]+)<', r.content.decode()).group(1)
    reg.refresh_from_db()
    assert reg.check_password(new)
    # not for staff of another agency, and not through the own agency's URL
    other = world["other_registrar"]
    assert client.post(reverse("agencies:reset_password", args=["bureau", other.pk])).status_code == 404
    assert client.post(reverse("agencies:reset_password", args=["other", other.pk])).status_code == 403


def test_admin_cannot_reset_someone_who_also_works_elsewhere(client, world):
    both = UserFactory(username="both")
    Membership.objects.create(user=both, agency=world["bureau"], role="registrar")
    Membership.objects.create(user=both, agency=world["other"], role="registrar")
    login(client, world["admin"])
    assert client.post(reverse("agencies:reset_password", args=["bureau", both.pk])).status_code == 403


def test_registrar_has_no_access(client, world):
    login(client, world["registrar"])
    assert client.get(reverse("agencies:index")).status_code == 403
    assert client.get(reverse("agencies:detail", args=["bureau"])).status_code == 403
    m = Membership.objects.get(user=world["reviewer"])
    assert client.post(reverse("agencies:remove_member", args=["bureau", m.pk])).status_code == 403
    assert Membership.objects.filter(pk=m.pk).exists()


def test_remove_role(client, world):
    login(client, world["admin"])
    m = Membership.objects.get(user=world["reviewer"])
    client.post(reverse("agencies:remove_member", args=["bureau", m.pk]))
    assert not Membership.objects.filter(pk=m.pk).exists()
