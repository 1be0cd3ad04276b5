"""Audit of published reports in the web UI: uploads, background reading,
matching to agencies, corrections, comparisons.

Decisions:

* **Files are read in the task runner, never in the request.** The request
  only stores the upload and lists a ZIP's entries from its central
  directory (cheap, bounded: ``GONGKAI_AUDIT_MAX_FILES`` entries,
  ``GONGKAI_AUDIT_MAX_FILE_MB`` per entry, ``GONGKAI_AUDIT_MAX_TOTAL_MB`` in all);
  the task extracts each entry with the same caps enforced on the bytes
  actually inflated, and reads it in a child process with a time and memory
  limit (``gongkai.reader.guard``).
* **A file is stored once per supervising agency**, keyed by its SHA-256:
  uploading it again (alone or in another ZIP) links the existing record.
* **The reader's values are kept as read** (``exchange``); corrections apply
  to ``current`` and are logged; the rules run on ``current``.
* **Agency matching** only looks at the supervising agency and the agencies
  under it, so an audit never reveals another government's agencies.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import shutil
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai import rules, standard
from gongkai.model import Report

from .models import AuditBatch, AuditedReport, BatchItem, Correction

READ_SUFFIXES = (".pdf", ".docx", ".html", ".htm", ".shtml", ".xhtml", ".txt", ".md", ".markdown")
UPLOAD_SUFFIXES = READ_SUFFIXES + (".zip",)
MB = 1024 * 1024
MAX_COUNT = 10**9  # the largest count a correction may set


class AuditError(Exception):
    """A refused upload or correction; the message is Chinese, for the user."""


def audit_dir() -> Path:
    return Path(settings.GONGKAI_AUDIT_DIR)


# ---------------------------------------------------------------- upload


@dataclass
class Entry:
    name: str
    source: str


def _zip_name(info: zipfile.ZipInfo) -> str:
    """Entry names from Windows archivers are GBK without the UTF-8 flag."""
    name = info.filename
    if not info.flag_bits & 0x800:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("gbk")
    return name


def _wanted(name: str) -> bool:
    parts = PurePosixPath(name).parts
    if not parts or any(p.startswith(".") or p == "__MACOSX" for p in parts):
        return False
    return PurePosixPath(name).suffix.lower() in READ_SUFFIXES


def zip_entries(path: Path, upload: str, budget: dict) -> list[Entry]:
    """The report files listed in a ZIP, within the caps; ``budget`` carries
    the counts across the uploads of one batch."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise AuditError(f"“{upload}”不是有效的 ZIP 文件") from None
    out = []
    for info in infos:
        if info.is_dir():
            continue
        name = _zip_name(info)
        if not _wanted(name):
            continue
        _charge(budget, info.file_size, f"{upload} 中的 {name}")
        out.append(Entry(PurePosixPath(name).name, f"{path.parent.name}/{path.name}::{info.filename}"))
    return out


def _charge(budget: dict, size: int, what: str) -> None:
    limits = settings.GONGKAI_AUDIT_MAX_FILES, settings.GONGKAI_AUDIT_MAX_FILE_MB, settings.GONGKAI_AUDIT_MAX_TOTAL_MB
    max_files, max_file_mb, max_total_mb = limits
    budget["files"] = budget.get("files", 0) + 1
    budget["bytes"] = budget.get("bytes", 0) + size
    if budget["files"] > max_files:
        raise AuditError(f"一次最多核查 {max_files} 个文件，请分批上传")
    if size > max_file_mb * MB:
        raise AuditError(f"{what} 超过单个文件 {max_file_mb} MB 的上限")
    if budget["bytes"] > max_total_mb * MB:
        raise AuditError(f"上传的文件解压后合计超过 {max_total_mb} MB 的上限，请分批上传")


