"""What the views, the CLI and the demo do with annual reports.

Decisions (the spec is silent):

* **Draft vs published.** A draft is computed from the records every time it
  is shown; publishing stores the exchange JSON as a new ``ReportVersion``
  and the public page shows the latest version. Editing after publishing
  prepares a correction, published as the next version; all versions stay.
* **Publishing is refused while the report has an error-severity finding of
  the single-report rules** (e.g. an empty narrative section, S.SECTIONS).
  Cross-year findings (X.*) are shown but do not block: last year's report is
  already public, and a discrepancy with it is explained in the narrative.
* **Last year's report** for the cross-year rules is, in this order: its
  latest published version in gongkai; a report imported from a published
  file (``previous_import``, read with ``gongkai.reader.read``); last year's
  tables computed from the records.
* **A government's table 2 decision counts** may be taken from the sum of its
  departments' reports (published version if any, else computed): stored as
  ``decisions_override`` and shown as such; clearing it returns to the counts
  computed from the government's own records.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai import standard
from gongkai.model import Report, report_from_dict

from . import compute
from .models import AnnualReport, ReportVersion


class PublishError(Exception):
    pass


def get_report(agency, year: int) -> AnnualReport:
    obj, _created = AnnualReport.objects.get_or_create(agency=agency, year=year)
    return obj


def live_report(obj: AnnualReport) -> Report:
    """The draft: tables from the records, narrative as saved."""
    return compute.compute_report(
        obj.agency, obj.year, sections=obj.sections(), decisions_override=obj.decisions_override
    )


def published_report(obj: AnnualReport) -> Report | None:
    v = obj.latest_version
    return v.to_report() if v else None


def previous_report(agency, year: int) -> tuple[Report | None, str]:
    """Last year's report for the cross-year rules, and where it came from."""
    prev = AnnualReport.objects.filter(agency=agency, year=year - 1).first()
    if prev is not None:
        published = published_report(prev)
        if published is not None:
            return published, "published"
    current = AnnualReport.objects.filter(agency=agency, year=year).first()
    if current is not None and current.previous_import:
        try:
            return report_from_dict(current.previous_import), "imported"
        except Exception:
            pass
    return compute.compute_report(agency, year - 1, sections=prev.sections() if prev else None), "computed"


def years_with_records(agency, years) -> set[int]:
    """The years among ``years`` in which ``agency`` has records that fill the
    report's tables (applications, disclosure items, monthly figures, documents, cases)."""
    return years_with_records_many(type(agency).objects.filter(pk=agency.pk), years).get(agency.pk, set())


