"""Letters to the applicant: reply (答复书, one template per outcome, editable
until sent), and the notices sent at once (补正, 延期, 收费). Rendered to HTML
(escaped), PDF (``gongkai.render.pdf.html_to_pdf``) and DOCX
(``gongkai.render.docx.new_document`` when available, else python-docx)."""

from __future__ import annotations

import re
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpResponse
from django.template.loader import render_to_string

from .models import Letter, LetterCounter
from .outcomes import OUTCOMES, THIRD_PARTY_CONSULTED_BASIS, THIRD_PARTY_CONSULTED_TEXT, remedies_paragraph

# What a template leaves for the officer to fill in: （请填写…） and (请…), 【…】
# brackets, {name} / {{ name }} markers, and ×× / XXX / ○○ blanks.
PLACEHOLDER_RE = re.compile(
    r"[（(]\s*请(?:填写|选择|补充|输入|核实|注明|删去|在)[^）)]*[）)]|【[^】]*】|\{\{[^}]*\}\}|\{[A-Za-z_][A-Za-z0-9_]*\}|[×Ｘ]{2,}|X{3,}|○{2,}"
)


def placeholders(text: str) -> list[str]:
    """The unfilled placeholders in a letter body, in order, each once."""
    seen: list[str] = []
    for m in PLACEHOLDER_RE.finditer(text or ""):
        if m.group(0) not in seen:
            seen.append(m.group(0))
    return seen


def paragraphs(text: str) -> list[str]:
    """A letter body's paragraphs: every non-blank line (CR, LF or CRLF)."""
    return [line.strip() for line in re.split(r"\r\n|\r|\n", text or "") if line.strip()]


def normalise_body(text: str) -> str:
    """The stored form of a letter body: LF line ends, one blank line between
    paragraphs, no trailing spaces — so an edited letter (a browser sends
    CRLF) lays out exactly like a generated one."""
    return "\n\n".join(paragraphs(text))