def create_batch(owner, user, uploads) -> AuditBatch:
    """Store the uploads and list their files; nothing is read here."""
    if not uploads:
        raise AuditError("请选择要核查的报告文件或 ZIP 压缩包")
    for up in uploads:
        if Path(up.name).suffix.lower() not in UPLOAD_SUFFIXES:
            raise AuditError(f"“{up.name}”不是可核查的文件（PDF、DOCX、HTML、TXT、MD 或 ZIP）")
    name = uploads[0].name if len(uploads) == 1 else f"{uploads[0].name} 等 {len(uploads)} 个文件"
    batch = AuditBatch.objects.create(owner=owner, created_by=user, name=name[:200])
    folder = batch_dir(batch)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        entries: list[Entry] = []
        budget: dict = {}
        for n, up in enumerate(uploads, start=1):
            suffix = Path(up.name).suffix.lower()
            stored = folder / f"upload-{n}" / safe_name(up.name)
            stored.parent.mkdir()
            with stored.open("wb") as fh:
                for chunk in up.chunks():
                    fh.write(chunk)
            if suffix == ".zip":
                found = zip_entries(stored, up.name, budget)
                if not found:
                    raise AuditError(f"“{up.name}”中没有可核查的报告文件（PDF、DOCX、HTML、TXT、MD）")
                entries += found
            else:
                _charge(budget, stored.stat().st_size, up.name)
                entries.append(Entry(Path(up.name).name, str(stored.relative_to(folder))))
        BatchItem.objects.bulk_create(
            BatchItem(batch=batch, position=i, name=e.name[:300], source=e.source[:600]) for i, e in enumerate(entries)
        )
        batch.total = len(entries)
        batch.save(update_fields=["total"])
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        batch.delete()
        raise
    return batch


def safe_name(name: str) -> str:
    """A file name as uploaded, made safe to store (the reader's messages name it)."""
    base = re.sub(r"[\x00-\x1f/\\:]", "_", PurePosixPath(name.replace("\\", "/")).name).lstrip(".") or "file"
    stem, suffix = Path(base).stem[:120], Path(base).suffix.lower()[:10]
    return f"{stem}{suffix}"


def batch_dir(batch: AuditBatch) -> Path:
    return audit_dir() / str(batch.owner_id) / "batches" / str(batch.pk)


# ---------------------------------------------------------------- reading (in the task runner)


