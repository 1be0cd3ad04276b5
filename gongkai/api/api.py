"""REST API (django-ninja), OpenAPI docs at /api/docs.

Public: submit an application (rate-limited per IP), look up its status with
the receipt number and query code. Staff (``Authorization: Bearer <token>``):
list applications (scoped by ``agencies.auth``), read one with its
deadlines, perform workflow events (the same table and service as the web).
"""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import NinjaAPI, Schema
from ninja import errors as ninja_errors
from ninja.security import HttpBearer

from gongkai import standard
from gongkai.agencies import auth
from gongkai.agencies.models import Agency
from gongkai.applications import access, clockmap, letters, services, workflow
from gongkai.applications.models import Application
from gongkai.applications.privacy import mask_id, mask_phone
from gongkai.applications.workflow import WorkflowError
from gongkai.portal import ratelimit

from .models import ApiToken, hash_key

try:
    from ninja import Status
except ImportError:  # django-ninja < 1.6: a (status, body) tuple

    def Status(status_code, value):
        return status_code, value


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        row = ApiToken.objects.select_related("user").filter(key_hash=hash_key(token), revoked=False).first()
        if row is None or not row.user.is_active:
            return None
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        request.user = row.user
        return row.user


api = NinjaAPI(title="gongkai 政府信息公开平台接口", version="1", urls_namespace="api")

_PYDANTIC_ZH = {
    "missing": "缺少此项", "string_type": "应为字符串", "int_parsing": "应为整数", "int_type": "应为整数",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）", "date_parsing": "应为日期（YYYY-MM-DD）",
    "dict_type": "应为对象", "list_type": "应为列表", "bool_parsing": "应为 true 或 false",
    "json_invalid": "不是有效的 JSON", "model_attributes_type": "应为 JSON 对象",
}


def _json(request, status: int, body: dict):
    return api.create_response(request, body, status=status)


@api.exception_handler(ninja_errors.AuthenticationError)
def _unauthorized(request, exc):
    return _json(request, 401, {"detail": "未登录或接口令牌无效：请在请求头中提供 Authorization: Bearer <令牌>"})


@api.exception_handler(ninja_errors.ValidationError)
def _invalid(request, exc):
    parts, errors = [], []
    for e in exc.errors:
        loc = [str(x) for x in e.get("loc", ()) if x not in ("body", "payload", "query", "path")]
        why = _PYDANTIC_ZH.get(e.get("type", ""), "取值不正确")
        parts.append(f"{'.'.join(loc) or '请求'}：{why}")
        errors.append({"field": ".".join(loc), "type": e.get("type", ""), "message": why})
    return _json(request, 422, {"detail": "请求数据有误：" + "；".join(parts), "errors": errors})


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _json(request, 404, {"detail": "没有找到"})


class Error(Schema):
    detail: str


class SubmitIn(Schema):
    agency: str  # slug
    applicant_type: str
    applicant_name: str
    legal_representative: str = ""
    id_type: str
    id_number: str
    phone: str
    email: str = ""
    address: str = ""
    postcode: str = ""
    description: str
    purpose: str = ""
    medium: str = "paper"
    delivery: str = "post"


class SubmitOut(Schema):
    number: str
    query_code: str
    agency: str
    state: str


class TimelineItem(Schema):
    on: date
    event: str
    label: str


class LetterOut(Schema):
    id: int
    title: str
    sent_on: date | None


class StatusIn(Schema):
    number: str
    code: str


class StatusOut(Schema):
    number: str
    agency: str
    state: str
    state_label: str
    current_due: date | None
    timeline: list[TimelineItem]
    letters: list[LetterOut]


class DeadlinesOut(Schema):
    received_on: date | None
    original_due: date | None
    current_due: date | None
    paused: bool
    status: str
    extension_days: int
    warnings: list[str]


class ApplicationRow(Schema):
    id: int
    number: str
    agency: str
    state: str
    channel: str
    applicant_type: str
    applicant_name: str
    id_number_masked: str
    phone_masked: str
    arrived_on: date
    received_on: date | None
    outcome: str | None
    decided_on: date | None


class ApplicationOut(ApplicationRow):
    description: str
    deadlines: DeadlinesOut
    available_actions: list[str]
    events: list[dict]


class ActionIn(Schema):
    event: str
    data: dict = {}


def _row(app: Application) -> dict:
    return {
        "id": app.pk, "number": app.number, "agency": app.agency.name, "state": app.state, "channel": app.channel,
        "applicant_type": app.applicant_type, "applicant_name": app.applicant_name,
        "id_number_masked": mask_id(app.id_number), "phone_masked": mask_phone(app.phone),
        "arrived_on": app.arrived_on, "received_on": app.received_on, "outcome": app.outcome,
        "decided_on": app.decided_on,
    }


