"""Reply letters: one template per outcome, legal basis, remedies, PDF/DOCX."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from gongkai import standard
from gongkai.applications import letters
from gongkai.applications.outcomes import OUTCOMES

from .conftest import apply

pytestmark = pytest.mark.django_db


# The remedy each of the 21 outcomes offers (行政复议法 2023 第二十三条第一款第（四）项:
# reconsideration first where information is withheld, incl. the withheld part of 部分公开;
# a referral to 行政查询 withholds nothing).
FIRST = "reconsideration_first"
EITHER = "reconsideration_or_court"
REMEDY = {
    "granted": EITHER, "partially_granted": FIRST,
    "withheld_state_secret": FIRST, "withheld_law_prohibited": FIRST, "withheld_three_securities": FIRST,
    "withheld_third_party": FIRST, "withheld_internal_affairs": FIRST, "withheld_process_info": FIRST,
    "withheld_enforcement_files": FIRST, "withheld_administrative_query": EITHER,
    "unavailable_not_held": EITHER, "unavailable_needs_creation": EITHER, "unavailable_unclear": EITHER,
    "not_processed_petition": EITHER, "not_processed_duplicate": EITHER, "not_processed_publication": EITHER,
    "not_processed_excessive": EITHER, "not_processed_confirmation": EITHER,
    "other_no_supplement": EITHER, "other_fee_unpaid": EITHER, "other_other": None,
}


def test_every_outcome_has_its_remedy():
    assert set(REMEDY) == set(standard.OUTCOME_KEYS) and len(REMEDY) == 21


@pytest.mark.parametrize("outcome", standard.OUTCOME_KEYS)
def test_remedy_text_per_outcome(received_app, outcome):
    body = letters.reply_body(received_app, outcome)
    info = OUTCOMES[outcome]
    assert received_app.number in body
    if info.basis:
        assert info.basis in body
    kind = REMEDY[outcome]
    if kind is None:
        assert "行政复议" not in body and "行政诉讼" not in body
        return
    # the department's reconsideration body: its same-level government (第二十四条)
    assert "六十日内向延津县人民政府申请行政复议" in body and "第二十条第一款" in body
    if kind == FIRST:
        assert "应当先自收到本答复书之日起六十日内" in body and "第二十三条第一款第（四）项" in body
        assert "自收到行政复议决定书之日起十五日内向人民法院提起行政诉讼" in body and "第四十五条" in body
        assert "六个月" not in body
    else:
        assert "六个月内向人民法院提起行政诉讼" in body and "第四十六条第一款" in body
        assert "应当先" not in body and "第二十三条" not in body


def test_reply_per_outcome_through_the_workflow(received_app, world):
    apply(received_app, "decide", world["registrar"], outcome="withheld_process_info")
    letter = received_app.letters.get(kind="reply")
    assert letter.outcome == "withheld_process_info" and "应当先" in letter.body


def test_pdf_and_docx(received_app, world):
    apply(received_app, "decide", world["registrar"], outcome="partially_granted")
    letter = received_app.letters.get(kind="reply")
    html = letters.render_html(letter)
    assert "草稿" in html and "政府信息公开申请答复书" in html
    pdf = letters.render_pdf(letter)
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000
    doc = Document(io.BytesIO(letters.render_docx(letter)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "政府信息公开申请答复书" in text and "第三十七条" in text and "张三：" in text
    apply(received_app, "edit_reply", world["registrar"],
          body=letter.body.replace("（请填写不予公开部分及理由）", "涉及企业商业秘密"))
    apply(received_app, "approve_reply", world["reviewer"])
    apply(received_app, "send_reply", world["registrar"], on=date(2026, 10, 9))
    letter.refresh_from_db()
    html = letters.render_html(letter)
    assert "草稿" not in html and "2026年10月9日" in html


def test_correction_notice_states_items_and_due_date(received_app, world):
    apply(received_app, "send_correction", world["registrar"], on=date(2026, 9, 29), items="请写明文号",
          supplement_due=date(2026, 10, 20))
    letter = received_app.letters.get(kind="correction")
    assert letter.sent_on == date(2026, 9, 29)
    assert "请写明文号" in letter.body and "2026年10月20日" in letter.body and "第三十条" in letter.body
