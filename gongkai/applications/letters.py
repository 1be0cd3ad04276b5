"""Letters to the applicant: reply (答复书, one template per outcome, editable
until sent), and the notices sent at once (补正, 延期, 收费). Rendered to HTML
(escaped), PDF (``gongkai.render.pdf.html_to_pdf``) and DOCX
(``gongkai.render.docx.new_document`` when available, else python-docx)."""

from __future__ import annotations

from datetime import date

from django.template.loader import render_to_string

from .models import Letter
from .outcomes import OUTCOMES, remedies_paragraph


def cn_date(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def _government(app) -> str | None:
    parent = app.agency.parent
    return parent.name if parent else None


def _opening(app) -> str:
    received = cn_date(app.received_on or app.arrived_on)
    return (
        f"本机关于{received}收到您提出的政府信息公开申请（受理编号：{app.number}），"
        f"您申请获取“{app.description.strip()}”。"
    )


def reply_body(app, outcome: str) -> str:
    info = OUTCOMES[outcome]
    paragraphs = [_opening(app), info.text.format(description=app.description.strip())]
    if info.basis:
        paragraphs.append(f"依据：{info.basis}。")
    remedies = remedies_paragraph(info, app.agency.name, _government(app))
    if remedies:
        paragraphs.append(remedies)
    paragraphs.append(f"联系电话：{app.agency.phone}" if app.agency.phone else "")
    return "\n\n".join(p for p in paragraphs if p)


def draft_reply(app, outcome: str) -> Letter:
    return Letter.objects.create(
        application=app, kind="reply", outcome=outcome, title="政府信息公开申请答复书",
        reference=f"{app.number}", body=reply_body(app, outcome),
    )


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
            "请自收到本通知次日起20个工作日内缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        ])
    else:
        raise ValueError(kind)
    return Letter.objects.create(
        application=app, kind=kind, title=title, reference=app.number, body=body, sent_on=on, sent_by=user,
        approved_by=user,
    )


def context(letter: Letter) -> dict:
    app = letter.application
    return {
        "letter": letter,
        "app": app,
        "agency": app.agency,
        "paragraphs": [p.strip() for p in letter.body.split("\n\n") if p.strip()],
        "date": cn_date(letter.sent_on) if letter.sent_on else "（发出时填写日期）",
        "draft": not letter.is_sent,
    }


def render_html(letter: Letter) -> str:
    return render_to_string("applications/letters/letter.html", context(letter))


def render_pdf(letter: Letter) -> bytes:
    from gongkai.render.pdf import html_to_pdf

    return html_to_pdf(render_html(letter))


def render_docx(letter: Letter) -> bytes:
    """The letter as DOCX in the renderer's GB/T 9704 style (``gongkai.render.docx``)."""
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
    if letter.reference:
        plain(f"（{letter.reference}）", WD_ALIGN_PARAGRAPH.CENTER)
    plain(f"{app.applicant_name}：")
    for text in ctx["paragraphs"]:
        gk_docx.add_paragraph(doc, text)
    plain("")
    plain(app.agency.name, WD_ALIGN_PARAGRAPH.RIGHT)
    plain(ctx["date"], WD_ALIGN_PARAGRAPH.RIGHT)
    return gk_docx.document_bytes(doc)