def _extract(batch: AuditBatch, item: BatchItem) -> Path:
    """The item's bytes as a file in the batch folder (a ZIP entry is
    inflated with the per-file cap enforced on what is really written)."""
    folder = batch_dir(batch)
    if "::" not in item.source:
        return folder / item.source
    upload, entry = item.source.split("::", 1)
    target = folder / "entries" / str(item.position) / safe_name(item.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    cap = settings.GONGKAI_AUDIT_MAX_FILE_MB * MB
    written = 0
    with zipfile.ZipFile(folder / upload) as zf, zf.open(entry) as src, target.open("wb") as dst:
        while block := src.read(1 << 20):
            written += len(block)
            if written > cap:
                raise AuditError(f"解压后超过单个文件 {settings.GONGKAI_AUDIT_MAX_FILE_MB} MB 的上限")
            dst.write(block)
    return target


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def run_batch(batch_id: int) -> None:
    """Read every pending file of a batch, recording progress as it goes.
    Safe to run again: items already done are skipped."""
    from gongkai.reader import guard

    batch = AuditBatch.objects.select_related("owner").get(pk=batch_id)
    AuditBatch.objects.filter(pk=batch.pk).update(state="running")
    try:
        for item in batch.items.filter(state="pending").order_by("position"):
            AuditBatch.objects.filter(pk=batch.pk).update(current=item.name[:300])
            try:
                path = _extract(batch, item)
                digest = _sha256(path)
            except (AuditError, OSError, zipfile.BadZipFile, KeyError, RuntimeError) as err:
                _store_unreadable(batch, item, str(err) or "无法解压")
                continue
            existing = AuditedReport.objects.filter(owner=batch.owner, sha256=digest).first()
            if existing is None:
                outcome = guard.read_guarded(str(path), timeout=settings.GONGKAI_AUDIT_TIMEOUT)
                existing = _store(batch, item, path, digest, outcome)
                state = "read" if existing.read_ok else "unreadable"
            else:
                state = "duplicate"
            item.report, item.state = existing, state
            item.save(update_fields=["report", "state"])
            _tick(batch)
        AuditBatch.objects.filter(pk=batch.pk).update(state="done", current="", finished_at=timezone.now())
    except Exception as err:
        AuditBatch.objects.filter(pk=batch.pk).update(state="failed", error=f"{type(err).__name__}: {err}",
                                                      finished_at=timezone.now())
        raise
    finally:
        shutil.rmtree(batch_dir(batch) / "entries", ignore_errors=True)


def _tick(batch) -> None:
    from django.db.models import F

    AuditBatch.objects.filter(pk=batch.pk).update(done=F("done") + 1)


def _store_unreadable(batch, item, message: str) -> None:
    item.state = "unreadable"
    item.save(update_fields=["state"])
    _tick(batch)


def _store(batch, item, path: Path, digest: str, outcome) -> AuditedReport:
    suffix = path.suffix.lower()
    rel = Path(str(batch.owner_id)) / "files" / digest[:2] / f"{digest}{suffix}"
    target = audit_dir() / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        shutil.copyfile(path, target)
    obj = AuditedReport(owner=batch.owner, sha256=digest, original_name=item.name[:300], stored_path=str(rel),
                        size=path.stat().st_size, read_seconds=outcome.seconds)
    if outcome.ok:
        report = Report.model_validate(outcome.report)
        obj.read_ok = True
        obj.exchange = outcome.report
        obj.current = outcome.report
        obj.agency_name = report.agency[:200]
        obj.year = report.year
        obj.agency = match_agency(batch.owner, report.agency)
        evaluate(obj, report)
    else:
        from gongkai.cli.parse import KIND_ZH

        obj.error_kind = outcome.kind or "unreadable"
        obj.error = f"{KIND_ZH.get(obj.error_kind, '无法读取')}：{outcome.message or ''}"
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:  # the same file read by another batch meanwhile
        obj = AuditedReport.objects.get(owner=batch.owner, sha256=digest)
    return obj


def evaluate(obj: AuditedReport, report: Report | None = None) -> None:
    report = report or current_report(obj)
    found = rules.check(report)
    obj.findings = [f.to_dict() for f in found]
    obj.errors = sum(1 for f in found if f.severity == rules.ERROR)
    obj.warnings = sum(1 for f in found if f.severity == rules.WARNING)


def current_report(obj: AuditedReport) -> Report:
    return Report.model_validate(obj.current)


def read_report(obj: AuditedReport) -> Report:
    return Report.model_validate(obj.exchange)


def findings(obj: AuditedReport) -> list[rules.Finding]:
    return [rules.Finding(**f) for f in obj.findings or []]


# ---------------------------------------------------------------- agencies


def _norm(name: str) -> str:
    return re.sub(r"\s+", "", name or "")


def scope_agencies(owner):
    """The agencies an audit by ``owner`` may be matched to: itself and the
    agencies under it."""
    from django.db.models import Q

    from gongkai.agencies.models import Agency

    return Agency.objects.filter(Q(pk=owner.pk) | Q(parent=owner))


def match_agency(owner, name: str):
    """The agency in ``owner``'s scope whose name fits the name as read:
    equal (ignoring spaces), or one ends with the other (淮安市洪泽区人民政府 /
    洪泽区人民政府) when only one agency fits."""
    name = _norm(name)
    if not name:
        return None
    agencies = list(scope_agencies(owner))
    for a in agencies:
        if _norm(a.name) == name:
            return a
    fits = [a for a in agencies if len(_norm(a.name)) >= 4 and (name.endswith(_norm(a.name)) or _norm(a.name).endswith(name))]
    return fits[0] if len(fits) == 1 else None


# ---------------------------------------------------------------- values and corrections


@dataclass
class Cell:
    path: str
    label: str
    value: object
    read_value: object
    source: dict | None


def cells(obj: AuditedReport) -> list[Cell]:
    """Every value of tables 2–4: label, current and read value, provenance."""
    report, read = current_report(obj), read_report(obj)
    read_values = {p: v for p, _l, v in rules.all_counts(read)}
    prov = read.provenance or {}
    return [
        Cell(p, label, v, read_values.get(p), prov[p].model_dump(exclude_none=True) if p in prov else None)
        for p, label, v in rules.all_counts(report)
    ]


def _get(data: dict, path: str):
    node = data
    for part in path.split("."):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def _set(data: dict, path: str, value) -> None:
    parts = path.split(".")
    node = data
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    last = parts[-1]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value


def parse_value(path: str, text: str):
    text = (text or "").strip().replace(",", "").replace("，", "")
    if text == "":
        return None
    if path == "active.fees_10k_yuan":
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise AuditError("收费金额应为数字（万元），如 0.35") from None
        if not value.is_finite() or value < 0 or value > MAX_COUNT or value.as_tuple().exponent < -6:
            raise AuditError("收费金额应为 0 至 10 亿之间、最多 6 位小数的数字")
        return int(value) if value == value.to_integral_value() else float(value)
    if not re.fullmatch(r"\d{1,10}", text) or int(text) > MAX_COUNT:
        raise AuditError("件数应为 0 至 10 亿之间的整数（空白表示未填）")
    return int(text)


def _show(value) -> str:
    return "" if value is None else str(value)


@transaction.atomic
def correct(obj: AuditedReport, path: str, text: str, reason: str, user) -> Correction:
    obj = AuditedReport.objects.select_for_update().get(pk=obj.pk)
    if not obj.read_ok:
        raise AuditError("该文件未能读出，没有可更正的数值")
    labels = {p: label for p, label, _v in rules.all_counts(current_report(obj))}
    if path not in labels:
        raise AuditError("请选择要更正的单元格")
    if not (reason or "").strip():
        raise AuditError("请填写更正理由")
    value = parse_value(path, text)
    data = obj.current
    old = _get(data, path)
    if _show(old) == _show(value):
        raise AuditError("新值与当前值相同")
    _set(data, path, value)
    report = Report.model_validate(data)  # validates the corrected report
    obj.current = report.to_dict()
    evaluate(obj, report)
    obj.save(update_fields=["current", "findings", "errors", "warnings"])
    return Correction.objects.create(
        report=obj, path=path, label=labels[path][:200], old=_show(old), new=_show(value),
        read_value=_show(_get(obj.exchange, path)), reason=reason.strip(), by=user,
    )


# ---------------------------------------------------------------- comparisons


def key_of(obj: AuditedReport) -> str:
    return obj.agency.name if obj.agency_id else obj.agency_name


def across_years(owner_ids, name: str) -> tuple[list[AuditedReport], list[tuple[int, int, list]]]:
    """One agency's audited reports by year (the latest upload per year), and
    the cross-year findings of each consecutive pair."""
    from django.db.models import Q

    qs = AuditedReport.objects.filter(owner_id__in=owner_ids, read_ok=True).filter(
        Q(agency__name=name) | Q(agency__isnull=True, agency_name=name)
    ).select_related("agency").order_by("year", "-created_at")
    by_year: dict[int, AuditedReport] = {}
    for obj in qs:
        by_year.setdefault(obj.year, obj)
    objs = [by_year[y] for y in sorted(by_year)]
    pairs = []
    for a, b in zip(objs, objs[1:]):
        if b.year == a.year + 1:
            ra, rb = current_report(a), current_report(b)
            rb = rb.model_copy(update={"agency": ra.agency})  # matched to one agency even if read differently
            pairs.append((a.year, b.year, rules.check_across(ra, rb)))
    return objs, pairs


def of_year(owner_ids, year: int) -> list[AuditedReport]:
    """All agencies' audited reports of one year (the latest upload per agency)."""
    qs = AuditedReport.objects.filter(owner_id__in=owner_ids, read_ok=True, year=year).select_related("agency")
    latest: dict[str, AuditedReport] = {}
    for obj in qs.order_by("-created_at", "-id"):
        latest.setdefault(key_of(obj), obj)
    return [latest[k] for k in sorted(latest)]


KEY_FIGURES = (
    ("requests.new_received.6", "本年新收申请"),
    ("requests.carried_over.6", "上年结转"),
    ("requests.granted.6", "予以公开"),
    ("requests.partially_granted.6", "部分公开"),
    ("requests.total_processed.6", "办理结果总计"),
    ("requests.carried_forward.6", "结转下年度"),
    ("appeals.reconsideration.4", "行政复议总计"),
    ("appeals.litigation_direct.4", "未经复议直接起诉总计"),
    ("appeals.litigation_after_reconsideration.4", "复议后起诉总计"),
    ("active.licensing", "行政许可"),
    ("active.punishment", "行政处罚"),
    ("active.coercion", "行政强制"),
)


def value_of(obj: AuditedReport, path: str):
    try:
        return _get(obj.current, path)
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def labels_for(objs: list[AuditedReport]) -> list[tuple[str, str]]:
    """(path, label) of every value any of ``objs`` has, in table order."""
    seen: dict[str, str] = {}
    for obj in objs:
        for p, label, _v in rules.all_counts(current_report(obj)):
            seen.setdefault(p, label)
    order = {p: i for i, p in enumerate(_canonical_paths())}
    return sorted(seen.items(), key=lambda kv: order.get(kv[0], 10**6))


def _canonical_paths() -> list[str]:
    out = []
    for kind in standard.DOCUMENT_KINDS:
        out += [f"active.{kind}.{c}" for c in standard.DOCUMENT_COLUMNS]
    out += [f"active.{k}" for k in (*standard.DECISION_KINDS, "fees_10k_yuan")]
    for key in standard.ALL_TABLE3_KEYS:
        out += [f"requests.{key}.{c}" for c in range(7)]
    for g in standard.APPEAL_GROUPS:
        out += [f"appeals.{g.key}.{c}" for c in range(5)]
    return out


def limits() -> dict:
    return {"files": settings.GONGKAI_AUDIT_MAX_FILES, "file_mb": settings.GONGKAI_AUDIT_MAX_FILE_MB,
            "total_mb": settings.GONGKAI_AUDIT_MAX_TOTAL_MB, "timeout": settings.GONGKAI_AUDIT_TIMEOUT}