def _detail(app: Application, user) -> dict:
    events = list(app.events.select_related("actor"))
    d = clockmap.deadlines(app, events)
    return {
        **_row(app),
        "description": app.description,
        "deadlines": {
            "received_on": d.received_on, "original_due": d.original_due, "current_due": d.current_due,
            "paused": bool(d.paused), "status": clockmap.status(d, services.today()),
            "extension_days": int(d.extension_days or 0), "warnings": [str(w) for w in d.warnings],
        },
        "available_actions": [t.event for t in services.available_for(user, app)],
        "events": [
            {"kind": e.kind, "on": e.on.isoformat(), "at": e.at.isoformat(), "actor": e.actor.username if e.actor else None,
             "state_before": e.state_before, "state_after": e.state_after, "data": e.data}
            for e in events
        ],
    }


@api.post("/applications/submit", response={201: SubmitOut, 400: Error, 404: Error, 429: Error}, tags=["公众"],
          summary="网上提交政府信息公开申请")
def submit(request: HttpRequest, payload: SubmitIn):
    if not ratelimit.allow(request):
        return Status(429, {"detail": ratelimit.MESSAGE})
    agency = Agency.objects.filter(slug=payload.agency).first()
    if agency is None:
        return Status(404, {"detail": "没有这个机关"})
    if payload.applicant_type not in standard.APPLICANT_TYPES:
        return Status(400, {"detail": "申请人类型不正确"})
    fields = payload.dict()
    fields.pop("agency")
    try:
        app, code = services.create(agency, fields, channel="online", arrived_on=services.today())
    except WorkflowError as err:
        return Status(400, {"detail": str(err)})
    except Exception as err:  # ValidationError from full_clean
        from django.core.exceptions import ValidationError

        if isinstance(err, ValidationError):
            return Status(400, {"detail": "；".join(f"{k}：{'，'.join(v)}" for k, v in err.message_dict.items())})
        raise
    return Status(201, {"number": app.number, "query_code": code, "agency": agency.name, "state": app.state})


@api.post("/applications/status", response={200: StatusOut, 404: Error, 429: Error}, tags=["公众"],
          summary="凭受理编号和查询码查询办理进度")
def status(request: HttpRequest, payload: StatusIn):
    if not ratelimit.allow(request, scope="status"):
        return Status(429, {"detail": ratelimit.MESSAGE})
    app = services.find_by_code(payload.number, payload.code)
    if app is None:
        return Status(404, {"detail": "受理编号或查询码不正确"})
    v = services.public_view(app)
    return Status(200, {
        "number": app.number, "agency": app.agency.name, "state": app.state, "state_label": v["state_label"],
        "current_due": v["d"].current_due,
        "timeline": [{"on": e.on, "event": e.kind, "label": workflow.EVENT_LABELS[e.kind]} for e in v["timeline"]],
        "letters": [{"id": l.pk, "title": l.title, "sent_on": l.sent_on} for l in v["letters"]],
    })


class LetterIn(Schema):
    number: str
    code: str
    letter: int
    format: str = "pdf"  # "pdf" | "docx"


@api.post("/applications/letter", response={404: Error, 429: Error}, tags=["公众"],
          summary="凭受理编号和查询码下载已发出的文书（PDF 或 DOCX）")
def letter(request: HttpRequest, payload: LetterIn):
    if not ratelimit.allow(request, scope="status"):
        return Status(429, {"detail": ratelimit.MESSAGE})
    app = services.find_by_code(payload.number, payload.code)
    found = app and app.letters.filter(pk=payload.letter, sent_on__isnull=False).first()
    if not found or payload.format not in ("pdf", "docx"):
        return Status(404, {"detail": "没有这份文书，或受理编号、查询码不正确"})
    return letters.pdf_response(found) if payload.format == "pdf" else letters.docx_response(found)


MAX_OFFSET = 10**7


@api.get("/staff/applications", auth=TokenAuth(), response={200: list[ApplicationRow], 400: Error},
         tags=["工作人员"], summary="本人可见的申请")
