"""Bounds on reading a file: size, decompressed size, nesting depth, memory
and time. No Django here.

Each front end calls its check first (one line), before any parsing:

* ``check_pdf(data)``  — a PDF of at most ``MAX_PDF_BYTES``;
* ``check_text(text)`` — plain text / markdown of at most ``MAX_TEXT_CHARS``
  characters (far more than any annual report; a 100 MB text is refused at
  once instead of being interpreted for a minute);
* ``check_html(text)`` — the same size cap, and at most ``MAX_HTML_DEPTH``
  nested elements (lxml is used with ``huge_tree`` off, which silently drops
  what lies deeper than libxml2's 256 levels: refused with a reason instead);
* ``check_docx(data)`` — a zip bomb is refused from the zip directory alone
  (``zipfile`` infos, nothing decompressed): total and XML-part uncompressed
  sizes, member count, compression ratio;
* ``check_json(text)`` — exchange JSON nesting depth (``gongkai check``/``render``).

All raise ``LimitExceeded`` — a ``ReaderError`` of kind ``unsupported`` — with
a Chinese message; the CLI prints it and exits 2.

Time and memory (for ``gongkai audit`` and any caller that reads untrusted
files):

* ``with time_limit(seconds, name):`` — SIGALRM in the main thread of a
  process (the CLI, or each worker of a process pool); raises ``LimitExceeded``
  when the time is up. Elsewhere (a non-main thread) it is a no-op: use
  ``read_bounded`` there.
* ``limit_memory(mb)`` — caps the address space of the *current* process
  (``RLIMIT_AS``); call it in a pool worker's initializer, never in a web
  process.
* ``read_bounded(path, seconds=, memory_mb=)`` — ``gongkai.reader.read(path)`` in
  a fresh child process with both limits; the child is killed when the time is
  up. Usable from any thread (web, task worker).
"""

from __future__ import annotations

import signal
import threading
import zipfile
from contextlib import contextmanager
from pathlib import Path

from gongkai.reader.errors import ReaderError

MAX_PDF_BYTES = 100 * 1024 * 1024
MAX_TEXT_CHARS = 10_000_000  # 1000 万字
MAX_HTML_DEPTH = 200
MAX_DOCX_TOTAL = 200 * 1024 * 1024  # every member, uncompressed (python-docx loads all parts)
MAX_DOCX_XML = 40 * 1024 * 1024  # XML parts, uncompressed (parsed into a tree)
MAX_DOCX_MEMBERS = 5000
MAX_DOCX_RATIO = 200  # uncompressed / compressed, for members above 1 MB
MAX_JSON_DEPTH = 64
DEFAULT_SECONDS = 60
DEFAULT_MEMORY_MB = 2048

_MB = 1024 * 1024


class LimitExceeded(ReaderError):
    """A file beyond one of the reading bounds."""

    def __init__(self, message: str):
        super().__init__(message, "unsupported")


def _label(name: str) -> str:
    return name or "文件"


def check_pdf(data: bytes, name: str = "") -> None:
    if len(data) > MAX_PDF_BYTES:
        raise LimitExceeded(f"{_label(name)}过大（{len(data) / _MB:.0f} MB），PDF 不能超过 {MAX_PDF_BYTES // _MB} MB")


def check_text(text: str, name: str = "") -> None:
    if len(text) > MAX_TEXT_CHARS:
        raise LimitExceeded(
            f"{_label(name)}过大（约 {len(text) // 10000} 万字），文本、网页和 Markdown 不能超过 "
            f"{MAX_TEXT_CHARS // 10000} 万字"
        )


_VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "basefont", "frame"])
# end tags HTML lets an author leave out: not counted, so sloppy pages are not refused
_OPTIONAL_END = frozenset(["p", "li", "dt", "dd", "tr", "td", "th", "tbody", "thead", "tfoot", "option", "optgroup", "colgroup", "caption", "rt", "rp"])


