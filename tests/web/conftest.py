"""Fixtures for the platform's web tests: two counties, staff in each role."""

from __future__ import annotations

from datetime import date

import factory
import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from gongkai.agencies.models import Agency, Membership
from gongkai.applications import services

PASSWORD = "test-pass-123"
TODAY = date(2026, 11, 20)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"测试县第{n}局")
    slug = factory.Sequence(lambda n: f"agency-{n}")
    code = factory.Sequence(lambda n: f"TA{n}")
    level = "department"
    phone = "0373-1234567"
    fee_payment_method = "到本机关办公室缴纳"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


APPLICANT = {
    "applicant_type": "natural_person",
    "applicant_name": "张三",
    "id_type": "resident_id",
    "id_number": "410726199001011234",
    "phone": "13812345678",
    "address": "河南省新乡市延津县人民路100号",
    "postcode": "453200",
    "email": "zhang@example.org",
    "description": "2025年安全生产执法检查计划",
    "medium": "paper",
    "delivery": "post",
}


@pytest.fixture(autouse=True)
def _fast_hasher(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = str(tmp_path / "media")  # uploads never land in the repository


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    """延津 (government + bureau) and another county's bureau, with staff."""
    gov = AgencyFactory(name="延津县人民政府", slug="gov", code="YJXZF", level="government")
    bureau = AgencyFactory(name="延津县应急管理局", slug="bureau", code="YJYJ", parent=gov)
    other_gov = AgencyFactory(name="封丘县人民政府", slug="fq-gov", code="FQXZF", level="government")
    other = AgencyFactory(name="封丘县应急管理局", slug="other", code="FQYJ", parent=other_gov)
    users = {}
    for name, agency, role in (
        ("registrar", bureau, "registrar"), ("reviewer", bureau, "reviewer"), ("admin", bureau, "admin"),
        ("supervisor", gov, "registrar"), ("other_registrar", other, "registrar"),
        ("other_reviewer", other, "reviewer"),
    ):
        u = UserFactory(username=name)
        Membership.objects.create(user=u, agency=agency, role=role)
        users[name] = u
    users["nobody"] = UserFactory(username="nobody")
    return {"gov": gov, "bureau": bureau, "other": other, "other_gov": other_gov, **users}


def new_app(agency, *, user=None, channel="online", arrived=date(2026, 9, 25), received=None, **over):
    fields = {**APPLICANT, **over}
    return services.create(agency, fields, channel=channel, arrived_on=arrived, user=user, received_on=received,
                           today_=TODAY)


def apply(app, event, user, **data):
    return services.apply(app, event, user, data, today_=TODAY)


@pytest.fixture
def received_app(world):
    """An online application whose receipt was confirmed on 2026-09-28."""
    app, code = new_app(world["bureau"])
    apply(app, "confirm_receipt", world["registrar"], on=date(2026, 9, 28))
    app.refresh_from_db()
    app.code = code
    return app


def login(client, user):
    client.force_login(user)
    return client
