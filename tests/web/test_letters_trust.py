"""Letters an agency can trust (issue 11, items 1, 2, 6, 8, 9, 19): no
unfilled placeholder goes out, an edited letter lays out like a generated
one, the 发文字号, the reconsideration body from the agency's settings, the
letter texts, and the query-code reissue."""

from __future__ import annotations

import io
import re
from datetime import date

import pypdfium2
import pytest
from docx import Document

from gongkai.applications import clockmap, letters, services
from gongkai.applications.models import Application, Event
from gongkai.applications.workflow import WorkflowError

from .conftest import AgencyFactory, apply, login, new_app

pytestmark = pytest.mark.django_db

FILLED = "其中涉及企业商业秘密的检查记录不予公开（《条例》第十五条）"


def _draft(app):
    return app.letters.get(kind="reply", sent_on__isnull=True)


def _decided(app, world, outcome="partially_granted"):
    apply(app, "decide", world["registrar"], outcome=outcome)
    return _draft(app)


# ------------------------------------------------------------ 1. placeholders


def test_placeholders_found():
    assert letters.placeholders("理由如下：（请填写不予公开部分及理由）。") == ["（请填写不予公开部分及理由）"]
    assert letters.placeholders("请向【机关名称】提出；{agency} {{ name }} ××局 XXX号") == [
        "【机关名称】", "{agency}", "{{ name }}", "××", "XXX"]
    assert letters.placeholders("依法不予公开。请通过相应渠道提出。") == []


def test_letter_with_placeholder_cannot_be_approved_or_sent(received_app, world):
    letter = _decided(received_app, world)
    with pytest.raises(WorkflowError, match="（请填写不予公开部分及理由）"):
        apply(received_app, "approve_reply", world["reviewer"])
    received_app.refresh_from_db()
    assert received_app.state == "reply_review" and _draft(received_app).approved_at is None
    apply(received_app, "edit_reply", world["registrar"],
          body=letter.body.replace("（请填写不予公开部分及理由）", FILLED))
    apply(received_app, "approve_reply", world["reviewer"])
    # a placeholder slipped in after approval (the draft row is still writable) blocks sending too
    draft = _draft(received_app)
    draft.body += "\n\n（请填写联系人）"
    draft.save()
    with pytest.raises(WorkflowError, match="（请填写联系人）"):
        apply(received_app, "send_reply", world["registrar"], on=date(2026, 10, 9))
    assert not received_app.letters.filter(sent_on__isnull=False, kind="reply").exists()


def test_reviewer_sees_why_on_the_page(client, received_app, world):
    _decided(received_app, world, outcome="other_other")
    login(client, world["reviewer"])
    page = client.get(f"/staff/{received_app.pk}/").content.decode()
    assert 'id="placeholders"' in page and "（请填写处理情况）" in page
    resp = client.post(f"/staff/{received_app.pk}/act/approve_reply/", follow=True)
    assert "不能审核通过：（请填写处理情况）" in resp.content.decode()
    received_app.refresh_from_db()
    assert received_app.state == "reply_review"


# ------------------------------------------------------------ 2. line endings and layout


def _pdf_pages(data: bytes) -> list[str]:
    pdf = pypdfium2.PdfDocument(data)
    return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]