def html_depth(text: str) -> int:
    """The deepest element nesting of ``text``, from its tags alone (no tree is
    built): elements that may stay unclosed and void elements are not counted."""
    import re

    depth = deepest = 0
    for m in re.finditer(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>", text):
        closing, tag, selfclosing = m.group(1), m.group(2).lower(), m.group(3)
        if tag in _VOID or tag in _OPTIONAL_END or selfclosing:
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def check_html(text: str, name: str = "") -> None:
    check_text(text, name)
    depth = html_depth(text)
    if depth > MAX_HTML_DEPTH:
        raise LimitExceeded(f"{_label(name)}的网页元素嵌套 {depth} 层，超过 {MAX_HTML_DEPTH} 层的上限，不予读取")


def check_docx(data: bytes, name: str = "") -> None:
    """Refuse a zip bomb before python-docx decompresses anything."""
    import io

    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip at all: the DOCX front end says so
    label = _label(name)
    if len(infos) > MAX_DOCX_MEMBERS:
        raise LimitExceeded(f"{label}包含 {len(infos)} 个部件，超过 {MAX_DOCX_MEMBERS} 个的上限（疑似压缩炸弹）")
    total = sum(i.file_size for i in infos)
    xml = sum(i.file_size for i in infos if i.filename.lower().endswith((".xml", ".rels")))
    if total > MAX_DOCX_TOTAL:
        raise LimitExceeded(f"{label}解压后达 {total / _MB:.0f} MB，超过 {MAX_DOCX_TOTAL // _MB} MB 的上限（疑似压缩炸弹）")
    if xml > MAX_DOCX_XML:
        raise LimitExceeded(f"{label}的正文 XML 解压后达 {xml / _MB:.0f} MB，超过 {MAX_DOCX_XML // _MB} MB 的上限（疑似压缩炸弹）")
    for i in infos:
        if i.file_size > _MB and i.file_size > MAX_DOCX_RATIO * max(i.compress_size, 1):
            raise LimitExceeded(
                f"{label}的部件 {i.filename} 压缩比 {i.file_size // max(i.compress_size, 1)}:1，"
                f"超过 {MAX_DOCX_RATIO}:1 的上限（疑似压缩炸弹）"
            )


def json_depth(text: str | bytes) -> int:
    """The deepest ``[``/``{`` nesting of a JSON text, outside strings."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    depth = deepest = 0
    in_str = esc = False
    for ch in text:
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_JSON_DEPTH:
                    return deepest
        elif ch in "]}":
            depth -= 1
    return deepest


def check_json(text: str | bytes, name: str = "") -> None:
    if json_depth(text) > MAX_JSON_DEPTH:
        raise LimitExceeded(f"{_label(name)}的 JSON 嵌套超过 {MAX_JSON_DEPTH} 层，不是年度报告交换格式")


# ------------------------------------------------------------ time and memory


@contextmanager
def time_limit(seconds: float | None = DEFAULT_SECONDS, name: str = ""):
    """Raise ``LimitExceeded`` if the block runs longer than ``seconds``
    (SIGALRM; main thread only — a no-op elsewhere or when ``seconds`` is falsy)."""
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def _alarm(signum, frame):
        raise LimitExceeded(f"{_label(name)}读取超时（超过 {seconds:g} 秒），已停止")

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def limit_memory(mb: int = DEFAULT_MEMORY_MB) -> None:
    """Cap this process's address space at ``mb`` megabytes (a MemoryError
    instead of the machine swapping). For worker processes only."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        return
    limit = mb * _MB
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _child(path: str, memory_mb: int, conn) -> None:
    from gongkai import reader

    try:
        limit_memory(memory_mb)
        conn.send(("ok", reader.read(path)))
    except ReaderError as err:
        conn.send(("error", (str(err), err.kind)))
    except MemoryError:
        conn.send(("error", (f"{Path(path).name}读取时内存超过 {memory_mb} MB 的上限，已停止", "unsupported")))
    except BaseException as err:
        conn.send(("error", (f"{Path(path).name}无法读取：{type(err).__name__}", "unreadable")))
    finally:
        conn.close()


def read_bounded(path: str | Path, *, seconds: float = DEFAULT_SECONDS, memory_mb: int = DEFAULT_MEMORY_MB):
    """``gongkai.reader.read(path)`` in a child process (spawned, so it is safe
    from threads), killed after ``seconds``; raises ``ReaderError`` like
    ``read``."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(str(path), memory_mb, child), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(seconds):
            raise LimitExceeded(f"{Path(path).name}读取超时（超过 {seconds:g} 秒），已停止")
        try:
            status, value = parent.recv()
        except EOFError:
            raise ReaderError(f"{Path(path).name}读取进程异常退出", "unreadable") from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        parent.close()
    if status == "ok":
        return value
    raise ReaderError(*value)