def cn_date(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def _opening(app) -> str:
    received = cn_date(app.received_on or app.arrived_on)
    return (
        f"本机关于{received}收到您提出的政府信息公开申请（受理编号：{app.number}），"
        f"您申请获取“{app.description.strip()}”。"
    )


def _consulted(app) -> bool:
    """Whether a consultation (第三十二条) was logged and ended for ``app``."""
    return app.pk is not None and app.events.filter(kind="end_consultation").exists()


def reply_body(app, outcome: str) -> str:
    info = OUTCOMES[outcome]
    text, basis = info.text, info.basis
    if outcome == "withheld_third_party" and _consulted(app):
        text, basis = THIRD_PARTY_CONSULTED_TEXT, THIRD_PARTY_CONSULTED_BASIS
    parts = [_opening(app), text.format(description=app.description.strip())]
    if basis:
        parts.append(f"依据：{basis}。")
    remedies = remedies_paragraph(info, app.agency.reconsideration_body)
    if remedies:
        parts.append(remedies)
    parts.append(f"联系电话：{app.agency.phone}" if app.agency.phone else "")
    return "\n\n".join(p for p in parts if p)


def draft_reply(app, outcome: str) -> Letter:
    return Letter.objects.create(
        application=app, kind="reply", outcome=outcome, title="政府信息公开申请答复书",
        reference="", body=reply_body(app, outcome),
    )


def next_reference(agency, year: int) -> str:
    """The next 发文字号 of ``agency`` for ``year``, e.g. 延应急依复〔2026〕33号.
    Call inside the sending transaction: the counter row's UPDATE serializes
    concurrent senders, so no number is issued twice."""
    counter = LetterCounter.objects.filter(agency=agency, year=year)
    if not counter.exists():
        try:
            with transaction.atomic():
                LetterCounter.objects.create(agency=agency, year=year, last=0)
        except IntegrityError:
            pass  # created concurrently
    counter.update(last=F("last") + 1)
    n = counter.values_list("last", flat=True).get()
    return f"{agency.reference_prefix}〔{year}〕{n}号"


def issue(app, kind: str, data: dict, on: date, user) -> Letter:
    """Create and send at once one of the notices (补正/延期/收费)."""
    if kind == "correction":
        title = "补正申请告知书"
        body = "\n\n".join([
            _opening(app),
            "经审查，您的申请内容不够明确，根据《中华人民共和国政府信息公开条例》第三十条，请您补正以下内容：",
            (data.get("items") or "").strip(),
            f"请于{cn_date(data.get('supplement_due'))}前补正。答复期限自本机关收到补正申请之日起计算。"
            "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        ])
    elif kind == "extension":
        title = "延期答复告知书"
        body = "\n\n".join([
            _opening(app),
            f"因{(data.get('reason') or '').strip()}，本机关不能在规定期限内作出答复。经政府信息公开工作机构负责人同意，"
            f"根据《中华人民共和国政府信息公开条例》第三十三条第二款，答复期限延长{data.get('days')}个工作日。",
        ])
    elif kind == "fee":
        title = "收费通知书"
        body = "\n\n".join([
            _opening(app),
            "您申请公开政府信息的数量、频次明显超过合理范围，根据《中华人民共和国政府信息公开条例》第四十二条和"
            "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本机关收取信息处理费。",
            f"收费标准与依据：{(data.get('basis') or '按件或按量累进计收').strip()}；金额：{data.get('amount'):.2f}元。",
            f"缴纳方式：{app.agency.fee_payment_method.strip()}",
            "请自收到本通知次日起20个工作日内缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        ])
    else:
        raise ValueError(kind)
    return Letter.objects.create(
        application=app, kind=kind, title=title, reference=next_reference(app.agency, on.year),
        body=normalise_body(body), sent_on=on, sent_by=user, approved_by=user,
    )


def context(letter: Letter) -> dict:
    app = letter.application
    return {
        "letter": letter,
        "app": app,
        "agency": app.agency,
        "paragraphs": paragraphs(letter.body),
        "date": cn_date(letter.sent_on) if letter.sent_on else "（发出时填写日期）",
        "reference": letter.reference or ("（发出时编号）" if not letter.is_sent else ""),
        "draft": not letter.is_sent,
        "placeholders": placeholders(letter.body) if not letter.is_sent else [],
        "released": released_with(letter),
    }


def released_with(letter: Letter) -> list:
    """The records provided with a reply letter: before sending, those
    attached now; once sent, those released with it. Each redaction's ground
    is listed in the letter (条例第三十七条: say what was withheld and why)."""
    if letter.kind != "reply" or not letter.pk:
        return []
    files = letter.application.released_files.all()
    if letter.is_sent:
        return list(files.filter(released_on=letter.sent_on))
    return list(files.filter(released_on__isnull=True))


def render_html(letter: Letter) -> str:
    return render_to_string("applications/letters/letter.html", context(letter))


def render_pdf(letter: Letter) -> bytes:
    from gongkai.render.pdf import html_to_pdf

    return html_to_pdf(render_html(letter))


def _text_width(text: str) -> float:
    """Width in characters of 三号 text: CJK full width, ASCII half."""
    return sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in text)


def render_docx(letter: Letter) -> bytes:
    """The letter as DOCX in the renderer's GB/T 9704 style (``gongkai.render.docx``),
    paragraph for paragraph as the PDF: the signature block (GB/T 9704
    7.3.5.1) keeps two lines for the seal, the date four characters from the
    right and the agency name centred over it, kept with the last paragraph."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from gongkai.render import docx as gk_docx

    doc = gk_docx.new_document()
    ctx = context(letter)
    app = letter.application

    def plain(text, align=None):
        p = gk_docx.add_paragraph(doc, text)
        p.paragraph_format.first_line_indent = Pt(0)
        if align is not None:
            p.alignment = align
        return p

    if ctx["draft"]:
        plain("草稿 · 未发出", WD_ALIGN_PARAGRAPH.CENTER)
    plain(app.agency.name, WD_ALIGN_PARAGRAPH.CENTER)
    gk_docx.add_title(doc, letter.title)
    if ctx["reference"]:
        plain(ctx["reference"], WD_ALIGN_PARAGRAPH.CENTER)
    plain(f"{app.applicant_name}：")
    body = [gk_docx.add_paragraph(doc, text) for text in ctx["paragraphs"]]
    if body:
        body[-1].paragraph_format.keep_with_next = True
    seal = [plain(""), plain("")]  # the seal presses down on the two lines below these
    date_w, name_w = _text_width(ctx["date"]), _text_width(app.agency.name)
    sign = plain(app.agency.name, WD_ALIGN_PARAGRAPH.RIGHT)
    sign.paragraph_format.right_indent = Pt(gk_docx.BODY_PT * (4 + max(0.0, (date_w - name_w) / 2)))
    dated = plain(ctx["date"], WD_ALIGN_PARAGRAPH.RIGHT)
    dated.paragraph_format.right_indent = Pt(gk_docx.BODY_PT * (4 + max(0.0, (name_w - date_w) / 2)))
    for p in (*seal, sign):
        p.paragraph_format.keep_with_next = True
    return gk_docx.document_bytes(doc)


def pdf_response(letter) -> HttpResponse:
    resp = HttpResponse(render_pdf(letter), content_type="application/pdf")
    resp["Content-Disposition"] = f'attachment; filename="{letter.application.number}-{letter.kind}.pdf"'
    return resp


def docx_response(letter) -> HttpResponse:
    resp = HttpResponse(
        render_docx(letter),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    resp["Content-Disposition"] = f'attachment; filename="{letter.application.number}-{letter.kind}.docx"'
    return resp