def test_edited_letter_lays_out_like_the_generated_one(client, received_app, world):
    letter = _decided(received_app, world, outcome="withheld_process_info")
    generated_docx = Document(io.BytesIO(letters.render_docx(letter)))
    generated_pdf = _pdf_pages(letters.render_pdf(letter))
    generated_html = letters.render_html(letter)
    # the browser sends the textarea back with CRLF line ends
    login(client, world["registrar"])
    crlf = letter.body.replace("\n", "\r\n")
    assert "\r\n\r\n" in crlf
    client.post(f"/staff/{received_app.pk}/act/edit_reply/", {"edit_reply-body": crlf})
    letter.refresh_from_db()
    assert "\r" not in letter.body
    edited_docx = Document(io.BytesIO(letters.render_docx(letter)))
    edited_pdf = _pdf_pages(letters.render_pdf(letter))
    assert len(edited_docx.paragraphs) == len(generated_docx.paragraphs)
    assert [p.text for p in edited_docx.paragraphs] == [p.text for p in generated_docx.paragraphs]
    assert len(edited_pdf) == len(generated_pdf)
    assert [page.split() for page in edited_pdf] == [page.split() for page in generated_pdf]
    # the signature never stands alone on a page: the last paragraph goes with it
    last = edited_pdf[-1]
    assert "联系电话" in last and last.index("联系电话") < last.index("延津县应急管理局")
    html = letters.render_html(letter)
    assert html.count('<p class="body">') == generated_html.count('<p class="body">') == 5


def test_service_layer_normalises_line_endings(received_app, world):
    """CR-only and CRLF bodies from the API (not through the form) too."""
    letter = _decided(received_app, world, outcome="withheld_process_info")
    apply(received_app, "edit_reply", world["registrar"], body=letter.body.replace("\n\n", "\r"))
    letter.refresh_from_db()
    assert "\r" not in letter.body and letter.body.count("\n\n") == 4
    assert len(letters.paragraphs(letter.body)) == 5


def test_long_letter_keeps_signature_with_last_paragraph(received_app, world):
    letter = _decided(received_app, world, outcome="withheld_process_info")
    long = "\n\n".join([letter.body] + [f"第{i}段补充说明：" + "本机关经审查认为该信息属于过程性信息。" * 3
                                        for i in range(1, 9)])
    apply(received_app, "edit_reply", world["registrar"], body=long.replace("\n", "\r\n"))
    letter.refresh_from_db()
    pages = _pdf_pages(letters.render_pdf(letter))
    assert len(pages) >= 2
    last = pages[-1]
    assert "第8段补充说明" in last and "延津县应急管理局" in last and "发出时填写日期" in last
    assert re.search(r"本机关经审查", last)  # body text on the signature's page, never the signature alone
    doc = Document(io.BytesIO(letters.render_docx(letter)))
    paras = doc.paragraphs
    sign = [i for i, p in enumerate(paras) if p.text == "延津县应急管理局"][-1]
    for p in paras[sign - 3:sign]:  # last body paragraph and the two seal lines keep with the signature
        assert p.paragraph_format.keep_with_next


# ------------------------------------------------------------ 6. 发文字号


def test_reference_is_a_per_agency_serial_assigned_when_sent(received_app, world):
    bureau = world["bureau"]
    bureau.letter_prefix = "延应急依复"
    bureau.save()
    letter = _decided(received_app, world, outcome="withheld_process_info")
    assert letter.reference == "" and "（发出时编号）" in letters.render_html(letter)
    apply(received_app, "approve_reply", world["reviewer"])
    apply(received_app, "send_reply", world["registrar"], on=date(2026, 10, 9))
    letter.refresh_from_db()
    assert letter.reference == "延应急依复〔2026〕1号"
    assert "延应急依复〔2026〕1号" in letters.render_html(letter)
    assert "延应急依复〔2026〕1号" in [p.text for p in Document(io.BytesIO(letters.render_docx(letter))).paragraphs]
    # the next letter of the agency, a notice sent at once, takes the next number
    app2, _code = new_app(bureau)
    apply(app2, "confirm_receipt", world["registrar"], on=date(2026, 9, 28))
    apply(app2, "send_correction", world["registrar"], on=date(2026, 9, 29), items="请写明年度",
          supplement_due=date(2026, 10, 20))
    assert app2.letters.get().reference == "延应急依复〔2026〕2号"
    # another agency numbers on its own, with its code when no prefix is set
    other_app, _code = new_app(world["other"])
    apply(other_app, "confirm_receipt", world["other_registrar"], on=date(2026, 9, 28))
    apply(other_app, "send_correction", world["other_registrar"], on=date(2026, 9, 29), items="请写明年度",
          supplement_due=date(2026, 10, 20))
    assert other_app.letters.get().reference == "FQYJ〔2026〕1号"