def years_with_records_many(agencies, years) -> dict[int, set[int]]:
    """``years_with_records`` of every agency in the queryset ``agencies`` at
    once: one grouped query per kind of record, however many agencies."""
    import datetime as dt

    from django.db.models import Count, Q

    from gongkai.appeals.models import AppealCase
    from gongkai.applications.models import Application
    from gongkai.disclosure.models import DisclosureItem, Document, MonthlyFigures

    years = sorted(set(years))
    out: dict[int, set[int]] = {}
    for row in (MonthlyFigures.objects.filter(agency__in=agencies, year__in=years)
                .values_list("agency_id", "year").distinct()):
        out.setdefault(row[0], set()).add(row[1])
    for model, field in ((Application, "arrived_on"), (DisclosureItem, "published_on"), (Document, "made_on"),
                         (AppealCase, "filed_on")):
        spans = {y: (dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in years}
        rows = (model.objects.filter(agency__in=agencies, **{f"{field}__range": (spans[years[0]][0], spans[years[-1]][1])})
                .order_by().values("agency_id")
                .annotate(**{f"y{y}": Count("pk", filter=Q(**{f"{field}__range": span})) for y, span in spans.items()}))
        for row in rows:
            out.setdefault(row["agency_id"], set()).update(y for y in years if row[f"y{y}"])
    return out


def findings(report: Report, previous: Report | None = None) -> list:
    from gongkai import rules

    out = rules.check(report)
    if previous is not None:
        out += rules.check_across(previous, report)
    return out


def findings_by_path(found) -> dict[str, list]:
    by: dict[str, list] = {}
    for f in found:
        if f.path:
            by.setdefault(f.path, []).append(f)
    return by


def blocking(found) -> list:
    return [f for f in found if f.severity == "error" and not f.rule.startswith("X.")]


@transaction.atomic
def publish(obj: AnnualReport, user=None, note: str = "", today=None, at=None) -> ReportVersion:
    """Freeze the report as a new version (append-only). ``at`` (the publication
    time) defaults to now; only data loaders set it."""
    obj = AnnualReport.objects.select_for_update().get(pk=obj.pk)
    report = live_report(obj)
    report.published_on = today or timezone.localdate()
    errors = blocking(findings(report))
    if errors:
        raise PublishError("；".join(f.message for f in errors[:5]))
    last = obj.versions.order_by("-number").first()
    if last is not None and not note.strip():
        raise PublishError("更正已发布的报告须填写更正说明")
    number = (last.number + 1) if last else 1
    version = ReportVersion(
        report=obj,
        number=number,
        exchange=report.to_dict(),
        published_at=at or timezone.now(),
        published_by=user if (user is not None and user.is_authenticated) else None,
        note=note.strip(),
    )
    frozen = version.to_report()  # exactly what the exchange JSON holds
    stem = f"{obj.agency.slug}-{obj.year}-v{number}"
    for fmt in STORED_FORMATS:  # rendered once, here; downloads serve these files
        getattr(version, fmt).save(f"{stem}.{fmt}", ContentFile(render_report(frozen, fmt)), save=False)
    version.save()
    return version


STORED_FORMATS = ("docx", "pdf")
RENDER_CACHE_SECONDS = 24 * 3600


def render_report(report: Report, fmt: str) -> bytes:
    from gongkai.render import render

    data = render(report, fmt)
    return data.encode("utf-8") if isinstance(data, str) else data


def render_cached(report: Report, fmt: str) -> bytes:
    """A draft rendered on demand, cached by the hash of its content (the
    exchange JSON and the format): an unchanged draft is rendered once."""
    key = "gongkai-render:" + hashlib.sha256(f"{fmt}\n{report.to_json(with_source=False)}".encode()).hexdigest()
    data = cache.get(key)
    if data is None:
        data = render_report(report, fmt)
        cache.set(key, data, RENDER_CACHE_SECONDS)
    return data


@dataclass
class DepartmentRow:
    agency: object
    report: Report
    source: str  # "published" | "draft"
    findings: list


def departments_overview(government, year: int) -> list[DepartmentRow]:
    """The departments of ``government`` with their report for ``year`` (and
    last year's, for the cross-year rules: published, imported or computed, as
    ``previous_report`` chooses). A fixed number of queries however many
    departments: reports, versions and both years' tables are read for all
    of them at once."""
    depts = list(government.children.order_by("name"))
    scope = government.children.all()
    objs = {(r.agency_id, r.year): r for r in AnnualReport.objects.filter(agency__parent=government,
                                                                           year__in=(year, year - 1))}
    latest: dict[int, ReportVersion] = {}
    for v in ReportVersion.objects.filter(report__agency__parent=government, report__year__in=(year, year - 1)) \
            .order_by("report_id", "number"):
        latest[v.report_id] = v
    tables = {y: compute.tables_many(scope, y) for y in (year, year - 1)}

    def report_of(dept, y, *, override: bool = True) -> tuple[Report, str]:
        obj = objs.get((dept.pk, y))
        if obj is not None and obj.pk in latest:
            return latest[obj.pk].to_report(), "published"
        return compute.report_from_tables(
            dept, y, tables[y].get(dept.pk), sections=obj.sections() if obj else None,
            decisions_override=obj.decisions_override if (obj and override) else None), "draft"

    rows = []
    for dept in depts:
        rep, source = report_of(dept, year)
        prev, prev_source = report_of(dept, year - 1, override=False)  # as previous_report computes it
        if prev_source != "published":
            prev = _imported_previous(objs.get((dept.pk, year))) or prev
        rows.append(DepartmentRow(dept, rep, source, findings(rep, prev)))
    return rows


def _imported_previous(obj: AnnualReport | None) -> Report | None:
    if obj is None or not obj.previous_import:
        return None
    try:
        return report_from_dict(obj.previous_import)
    except Exception:  # an unreadable import counts as none, as in previous_report
        return None


def departments_decisions(rows: list[DepartmentRow]) -> dict[str, int]:
    out = dict.fromkeys(standard.DECISION_KINDS, 0)
    for row in rows:
        if row.report.active is None:
            continue
        for k in out:
            out[k] += getattr(row.report.active, k) or 0
    return out
