"""Bounded reading: a DOCX bomb, a 100 MB text, 260-deep HTML and a deeply
nested JSON each end with exit 2 and a Chinese reason — no traceback, no
minute-long parse — and the time/memory helpers stop a runaway read."""

from __future__ import annotations

import io
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from gongkai.reader import ReaderError, limits, read

REPO = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-c", "import sys; from gongkai.cli import main; sys.exit(main())"]


def _cli(*args, timeout=120):
    # the memory cap keeps an unbounded reader from taking the machine down
    pre = "import resource; resource.setrlimit(resource.RLIMIT_AS, (3 << 30, resource.RLIM_INFINITY)); "
    cmd = [sys.executable, "-c", pre + CLI[2]]
    return subprocess.run(cmd + list(args), capture_output=True, text=True, timeout=timeout, cwd=REPO)


def _minimal_docx() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("延津县应急管理局2024年政府信息公开工作年度报告")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _bomb(path: Path, *, member: str, mb: int) -> Path:
    src = zipfile.ZipFile(io.BytesIO(_minimal_docx()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, src.read(info.filename))
        with z.open(member, "w") as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(mb):
                fh.write(chunk)
    return path


def _assert_refused(r, *words):
    assert r.returncode == 2, (r.returncode, r.stdout[-500:], r.stderr[-2000:])
    out = r.stdout + r.stderr
    assert "Traceback" not in out, out[-2000:]
    for w in words:
        assert w in out, out[-1000:]


def test_docx_bomb_refused_from_the_zip_directory(tmp_path):
    bomb = _bomb(tmp_path / "bomb.docx", member="word/media/image1.bin", mb=300)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    _assert_refused(_cli("check", str(bomb)), "压缩炸弹")
    _assert_refused(_cli("parse", str(bomb)), "压缩炸弹")


def test_docx_with_a_huge_xml_part(tmp_path):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b" " * (60 * 1024 * 1024))
    with pytest.raises(limits.LimitExceeded, match=r"XML|压缩比"):
        limits.check_docx(data.getvalue())


def test_ordinary_docx_passes():
    limits.check_docx(_minimal_docx())


def test_100_mb_text(tmp_path):
    big = tmp_path / "big.txt"
    line = "本机关2024年收到政府信息公开申请10件。\n".encode()
    with big.open("wb") as fh:
        for _ in range(100 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    _assert_refused(_cli("check", str(big)), "过大", "万字")


def test_260_deep_html(tmp_path):
    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + "<div>" * 260 + "表三" + "</div>" * 260 + "</body></html>", encoding="utf-8")
    _assert_refused(_cli("check", str(page)), "嵌套", "层")


def test_sloppy_html_is_not_taken_for_deep():
    """Unclosed <p>/<td>/<li> and void elements do not count as nesting."""
    page = "<html><body><table>" + "<tr><td><p>1<br><img src=x>" * 3000 + "</table></body></html>"
    assert limits.html_depth(page) < 10
    limits.check_html(page)


@pytest.mark.parametrize("command", ["check", "render"])
def test_deeply_nested_json(tmp_path, command):
    f = tmp_path / "deep.json"
    f.write_text("[" * 100000 + "]" * 100000)
    args = [command, str(f)] + (["--to", "txt"] if command == "render" else [])
    _assert_refused(_cli(*args), "嵌套")


def test_json_depth_helper():
    assert limits.json_depth('{"a": [1, {"b": "[[[["}]}') == 3
    with pytest.raises(limits.LimitExceeded):
        limits.check_json("[" * 100 + "]" * 100)


def test_time_limit_stops_a_runaway_block():
    with pytest.raises(limits.LimitExceeded, match="超时"), limits.time_limit(0.2, "慢文件"):
        while True:
            time.sleep(0.01)


def test_read_bounded_returns_the_report_and_kills_on_timeout(tmp_path):
    from gongkai.render import render
    from tests.core.test_render import make_report

    txt = tmp_path / "r.txt"
    txt.write_text(render(make_report(), "txt"), encoding="utf-8")
    report = limits.read_bounded(txt, seconds=120)
    assert report.year == read(txt).year
    with pytest.raises(ReaderError, match="超时"):
        limits.read_bounded(txt, seconds=0.001)
