"""Bad input: every failure is a ``ReaderError`` (a ``ReportError``) with a
Chinese message and the right ``kind``, and ``gongkai parse`` exits 2 saying
which. Fuzzing: mutated, truncated and shuffled reports never raise anything
else."""

from __future__ import annotations

import io
import os
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.cli import main
from gongkai.model import Report, ReportError
from gongkai.reader import ReaderError, read, read_bytes, read_text


def blank_pdf() -> bytes:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def encrypted_pdf() -> bytes:
    # the standard security handler with a user password pdfium cannot guess
    enc = b"/Encrypt<</Filter/Standard/V 1/R 2/Length 40/P -44/O<" + b"11" * 32 + b">/U<" + b"22" * 32 + b">>>"
    return blank_pdf().replace(b"/Size ", enc + b"/Size ", 1)


def kind_of(data: bytes, name: str) -> str:
    with pytest.raises(ReaderError) as exc:
        read_bytes(data, name=name)
    assert isinstance(exc.value, ReportError)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc.value))
    return exc.value.kind


def test_kinds():
    assert kind_of(encrypted_pdf(), "a.pdf") == "encrypted"
    assert kind_of(blank_pdf(), "a.pdf") == "empty"  # no text layer, and OCR finds no text on the blank page
    assert kind_of(b"", "a.txt") == "empty"
    assert kind_of(b"   \n\t\n", "a.txt") == "empty"
    assert kind_of("今天天气很好。\n我们去公园散步。\n".encode(), "a.txt") == "not_report"
    assert kind_of(os.urandom(4096) + bytes(range(32)) * 50, "a.bin") == "unreadable"
    assert kind_of(b"%PDF-1.7\n garbage", "a.pdf") == "unreadable"
    assert kind_of(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "a.doc") == "unsupported"
    assert kind_of(b"PK\x03\x04 not really a docx", "a.docx") == "unreadable"


def test_image_only_message_says_ocr():
    with pytest.raises(ReaderError, match="OCR"):
        read_bytes(blank_pdf(), name="scan.pdf")
    with pytest.raises(ReaderError, match="需要 OCR") as exc:
        read_bytes(blank_pdf(), name="scan.pdf", ocr=False)
    assert exc.value.kind == "image_only"


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ReaderError) as exc:
        read(tmp_path / "nope.pdf")
    assert exc.value.kind == "unreadable"
    with pytest.raises(ReaderError):
        read(tmp_path)


def test_year_out_of_range_is_not_a_report():
    with pytest.raises(ReaderError) as exc:
        read_text("某局1998年政府信息公开工作年度报告\n一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况")
    assert exc.value.kind == "not_report"


def test_read_text_errors():
    with pytest.raises(ReaderError) as exc:
        read_text("")
    assert exc.value.kind == "empty"
    with pytest.raises(ReaderError) as exc:
        read_text("这是一封信。")
    assert exc.value.kind == "not_report"


@pytest.mark.parametrize(
    "data,name,word",
    [(b"", "e.txt", "空文件"), (None, "x.pdf", "已加密"), ("scan", "s.pdf", "OCR"), ("你好，世界。".encode(), "n.txt", "不是年度报告")],
)
def test_cli_exit_2_with_reason(tmp_path, capsys, data, name, word):
    if data is None:
        data = encrypted_pdf()
    elif data == "scan":
        data = blank_pdf()
    f = tmp_path / name
    f.write_bytes(data)
    assert main(["parse", str(f)]) == 2
    err = capsys.readouterr().err
    assert word in err and "Traceback" not in err


def test_cli_one_bad_file_does_not_hide_good_ones(tmp_path, capsys, corpus_dir):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    assert main(["parse", "--json", str(bad), str(corpus_dir / "000_04d0c90127c5455c.txt")]) == 2
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "延津县应急管理局" in out


# ---------------------------------------------------------------- fuzzing


CASES = Path(__file__).resolve().parent.parent / "reader_cases"


@pytest.fixture(scope="module")
def seeds(corpus_dir):
    dirs = [corpus_dir] + ([CASES] if CASES.is_dir() else [])
    return [
        (p.name, p.read_bytes())
        for d in dirs
        for p in sorted(d.iterdir())
        if p.suffix in (".txt", ".md", ".pdf", ".html", ".docx") and p.stat().st_size < 400_000
    ]


