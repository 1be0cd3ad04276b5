"""The exchange model ``gongkai.annual-report/1`` (pydantic).

One machine-readable form of a report, in and out of every tool. A value the
source does not give is ``None``; the model never fills one in. Negative
numbers are accepted here and reported by rule V.RANGE, so that a wrong report
can still be read and explained rather than rejected.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, ValidationError, field_validator

from gongkai import standard

Count = int | None


def _fee_to_json(value: Decimal | None):
    # A JSON number, as in the gold files: int when whole, else the shortest
    # float, which keeps the six decimals fees are printed with.
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


Fee = Annotated[Decimal | None, PlainSerializer(_fee_to_json, return_type=int | float | None)]
Row7 = Annotated[list[Count], Field(min_length=7, max_length=7)]
Row5 = Annotated[list[Count], Field(min_length=5, max_length=5)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False)

    @field_validator("*", mode="before")
    @classmethod
    def _no_bool_or_float_counts(cls, value, info):
        # JSON true/1.5 must not silently become a count of 1.
        if isinstance(value, bool):
            raise ValueError("应为整数，不能是布尔值")
        if isinstance(value, list):
            for v in value:
                if isinstance(v, bool) or (isinstance(v, float) and not v.is_integer()):
                    raise ValueError(f"应为整数：{v!r}")
        return value


class Documents(_Strict):
    made: Count = None
    repealed: Count = None
    in_force: Count = None


class Active(_Strict):
    """Table 2 of the 2021 template."""

    regulations: Documents = Field(default_factory=Documents)
    normative_documents: Documents = Field(default_factory=Documents)
    licensing: Count = None
    punishment: Count = None
    coercion: Count = None
    fees_10k_yuan: Fee = None

    @field_validator("fees_10k_yuan", mode="before")
    @classmethod
    def _fee_as_decimal(cls, value):
        # Fees come with up to six decimals in 万元: keep them exact.
        if isinstance(value, float):
            return Decimal(repr(value))
        return value


class Requests(_Strict):
    """Table 3: one 7-list per row, in the order of ``standard.APPLICANT_COLUMNS``."""

    new_received: Row7 | None = None
    carried_over: Row7 | None = None
    granted: Row7 | None = None
    partially_granted: Row7 | None = None
    withheld_state_secret: Row7 | None = None
    withheld_law_prohibited: Row7 | None = None
    withheld_three_securities: Row7 | None = None
    withheld_third_party: Row7 | None = None
    withheld_internal_affairs: Row7 | None = None
    withheld_process_info: Row7 | None = None
    withheld_enforcement_files: Row7 | None = None
    withheld_administrative_query: Row7 | None = None
    unavailable_not_held: Row7 | None = None
    unavailable_needs_creation: Row7 | None = None
    unavailable_unclear: Row7 | None = None
    not_processed_petition: Row7 | None = None
    not_processed_duplicate: Row7 | None = None
    not_processed_publication: Row7 | None = None
    not_processed_excessive: Row7 | None = None
    not_processed_confirmation: Row7 | None = None
    other_no_supplement: Row7 | None = None
    other_fee_unpaid: Row7 | None = None
    other_other: Row7 | None = None
    total_processed: Row7 | None = None
    carried_forward: Row7 | None = None
    other_processed: Row7 | None = None

    def row(self, key: str) -> list[Count] | None:
        return getattr(self, key)


class Appeals(_Strict):
    """Table 4: one 5-list per group, in the order of ``standard.APPEAL_COLUMNS``."""

    reconsideration: Row5 | None = None
    litigation_direct: Row5 | None = None
    litigation_after_reconsideration: Row5 | None = None


class Sections(_Strict):
    overview: str | None = None
    problems: str | None = None
    other: str | None = None


class Provenance(BaseModel):
    """Where one value came from, so that every number can be explained."""

    model_config = ConfigDict(extra="forbid")
    page: int | None = None
    line: int | None = None
    cell: str | None = None  # e.g. "table 3, row 5, cell 2"
    text: str | None = None  # the source text the value was read from
    note: str | None = None  # e.g. "数字连写，按勾稽关系拆分"
    # scanned pages (OCR): the cell's box in page pixels (x0, y0, x1, y1) and
    # the recognition confidence (0–1)
    box: list[int] | None = None
    confidence: float | None = None


class Report(BaseModel):
    """An annual report in the exchange form."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    format: Literal["gongkai.annual-report/1"] = standard.FORMAT_ID
    agency: str
    year: int = Field(ge=2000, le=2100)
    template: Literal["2021", "2019"] = "2021"
    agency_level: Literal["department", "government"] | None = None
    published_on: dt.date | None = None
    sections: Sections | None = None
    # The order in which the sections were found in a published file
    # (keys of ``standard.SECTIONS``); ``None`` where the source is data.
    section_order: list[str] | None = None
    active: Active | None = None
    active_2019: dict[str, dict[str, Decimal | int | None]] | None = None
    requests: Requests = Field(default_factory=Requests)
    appeals: Appeals = Field(default_factory=Appeals)
    # Filled by the reader: cell path (e.g. "requests.granted.0") -> origin.
    provenance: dict[str, Provenance] | None = None
    # Filled by the reader: what it had to decide or could not settle.
    notes: list[str] | None = None

    def to_json(self, *, indent: int | None = 1, with_source: bool = True) -> str:
        exclude = None if with_source else {"provenance", "notes"}
        return self.model_dump_json(indent=indent, exclude_none=False, exclude=exclude)

    def to_dict(self) -> dict:
        return json.loads(self.model_dump_json())


