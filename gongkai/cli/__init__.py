"""The ``gongkai`` command.

Each module in this package that defines ``register(subparsers)`` adds one
subcommand; they are found at start-up, so a new command is a new file.
A command's handler returns the process exit code. Errors that a user can
cause are reported in Chinese, never as a traceback:

* 0 — done, nothing wrong;
* 1 — done, and the input has an error-severity finding;
* 2 — the input could not be read or the command was used wrongly.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import pkgutil
import sys


class CommandError(Exception):
    """A user-facing failure: printed in Chinese, exit code 2 by default."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own messages, in Chinese
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：参数错误：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="gongkai", description="公开 — 政府信息公开工作平台命令行工具")
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "register"):
            module.register(sub)
    return parser


def _version() -> str:
    from gongkai import __version__

    return f"gongkai {__version__}"


def main(argv: list[str] | None = None) -> int:
    _utf8_stdio()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except CommandError as err:
        print(f"错误：{err}", file=sys.stderr)
        return err.code
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _utf8_stdio() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(encoding="utf-8")


def setup_django() -> None:
    """For commands that need the database: start Django on demand, so that
    the core commands stay fast and work without a database."""
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.site.settings")
    django.setup()


if __name__ == "__main__":
    sys.exit(main())