def test_supplement_due_defaults_to_the_setting(client, received_app, world):
    login(client, world["registrar"])
    page = client.get(f"/staff/{received_app.pk}/").content.decode()
    expected = clockmap.default_supplement_due(services.today())
    assert f'name="send_correction-supplement_due" value="{expected.isoformat()}"' in page


# ------------------------------------------------------------ 8. the reconsideration body


@pytest.mark.parametrize("setup, body", [
    ({"level": "department", "parent": "gov"}, "延津县人民政府"),
    ({"level": "department", "reconsideration_government": "新乡县人民政府"}, "新乡县人民政府"),
    ({"level": "government", "reconsideration_government": "新乡市人民政府"}, "新乡市人民政府"),
    ({"level": "department", "parent": "gov", "vertical_led": True, "superior_body": "国家税务总局新乡市税务局"},
     "国家税务总局新乡市税务局"),
])
def test_reconsideration_body_from_agency_settings(world, setup, body):
    setup = dict(setup)
    if setup.get("parent") == "gov":
        setup["parent"] = world["gov"]
    agency = AgencyFactory(**setup)
    app, _code = new_app(agency)
    text = letters.reply_body(app, "granted")
    assert f"六十日内向{body}申请行政复议" in text
    assert "本机关的上一级主管部门" not in text


def test_unknown_reconsideration_body_blocks_the_letter(world):
    gov = world["gov"]  # a government with no superior government set
    from django.contrib.auth import get_user_model

    from gongkai.agencies.models import Membership

    reg = get_user_model().objects.create_user("gov-reg")
    rev = get_user_model().objects.create_user("gov-rev")
    Membership.objects.create(user=reg, agency=gov, role="registrar")
    Membership.objects.create(user=rev, agency=gov, role="reviewer")
    app, _code = new_app(gov)
    apply(app, "confirm_receipt", reg, on=date(2026, 9, 28))
    apply(app, "decide", reg, outcome="granted")
    assert "（请填写行政复议机关名称" in _draft(app).body
    with pytest.raises(WorkflowError, match="行政复议机关"):
        apply(app, "approve_reply", rev)


def test_vertical_led_agency_needs_its_superior_body(world):
    from django.core.exceptions import ValidationError

    agency = AgencyFactory.build(vertical_led=True, superior_body="")
    with pytest.raises(ValidationError) as err:
        agency.clean()
    assert "上一级主管部门" in str(err.value)


# ------------------------------------------------------------ 9. letter texts


def test_fee_notice_states_how_to_pay(received_app, world):
    world["bureau"].fee_payment_method = ""
    world["bureau"].save()
    with pytest.raises(WorkflowError, match="缴纳方式"):
        apply(received_app, "send_fee_notice", world["registrar"], on=date(2026, 10, 9), amount="200")
    bureau = world["bureau"]
    bureau.fee_payment_method = "转账至延津县财政局非税收入账户（开户行：中国银行延津支行，账号 1234）"
    bureau.save()
    apply(received_app, "send_fee_notice", world["registrar"], on=date(2026, 10, 9), amount="200")
    body = received_app.letters.get(kind="fee").body
    assert "缴纳方式：转账至延津县财政局非税收入账户（开户行：中国银行延津支行，账号 1234）" in body


def test_third_party_letter_claims_a_consultation_only_when_logged(received_app, world):
    body = letters.reply_body(received_app, "withheld_third_party")
    assert "征求" not in body and "第三十二条" not in body and "第十五条" in body
    apply(received_app, "start_consultation", world["registrar"], on=date(2026, 9, 29), party="某公司")
    apply(received_app, "end_consultation", world["registrar"], on=date(2026, 10, 9), note="不同意公开")
    body = letters.reply_body(received_app, "withheld_third_party")
    assert "书面征求了第三方意见，第三方不同意公开" in body and "第十五条、第三十二条" in body