class ReportError(ValueError):
    """A report that cannot be read; the message is Chinese and names the field."""


def _describe(err: ValidationError) -> str:
    lines = []
    for e in err.errors()[:10]:
        where = ".".join(str(p) for p in e["loc"]) or "（顶层）"
        lines.append(f"字段 {where}：{_zh(e)}")
    more = len(err.errors()) - 10
    if more > 0:
        lines.append(f"……另有 {more} 处错误")
    return "\n".join(lines)


_ZH = {
    "missing": "缺少必填字段",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "decimal_parsing": "应为数字",
    "too_short": "长度不足",
    "too_long": "长度过长",
    "list_type": "应为数组",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "string_type": "应为字符串",
    "extra_forbidden": "不是本格式的字段",
    "literal_error": "取值不在允许范围内",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
}


def _zh(e: dict) -> str:
    base = _ZH.get(e["type"], "取值无效")
    if e["type"] in ("too_short", "too_long") and "ctx" in e:
        base += f"（应为 {e['ctx'].get('min_length') or e['ctx'].get('max_length')} 项）"
    if e["type"] == "value_error":
        base = str(e.get("msg", "")).removeprefix("Value error, ")
    if "input" in e and not isinstance(e["input"], (dict, list)):
        base += f"，实际为 {e['input']!r}"
    return base


def report_from_dict(data: object) -> Report:
    if not isinstance(data, dict):
        raise ReportError("不是年度报告交换格式：顶层应为 JSON 对象")
    if data.get("format") not in (None, standard.FORMAT_ID):
        raise ReportError(f"不支持的格式标识 {data.get('format')!r}，应为 {standard.FORMAT_ID}")
    try:
        report = Report.model_validate(data)
    except ValidationError as err:
        raise ReportError("年度报告数据有误：\n" + _describe(err)) from None
    return fill_other_processed(report)


_JSON_ERRORS = {
    "Expecting value": "此处应为一个值",
    "Extra data": "JSON 之后还有多余内容",
    "Expecting property name enclosed in double quotes": "属性名应使用双引号",
    "Unterminated string starting at": "字符串没有结束",
    "Expecting ',' delimiter": "缺少逗号",
    "Expecting ':' delimiter": "缺少冒号",
}


def report_from_json(text: str | bytes) -> Report:
    try:
        data = json.loads(text)
    except UnicodeDecodeError:
        raise ReportError("不是有效的 JSON：文件不是 UTF-8 编码的文本") from None
    except json.JSONDecodeError as err:
        raise ReportError(f"不是有效的 JSON：第 {err.lineno} 行第 {err.colno} 列，{_JSON_ERRORS.get(err.msg, err.msg)}") from None
    except RecursionError:
        raise ReportError("不是年度报告交换格式：JSON 嵌套层数过深") from None
    return report_from_dict(data)


def load_report(path: str | Path) -> Report:
    try:
        raw = Path(path).read_bytes()
    except OSError as err:
        raise ReportError(f"无法读取文件 {path}：{err.strerror}") from None
    return report_from_json(raw)


def fill_other_processed(report: Report) -> Report:
    """``other_processed`` is filled in every report: the sum of its three rows
    where they are printed (spec), cell by cell, ``None`` where any is unknown."""
    req = report.requests
    if req.other_processed is None:
        rows = [req.row(k) for k in standard.OTHER_SUBROWS]
        if all(r is not None for r in rows):
            req.other_processed = [
                None if any(r[i] is None for r in rows) else sum(r[i] for r in rows)
                for i in range(7)
            ]
    return report


def json_schema() -> dict:
    schema = Report.model_json_schema()
    schema["$id"] = "https://gongkai.invalid/schema/annual-report-1.json"
    schema["title"] = "gongkai.annual-report/1 — 政府信息公开工作年度报告交换格式"
    return schema
