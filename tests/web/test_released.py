"""Released records: attached to a 予以公开/部分公开 reply, redacted for 部分公开,
approved with the letter, downloaded by the applicant after sending, frozen."""

from __future__ import annotations

import io
import json
from datetime import date

import pdfplumber
import pypdfium2 as pdfium
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.applications import letters as letters_mod
from gongkai.applications.models import ReleasedFile, ReleasedImmutable
from gongkai.applications.workflow import WorkflowError
from gongkai.render.pdf import html_to_pdf

from .conftest import apply, login, new_app

pytestmark = pytest.mark.django_db
SECRET = ["王小明", "410726198805052222", "13912345678"]


@pytest.fixture(autouse=True)
def _private(settings, tmp_path):
    settings.GONGKAI_PRIVATE_ROOT = str(tmp_path / "private")


def record_pdf() -> bytes:
    return html_to_pdf(
        "<html><body style='font-family:\"Noto Serif CJK SC\"'><h1>安全生产执法检查记录</h1>"
        "<p>检查对象：延津县某化工有限公司。现场负责人王小明，身份证号410726198805052222，"
        "联系电话13912345678。</p><p>检查结论：未发现重大隐患。</p></body></html>")


def text(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    t = "".join(p.get_textpage().get_text_range() for p in doc)
    with pdfplumber.open(io.BytesIO(pdf)) as pl:
        t += "".join(p.extract_text() or "" for p in pl.pages)
    return t


@pytest.fixture
def in_review(world):
    app, code = new_app(world["bureau"])
    apply(app, "confirm_receipt", world["registrar"], on=date(2026, 9, 28))
    apply(app, "decide", world["registrar"], outcome="partially_granted")
    draft = app.letters.get(kind="reply")
    body = draft.body.replace("（请填写不予公开部分及理由）", "现场负责人的个人信息涉及个人隐私")
    apply(app, "edit_reply", world["registrar"], body=body)
    app.refresh_from_db()
    app.code = code
    return app


def upload(client, app, mode, name="检查记录.pdf", data=None):
    return client.post(reverse("applications:released_add", args=[app.pk]), {
        "mode": mode, "files": [SimpleUploadedFile(name, data or record_pdf(), "application/pdf")]})


def redact_all(client, f):
    res = client.post(reverse("applications:redact_find", args=[f.pk]),
                      json.dumps({"patterns": ["id_number", "phone"], "terms": ["王小明"]}),
                      content_type="application/json").json()
    assert {m["text"] for m in res["marks"]} == set(SECRET)
    for m in res["marks"]:
        m["reason"] = "privacy"
    r = client.post(reverse("applications:redact_apply", args=[f.pk]), json.dumps({"marks": res["marks"]}),
                    content_type="application/json")
    assert r.status_code == 200, r.content.decode()
    return r.json()


def test_redacted_record_reaches_the_applicant_without_the_strings(client, world, in_review):
    app = in_review
    login(client, world["registrar"])
    r = upload(client, app, "redact")
    f = ReleasedFile.objects.get(application=app)
    assert r["Location"] == reverse("applications:redact", args=[f.pk])
    page = client.get(r["Location"]).content.decode()
    assert "redact.js" in page and "redact-config" in page
    assert client.get(reverse("applications:released_page", args=[f.pk, "working", 0])).content[:4] == b"\x89PNG"
    # approval refused while the redaction is not done
    with pytest.raises(WorkflowError, match="尚未完成遮盖处理"):
        apply(app, "approve_reply", world["reviewer"])
    done = redact_all(client, f)
    assert done["marks"] == 3 and done["pages"] == [1]
    f.refresh_from_db()
    assert f.redacted and f.ready
    released = f.released.read()
    assert all(s not in text(released) for s in SECRET)
    assert "检查结论" in text(released)
    original = client.get(reverse("applications:released_download", args=[f.pk, "original"]))
    original_text = text(b"".join(original.streaming_content))
    assert all(s in original_text for s in SECRET)  # staff keep the original
    # the letter lists the file and the ground of each redaction
    letter = app.letters.get(kind="reply")
    html = letters_mod.render_html(letter)
    assert "检查记录（遮盖处理）.pdf" in html and "第十五条" in html and "涉及个人隐私" in html and "3处" in html

    apply(app, "approve_reply", world["reviewer"])
    f.refresh_from_db()
    assert f.approved_sha256 == f.sha256
    # after approval nothing can be added or changed
    assert upload(client, app, "as_is").status_code == 403
    apply(app, "send_reply", world["registrar"], on=date(2026, 10, 20))
    f.refresh_from_db()
    assert f.released_on == date(2026, 10, 20)
    with pytest.raises(ReleasedImmutable):
        f.save()
    with pytest.raises(ReleasedImmutable):
        ReleasedFile.objects.filter(pk=f.pk).delete()

    applicant = Client()
    applicant.post(reverse("portal:status"), {"number": app.number, "code": app.code})
    status = applicant.get(reverse("portal:status_app", args=[app.pk])).content.decode()
    url = reverse("portal:status_released", args=[f.pk])
    assert url in status and "已作遮盖处理" in status
    got = b"".join(applicant.get(url).streaming_content)
    assert got == released and all(s not in text(got) for s in SECRET)
    # the original has no public address; staff URLs need a login
    assert Client().get(url).status_code == 404
    assert Client().get(reverse("applications:released_download", args=[f.pk, "original"])).status_code == 302


def test_approval_covers_the_files_a_later_change_is_refused(client, world, in_review):
    app = in_review
    login(client, world["registrar"])
    upload(client, app, "as_is", name="公开文件.pdf")
    f = ReleasedFile.objects.get(application=app)
    assert f.ready and not f.redacted
    apply(app, "approve_reply", world["reviewer"])
    ReleasedFile.objects.filter(pk=f.pk).update(sha256="0" * 64)  # changed behind the reviewer's back
    with pytest.raises(WorkflowError, match="审核后有改动"):
        apply(app, "send_reply", world["registrar"], on=date(2026, 10, 20))


def test_only_releasing_replies_take_files_and_only_own_staff(client, world):
    app, _ = new_app(world["bureau"])
    apply(app, "confirm_receipt", world["registrar"], on=date(2026, 9, 28))
    apply(app, "decide", world["registrar"], outcome="withheld_state_secret")
    login(client, world["registrar"])
    assert upload(client, app, "as_is").status_code == 403
    assert not ReleasedFile.objects.exists()


def test_other_agency_sees_nothing(client, world, in_review):
    login(client, world["registrar"])
    upload(client, in_review, "redact")
    f = ReleasedFile.objects.get()
    login(client, world["other_registrar"])
    for url in (reverse("applications:redact", args=[f.pk]),
                reverse("applications:released_download", args=[f.pk, "original"]),
                reverse("applications:released_page", args=[f.pk, "working", 0])):
        assert client.get(url).status_code == 404, url
    r = client.post(reverse("applications:redact_apply", args=[f.pk]), "{}", content_type="application/json")
    assert r.status_code == 404
    assert upload(client, in_review, "as_is").status_code == 404


def test_uploads_are_checked(client, world, in_review):
    login(client, world["registrar"])
    r = upload(client, in_review, "as_is", name="x.pdf", data=b"MZ not a pdf")
    assert r.status_code == 302 and not ReleasedFile.objects.exists()
    login(client, world["registrar"])
    upload(client, in_review, "redact")
    f = ReleasedFile.objects.get()
    r = client.post(reverse("applications:redact_apply", args=[f.pk]),
                    json.dumps({"marks": [{"page": 0, "x0": 1, "y0": 1, "x1": 9, "y1": 9, "reason": "无"}]}),
                    content_type="application/json")
    assert r.status_code == 400 and "理由" in r.json()["error"]