def list_applications(request, state: str | None = None, year: int | None = None, limit: int = 100,
                      offset: int = 0):
    if year is not None and not 2000 <= year <= 2100:
        return Status(400, {"detail": "year 应为2000至2100之间的年份"})
    if not 0 <= offset <= MAX_OFFSET:
        return Status(400, {"detail": f"offset 应为0至{MAX_OFFSET}之间的整数"})
    if not 1 <= limit <= 500:
        return Status(400, {"detail": "limit 应为1至500之间的整数"})
    qs = access.visible_applications(request.auth).select_related("agency").order_by("-arrived_on", "-id")
    if state:
        qs = qs.filter(state=state)
    if year:
        qs = qs.filter(arrived_on__year=year)
    return Status(200, [_row(a) for a in qs[offset:offset + limit]])


@api.get("/staff/applications/{pk}", auth=TokenAuth(), response={200: ApplicationOut, 404: Error},
         tags=["工作人员"], summary="一件申请及其期限")
def get_application(request, pk: int):
    app = access.visible_applications(request.auth).select_related("agency").filter(pk=pk).first()
    if app is None:
        return Status(404, {"detail": "没有这件申请，或您无权查看"})
    return Status(200, _detail(app, request.auth))


@api.post("/staff/applications/{pk}/actions", auth=TokenAuth(),
          response={200: ApplicationOut, 400: Error, 403: Error, 404: Error}, tags=["工作人员"],
          summary="办理一项操作（与网页相同的流程表）")
def act(request, pk: int, payload: ActionIn):
    user = request.auth
    app = access.visible_applications(user).select_related("agency").filter(pk=pk).first()
    if app is None:
        return Status(404, {"detail": "没有这件申请，或您无权查看"})
    if not auth.can_act(user, app.agency):
        return Status(403, {"detail": "您只能查看该机关的申请，不能办理"})
    try:
        services.apply(app, payload.event, user, payload.data)
    except WorkflowError as err:
        return Status(400, {"detail": str(err)})
    app.refresh_from_db()
    return Status(200, _detail(app, user))


# ------------------------------------------------------------ annual reports
# Scoped like the web: a published version is public (as /reports/public/…);
# a draft is for staff who can see the agency (as /reports/<agency>/<year>/).


class FindingOut(Schema):
    rule: str
    severity: str
    message: str
    path: str | None = None


class VersionOut(Schema):
    number: int
    published_at: str
    note: str


class ReportOut(Schema):
    agency: str
    year: int
    source: str  # "published" | "draft"
    version: int | None
    versions: list[VersionOut]
    report: dict  # the exchange JSON (gongkai.annual-report/1): tables 2–4 and the narrative
    findings: list[FindingOut]


def _report_payload(agency, year: int, report, source: str, version, versions) -> dict:
    from gongkai.reports import services as report_services

    previous, _where = report_services.previous_report(agency, year)
    found = report_services.findings(report, previous)
    return {
        "agency": agency.name, "year": year, "source": source, "version": version.number if version else None,
        "versions": [{"number": v.number, "published_at": v.published_at.isoformat(), "note": v.note} for v in versions],
        "report": report.to_dict(), "findings": [f.to_dict() for f in found],
    }


def _year_ok(year: int) -> bool:
    return 2000 <= year <= 2100


@api.get("/reports/{slug}/{year}", response={200: ReportOut, 404: Error}, tags=["年度报告"],
         summary="已发布的年度报告（最新版本）：表格（交换格式 JSON）、核查结果、历次版本")
def published_report(request, slug: str, year: int, version: int | None = None):
    from gongkai.reports.models import ReportVersion

    versions = list(ReportVersion.objects.filter(report__agency__slug=slug, report__year=year)
                    .select_related("report__agency").order_by("-number")) if _year_ok(year) else []
    chosen = next((v for v in versions if v.number == version), None) if version is not None else \
        (versions[0] if versions else None)
    if chosen is None:
        return Status(404, {"detail": "该报告尚未发布，或没有这个版本"})
    return Status(200, _report_payload(chosen.report.agency, year, chosen.to_report(), "published", chosen, versions))


@api.get("/staff/reports/{slug}/{year}", auth=TokenAuth(), response={200: ReportOut, 404: Error},
         tags=["年度报告"], summary="本人可见机关的年度报告草稿：按记录实时计算的表格、核查结果")
def draft_report(request, slug: str, year: int):
    from gongkai.reports import services as report_services
    from gongkai.reports.models import AnnualReport

    agency = Agency.objects.filter(slug=slug).first()
    if agency is None or not auth.can_view(request.auth, agency) or not _year_ok(year):
        return Status(404, {"detail": "没有这个机关，或您无权查看"})
    obj = AnnualReport.objects.filter(agency=agency, year=year).first() or AnnualReport(agency=agency, year=year)
    versions = list(obj.versions.order_by("-number")) if obj.pk else []
    return Status(200, _report_payload(agency, year, report_services.live_report(obj), "draft", None, versions))
