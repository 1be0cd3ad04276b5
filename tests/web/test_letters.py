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


@pytest.mark.parametrize("outcome", [k for k in standard.OUTCOME_KEYS
                                     if k not in ("other_no_supplement", "unavailable_unclear", "other_fee_unpaid")])
def test_reply_per_outcome(received_app, world, outcome):
    apply(received_app, "decide", world["registrar"], outcome=outcome)
    letter = received_app.letters.get(kind="reply")
    info = OUTCOMES[outcome]
    assert letter.outcome == outcome
    assert received_app.number in letter.body
    if info.basis:
        assert info.basis in letter.body
    if info.remedies:
        assert "六十日内" in letter.body and "延津县人民政府" in letter.body
    if info.reconsideration_first:
        assert "应当先申请行政复议" in letter.body and "六个月内" not in letter.body
    elif info.remedies:
        assert "六个月内向人民法院提起行政诉讼" in letter.body


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