def test_confirmation_reply_cites_its_basis(received_app):
    body = letters.reply_body(received_app, "not_processed_confirmation")
    assert "依据：《中华人民共和国政府信息公开条例》第二条。" in body


def test_consultation_pause_cites_article_33_paragraph_3(received_app, world):
    apply(received_app, "start_consultation", world["registrar"], on=date(2026, 9, 29), party="某公司")
    apply(received_app, "end_consultation", world["registrar"], on=date(2026, 10, 9))
    d = clockmap.deadlines(received_app)
    text = "\n".join(d.explanation)
    assert "第三十三条第三款" in text and "第三十三条第二款" not in text


def test_signature_block_has_a_seal_position(received_app, world):
    letter = _decided(received_app, world, outcome="withheld_process_info")
    html = letters.render_html(letter)
    sign = html[html.index('<div class="sign">'):]
    assert sign.index('class="seal') < sign.index("延津县应急管理局") < sign.index("（发出时填写日期）")
    assert "印章位置" in sign  # drawn on drafts only
    paras = [p.text for p in Document(io.BytesIO(letters.render_docx(letter))).paragraphs]
    i = paras.index("延津县应急管理局", 3)
    assert paras[i - 2:i] == ["", ""] and paras[i + 1] == "（发出时填写日期）"


# ------------------------------------------------------------ 19. query code reissue


def test_staff_reissue_the_query_code(client, world):
    app, old = new_app(world["bureau"])
    assert services.find_by_code(app.number, old) is not None
    login(client, world["reviewer"])  # not a registrar
    assert client.post(f"/staff/{app.pk}/reissue-code/", {"confirmed": "1"}).status_code == 403
    login(client, world["registrar"])
    confirm = client.post(f"/staff/{app.pk}/reissue-code/")
    assert "原查询码将立即失效" in confirm.content.decode()
    assert services.find_by_code(app.number, old) is not None  # nothing happens before confirming
    resp = client.post(f"/staff/{app.pk}/reissue-code/", {"confirmed": "1"})
    assert resp["Cache-Control"] == "no-store"
    new = re.search(r'id="query-code">([A-Z0-9]+)<', resp.content.decode()).group(1)
    assert new != old
    assert services.find_by_code(app.number, old) is None
    assert services.find_by_code(app.number, new).pk == app.pk
    event = Event.objects.filter(application=app, kind="reissue_code").get()
    assert event.actor == world["registrar"] and event.state_before == event.state_after == "registered"
    assert new not in str(event.data)
    page = client.get(f"/staff/{app.pk}/").content.decode()
    timeline = page.split('<ol class="timeline">')[1].split("</ol>")[0]
    assert "<strong>重新发放查询码</strong>" in timeline and new not in page
    assert Application.objects.get(pk=app.pk).state == "registered"



def test_agency_admin_edits_the_letter_settings(client, world):
    url = f"/staff/agency/{world['bureau'].slug}/letters/"
    login(client, world["registrar"])
    assert client.get(url).status_code == 403
    login(client, world["other_registrar"])
    assert client.get(url).status_code == 404
    login(client, world["admin"])
    page = client.get(url).content.decode()
    assert "延津县人民政府" in page  # the same-level government, from the parent agency
    r = client.post(url, {"letter_prefix": "延应急依复", "reconsideration_government": "", "vertical_led": "on",
                          "superior_body": "", "fee_payment_method": "到办公室缴纳", "phone": "0373-1"})
    assert "实行垂直领导的机关须填写上一级主管部门" in r.content.decode()
    client.post(url, {"letter_prefix": "延应急依复", "vertical_led": "on", "superior_body": "新乡市应急管理局",
                      "fee_payment_method": "到办公室缴纳", "phone": "0373-1"})
    world["bureau"].refresh_from_db()
    assert world["bureau"].reconsideration_body == "新乡市应急管理局"
    assert "延应急依复〔" in client.get(url).content.decode()