BUG_TYPES = (AttributeError, TypeError, NameError, AssertionError, ZeroDivisionError, IndexError, KeyError,
             RecursionError, UnboundLocalError)


def crash_inside(err: BaseException) -> BaseException | None:
    """The programming error a ReaderError wraps, if it was raised in
    gongkai's own code (a library failing on a damaged file is fine)."""
    cause = err.__cause__ or err.__context__
    while cause is not None:
        if isinstance(cause, BUG_TYPES):
            tb = cause.__traceback__
            while tb is not None and tb.tb_next is not None:
                tb = tb.tb_next
            if tb is not None and f"{os.sep}gongkai{os.sep}" in tb.tb_frame.f_code.co_filename:
                return cause
        cause = cause.__cause__ or cause.__context__
    return None


def survives(data: bytes, name: str) -> None:
    try:
        r = read_bytes(data, name=name)
    except ReaderError as err:
        assert err.kind in ("encrypted", "image_only", "empty", "not_report", "unreadable", "unsupported")
        bug = crash_inside(err)
        assert bug is None, f"a crash in the reader reported as “{err.kind}”: {bug!r}"
        if name.endswith((".txt", ".md", ".html")):
            # text is never a library failure: an internal error must not hide here
            assert not re.search(r"\b[A-Z][A-Za-z]*(?:Error|Exception)\b", str(err)), str(err)
        return
    assert isinstance(r, Report)
    r.model_dump_json()  # serializable


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fuzz_mutations_raise_only_reader_errors(seeds, data):
    name, raw = data.draw(st.sampled_from(seeds))
    op = data.draw(st.sampled_from(["flip", "truncate", "shuffle", "delete_lines", "dup_lines"]))
    rnd = random.Random(data.draw(st.integers(0, 2**32)))
    b = bytearray(raw)
    if op == "flip":
        for _ in range(rnd.randint(1, 50)):
            i = rnd.randrange(len(b))
            b[i] ^= 1 << rnd.randrange(8)
    elif op == "truncate":
        b = b[: rnd.randrange(len(b))]
    else:
        lines = bytes(b).split(b"\n")
        if op == "shuffle":
            rnd.shuffle(lines)
        elif op == "delete_lines":
            lines = [l for l in lines if rnd.random() > 0.3]
        else:
            lines = [l for l in lines for _ in range(rnd.randint(1, 2))]
        b = bytearray(b"\n".join(lines))
    survives(bytes(b), name)


@settings(max_examples=60, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("0123456789 \t\n一二三四（）()、.行政许可总计本年新收复议诉讼年度报告政府信息公开2023年局|-/—")),
                   max_size=400))
def test_fuzz_report_like_text(text):
    survives(("某县交通运输局2023年政府信息公开工作年度报告\n" + text).encode(), "f.txt")


@settings(max_examples=40, deadline=None)
@given(raw=st.binary(max_size=2000), name=st.sampled_from(["a.pdf", "a.txt", "a.html", "a.docx", "a.md", "a"]))
def test_fuzz_random_bytes(raw, name):
    survives(raw, name)


def test_absurdly_long_digit_runs_are_not_values():
    text = "某县交通运输局2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量" + "1" * 5000
    r = read_text(text + "\n行政许可\t" + "2" * 4000)
    assert r.requests.new_received is None or all(v is None for v in r.requests.new_received)


def test_the_fuzz_helper_rejects_a_wrapped_crash(monkeypatch):
    """A programming error inside the reader, even when reported as a
    ReaderError("unreadable"), fails the fuzz helper."""
    import gongkai.reader as reader_mod

    in_reader = compile("None.pages", os.path.join(os.path.dirname(reader_mod.__file__), "front.py"), "exec")

    def buggy(data, name=""):
        try:
            exec(in_reader)  # an AttributeError raised in a gongkai/reader module
        except AttributeError as err:
            raise ReaderError("无法读取", "unreadable") from err

    monkeypatch.setattr(reader_mod, "read_bytes", buggy)
    monkeypatch.setitem(globals(), "read_bytes", buggy)
    with pytest.raises(AssertionError, match="a crash in the reader"):
        survives(b"x", "a.pdf")
