"""Read report files in child processes with a time and a memory limit.

A PDF whose text layer makes pdfium spin, a DOCX bomb or a 100 MB text can
take minutes or gigabytes. Python cannot interrupt C code from a thread, so a
file is read in a child process (``python -m gongkai.reader.guard``) that the
parent kills when the file's time is up, and whose address space is capped
(``RLIMIT_AS``). The child is kept for the next file, so a batch pays the
start-up once per child, not once per file.

* ``Child(timeout=…, memory_mb=…)`` — one child; ``child.read(path)``
  returns an :class:`Outcome` and never raises for a bad file.
* ``read_many(paths, jobs=…, …)`` — yields ``(path, Outcome)`` as files finish,
  ``jobs`` children in parallel; one slow file never stalls the others.
* ``read_guarded(path, …)`` — one file with a child kept per thread (for a
  dask worker or the web task runner).

An outcome is plain data (exchange-JSON dict, error kind, message), so it can
be cached, pickled to a dask client and compared. No Django here.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

DEFAULT_TIMEOUT = 60.0  # seconds per file
DEFAULT_MEMORY_MB = 2048  # address space of the reading child

KIND_TIMEOUT = "timeout"
READY = b"GKR1"
STARTUP_LIMIT = 60.0  # seconds for a child to import the reader


@dataclass(frozen=True)
class Outcome:
    """What reading one file gave: ``report`` (exchange JSON with provenance
    and notes) or ``kind``/``message`` saying why not."""

    report: dict | None
    kind: str | None = None
    message: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.report is not None

    @property
    def cacheable(self) -> bool:
        """Timeouts and crashed children depend on the machine: not cached."""
        return self.ok or self.kind not in (KIND_TIMEOUT, "crashed")


def read_in_process(path: str) -> Outcome:
    """Read ``path`` here (no limits): a report file or an exchange JSON."""
    from gongkai.model import ReportError, load_report
    from gongkai.reader import ReaderError, read

    start = time.perf_counter()
    try:
        report = load_report(path) if str(path).lower().endswith(".json") else read(path)
        return Outcome(report.to_dict(), seconds=time.perf_counter() - start)
    except ReaderError as err:
        return Outcome(None, err.kind, str(err), time.perf_counter() - start)
    except ReportError as err:
        return Outcome(None, "unreadable", str(err), time.perf_counter() - start)
    except MemoryError:
        return Outcome(None, "crashed", "读取时超出内存上限，已停止", time.perf_counter() - start)
    except RecursionError:
        return Outcome(None, "unreadable", "文件结构嵌套过深，无法读取", time.perf_counter() - start)
    except Exception as err:
        return Outcome(None, "unreadable", f"{type(err).__name__}: {err}", time.perf_counter() - start)


# ---------------------------------------------------------------- the child


def _child_main() -> None:  # pragma: no cover - runs in the child process
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    memory_mb = int(os.environ.get("GONGKAI_READER_MEMORY_MB") or 0)
    if memory_mb > 0:
        from gongkai.reader import limits

        limits.limit_memory(memory_mb)
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing printed by a library may corrupt the replies
    import gongkai.reader  # noqa: F401 - imported once, before the first file
    from gongkai.reader.guard import read_in_process as read_one  # not __main__'s copy: outcomes unpickle as guard.Outcome

    out.write(READY)  # the file's time starts once the child is ready
    out.flush()

    while True:
        head = inp.read(4)
        if len(head) < 4:
            return
        path = pickle.loads(inp.read(int.from_bytes(head, "big")))
        data = pickle.dumps(read_one(path), protocol=pickle.HIGHEST_PROTOCOL)
        out.write(len(data).to_bytes(4, "big") + data)
        out.flush()


# ---------------------------------------------------------------- the parent


class Child:
    """One reading child process; restarted after a timeout or a crash."""

    def __init__(self, *, timeout: float = DEFAULT_TIMEOUT, memory_mb: int | None = DEFAULT_MEMORY_MB):
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.proc: subprocess.Popen | None = None
        self.path: str | None = None
        self.deadline: float | None = None
        self._buf = b""

    # -- process
    def _start(self) -> None:
        env = dict(os.environ)
        env["GONGKAI_READER_MEMORY_MB"] = str(self.memory_mb or 0)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gongkai.reader.guard"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, env=env, start_new_session=True,
        )
        self._buf = b""
        ready, _, _ = select.select([self.proc.stdout], [], [], STARTUP_LIMIT)
        if not ready or os.read(self.fileno(), len(READY)) != READY:
            self.kill()
            raise RuntimeError("读取进程未能启动")

    def kill(self) -> None:
        if self.proc is not None:
            try:
                self.proc.kill()
                self.proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                pass
            for f in (self.proc.stdin, self.proc.stdout):
                with contextlib.suppress(OSError):
                    f.close()
        self.proc = None
        self.path = self.deadline = None
        self._buf = b""

    close = kill

    @property
    def busy(self) -> bool:
        return self.path is not None

    def fileno(self) -> int:
        return self.proc.stdout.fileno()

    # -- one file
    def send(self, path: str) -> None:
        if self.proc is None or self.proc.poll() is not None:
            self._start()
        data = pickle.dumps(str(path))
        self.path = str(path)
        self.started = time.monotonic()
        self.deadline = self.started + self.timeout if self.timeout else None
        try:
            self.proc.stdin.write(len(data).to_bytes(4, "big") + data)
            self.proc.stdin.flush()
        except OSError:
            pass  # a dead child shows as EOF when its reply is read

    def pump(self) -> Outcome | None:
        """Read what the child has written; the outcome once complete."""
        try:
            chunk = os.read(self.fileno(), 1 << 20)
        except OSError:
            chunk = b""
        if not chunk:
            return self._fail("crashed", "读取进程异常退出（可能超出内存上限或文件损坏）")
        self._buf += chunk
        if len(self._buf) >= 4:
            size = int.from_bytes(self._buf[:4], "big")
            if len(self._buf) >= 4 + size:
                outcome = pickle.loads(self._buf[4:4 + size])
                self._buf = self._buf[4 + size:]
                self.path = self.deadline = None
                return outcome
        return None

    def expire(self) -> Outcome:
        return self._fail(KIND_TIMEOUT, f"读取超过 {self.timeout:g} 秒，已停止（文件可能过大或结构异常）")

    def _fail(self, kind: str, message: str) -> Outcome:
        seconds = time.monotonic() - getattr(self, "started", time.monotonic())
        self.kill()
        return Outcome(None, kind, message, seconds)

    def read(self, path: str) -> Outcome:
        """Read one file, waiting at most ``timeout`` seconds."""
        self.send(path)
        while True:
            wait = None if self.deadline is None else max(0.0, self.deadline - time.monotonic())
            ready, _, _ = select.select([self], [], [], wait)
            if not ready:
                return self.expire()
            outcome = self.pump()
            if outcome is not None:
                return outcome


def read_many(paths: Iterable[str], *, jobs: int = 1, timeout: float = DEFAULT_TIMEOUT,
              memory_mb: int | None = DEFAULT_MEMORY_MB) -> Iterator[tuple[str, Outcome]]:
    """``(path, outcome)`` for every path as it finishes, ``jobs`` at a time.
    Closing the generator (or an exception in the caller, e.g. Ctrl-C) kills
    the children."""
    todo = list(paths)[::-1]
    children = [Child(timeout=timeout, memory_mb=memory_mb) for _ in range(max(1, min(jobs, len(todo) or 1)))]
    try:
        for c in children:
            if todo:
                c.send(todo.pop())
        while any(c.busy for c in children):
            busy = [c for c in children if c.busy]
            deadlines = [c.deadline for c in busy if c.deadline is not None]
            wait = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            ready, _, _ = select.select(busy, [], [], wait)
            now = time.monotonic()
            for c in busy:
                path = c.path
                if c in ready:
                    outcome = c.pump()
                elif c.deadline is not None and now >= c.deadline:
                    outcome = c.expire()
                else:
                    continue
                if outcome is None:
                    continue
                yield path, outcome
                if todo:
                    c.send(todo.pop())
    finally:
        for c in children:
            c.kill()


_local = threading.local()


def read_guarded(path: str, *, timeout: float = DEFAULT_TIMEOUT, memory_mb: int | None = DEFAULT_MEMORY_MB) -> Outcome:
    """One file through a child kept for this thread (a dask worker thread, a
    task-runner thread): same limits, same outcome as ``read_many``."""
    child = getattr(_local, "child", None)
    if child is None or child.timeout != timeout or child.memory_mb != memory_mb:
        if child is not None:
            child.kill()
        child = _local.child = Child(timeout=timeout, memory_mb=memory_mb)
    return child.read(path)


if __name__ == "__main__":  # pragma: no cover
    from gongkai.reader.guard import _child_main as main

    main()
