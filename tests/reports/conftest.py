"""Fixtures for the disclosure register, appeal cases and annual reports."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

_seq = itertools.count(1)


@pytest.fixture
def make_agency(db):
    from gongkai.agencies.models import Agency

    def make(name=None, level="department", parent=None):
        n = next(_seq)
        return Agency.objects.create(
            name=name or f"测试局{n}", slug=f"agency-{n}", code=f"T{n:04d}", level=level, parent=parent
        )

    return make


@pytest.fixture
def make_user(db, django_user_model):
    from gongkai.agencies.models import Membership

    def make(agency=None, roles=("registrar", "reviewer")):
        n = next(_seq)
        user = django_user_model.objects.create_user(username=f"staff{n}", password="pw-測試-12345")
        for role in roles if agency is not None else ():
            Membership.objects.create(user=user, agency=agency, role=role)
        return user

    return make


@pytest.fixture
def make_app(db):
    """An application record as the platform stores it (direct, no workflow)."""
    from gongkai.applications.models import Application

    def make(agency, applicant_type="natural_person", received_on=None, decided_on=None, outcome=None, **kw):
        n = next(_seq)
        return Application.objects.create(
            agency=agency, number=f"{agency.code}-{n:06d}", query_code_hash="x", state="processing",
            channel="in_person", arrived_on=received_on or dt.date(2020, 1, 1), received_on=received_on,
            decided_on=decided_on, outcome=outcome, applicant_type=applicant_type, applicant_name="张三",
            id_type="resident_id", id_number="1", phone="1", description="某信息", **kw,
        )

    return make


@pytest.fixture
def agency(make_agency):
    return make_agency()


@pytest.fixture
def staff(make_user, agency):
    return make_user(agency)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")  # published reports' files never land in the repository
