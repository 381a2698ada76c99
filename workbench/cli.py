"""``workbench``: every headless job from the command line, and the way into the GUI.

``workbench`` alone opens the application, ``workbench FILE`` opens a review in it and
``workbench --demo`` opens the demo review. Everything else is a subcommand that needs no
screen. Errors are one clear line on stderr and exit status 1; usage errors exit 2.
"""

from __future__ import annotations

import argparse
import csv
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from workbench import APP_NAME, __version__
from workbench.core.errors import PassphraseRequired, WorkbenchError
from workbench.core.store import ReviewStore, is_encrypted_file

Handler = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Handler]] = {}


class UsageError(Exception):
    pass


def command(name: str, help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register ``fn(parser)`` as the argument set-up of subcommand ``name``; the handler
    is the function named ``run_<name>``."""

    def deco(setup: Callable[[argparse.ArgumentParser], None]) -> Callable[..., Any]:
        COMMANDS[name] = (
            help_text,
            setup,
            lambda ns: globals()["run_" + name.replace("-", "_")](ns),
        )
        return setup

    return deco


def _emit_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def passphrase_for(path: Path, *, new: bool = False) -> str | None:
    """The passphrase from ``WORKBENCH_PASSPHRASE``, or a prompt on a terminal."""
    if not new and (not path.exists() or path.stat().st_size < 16 or not is_encrypted_file(path)):
        return None
    env = os.environ.get("WORKBENCH_PASSPHRASE")
    if env:
        return env
    if new:
        return None
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(f"Passphrase for {path.name}: ")
    raise PassphraseRequired(
        path, "this review is encrypted: set WORKBENCH_PASSPHRASE or run from a terminal"
    )


def open_store(path: str | Path, *, read_only: bool = False) -> ReviewStore:
    p = Path(path)
    return ReviewStore.open(
        p, passphrase=passphrase_for(p), read_only=read_only, ignore_lock=read_only
    )


# -- new ---------------------------------------------------------------------------------
@command("new", "create a new, empty review file")
def _setup_new(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="the review file to create (.cwr)")
    p.add_argument("--title", required=True)
    p.add_argument(
        "--type", dest="review_type", default="cspr", choices=["scr", "cspr", "sar", "dhr", "other"]
    )
    p.add_argument("--board", default="")
    p.add_argument(
        "--encrypt",
        action="store_true",
        help="encrypt with the passphrase in WORKBENCH_PASSPHRASE (or asked for)",
    )


def run_new(ns: argparse.Namespace) -> int:
    path = Path(ns.file)
    passphrase = None
    if ns.encrypt:
        passphrase = os.environ.get("WORKBENCH_PASSPHRASE")
        if not passphrase:
            if not (sys.stdin and sys.stdin.isatty()):
                raise WorkbenchError("--encrypt needs WORKBENCH_PASSPHRASE or a terminal to ask")
            passphrase = getpass.getpass("New passphrase: ")
            if passphrase != getpass.getpass("Repeat it: "):
                raise WorkbenchError("the two passphrases differ")
    store = ReviewStore.create(
        path, title=ns.title, review_type=ns.review_type, board=ns.board, passphrase=passphrase
    )
    store.close()
    print(f"Created {path}")
    return 0


# -- info --------------------------------------------------------------------------------
@command("info", "show a review's details and counts")
def _setup_info(p: argparse.ArgumentParser) -> None:
    p.add_argument("file")
    p.add_argument("--json", action="store_true")


def run_info(ns: argparse.Namespace) -> int:
    from workbench.core.queries import review_info

    with open_store(ns.file, read_only=True) as store, store.session() as s:
        info = review_info(s)
    info["encrypted"] = store.encrypted
    if ns.json:
        _emit_json(info)
    else:
        width = max(len(k) for k in info)
        for key, value in info.items():
            print(f"{key.replace('_', ' '):<{width}}  {value if value is not None else ''}")
    return 0


# -- events ------------------------------------------------------------------------------
@command("events", "list a review's events in chronology order")
def _setup_events(p: argparse.ArgumentParser) -> None:
    p.add_argument("file")
    p.add_argument("--agency", help="only this agency (name or short name)")
    p.add_argument("--json", action="store_true")


def run_events(ns: argparse.Namespace) -> int:
    from workbench.core.queries import event_record, events_for_listing

    with open_store(ns.file, read_only=True) as store, store.session() as s:
        records = [event_record(e) for e in events_for_listing(s, ns.agency)]
    if ns.json:
        _emit_json([r.as_json() for r in records])
        return 0
    writer = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    writer.writerow(["date", "agency", "subjects", "event"])
    for r in records:
        writer.writerow(
            [r.date_text, r.agency, "; ".join(r.subjects), r.text.replace("\n", " ")[:200]]
        )
    return 0


# -- demo --------------------------------------------------------------------------------
@command("demo", "build the Case Z demo review")
def _setup_demo(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", help="where to write it (default: the user's data folder)")


def run_demo(ns: argparse.Namespace) -> int:
    from workbench.demo import build_demo, default_demo_path

    out = Path(ns.out) if ns.out else default_demo_path()
    build_demo(out, progress=lambda msg: print(msg, file=sys.stderr))
    print(f"Built the demo review: {out}")
    return 0


# -- import ------------------------------------------------------------------------------
@command("import", "import an agency's chronology (xlsx, xls, ods, docx, csv)")
def _setup_import(p: argparse.ArgumentParser) -> None:
    p.add_argument("review")
    p.add_argument("source", metavar="FILE")
    p.add_argument("--agency", required=True, help="the agency that sent the file")
    p.add_argument("--sheet", help="the sheet (or 'Table N' of a Word file) to read")
    p.add_argument("--profile", help="use this saved column mapping")
    p.add_argument("--save-profile", help="save the mapping used under this name")
    p.add_argument("--dry-run", action="store_true", help="read and validate, change nothing")
    p.add_argument("--json", action="store_true")


def run_import(ns: argparse.Namespace) -> int:
    from workbench.importers.pipeline import import_file

    with open_store(ns.review) as store:
        summary = import_file(
            store,
            ns.source,
            ns.agency,
            location=ns.sheet,
            profile=ns.profile,
            save_profile=ns.save_profile,
            dry_run=ns.dry_run,
        )
    if ns.json:
        _emit_json(
            {
                k: summary[k]
                for k in (
                    "imported",
                    "quarantined",
                    "skipped",
                    "warnings",
                    "rows_read",
                    "source_sha256",
                    "quarantine",
                    "unknown_subjects",
                    "skipped_rows",
                    "warning_list",
                )
            }
        )
        return 0
    verb = "Would import" if ns.dry_run else "Imported"
    print(
        f"{verb} {summary['imported']} events from {summary['file']} "
        f"({summary['rows_read']} rows read: {summary['imported']} events, "
        f"{summary['quarantined']} quarantined, {summary['skipped']} skipped; "
        f"{summary['warnings']} warnings)"
    )
    for q in summary["quarantine"]:
        print(f"  quarantined row {q['row']}: {q['reason']}")
    for w in summary["warning_list"]:
        print(f"  warning row {w['row']}: {w['warning']}")
    if summary["unknown_subjects"]:
        print("  subjects not in the register: " + ", ".join(summary["unknown_subjects"]))
    return 0


# -- quarantine --------------------------------------------------------------------------
@command("quarantine", "list the rows waiting in quarantine")
def _setup_quarantine(p: argparse.ArgumentParser) -> None:
    p.add_argument("review")
    p.add_argument("--json", action="store_true")


def run_quarantine(ns: argparse.Namespace) -> int:
    from sqlalchemy import select

    from workbench.core.model import QuarantinedRow

    with open_store(ns.review, read_only=True) as store, store.session() as s:
        rows = [
            {
                "id": q.id,
                "file": q.source_file.file_name if q.source_file else None,
                "agency": q.agency.name if q.agency else None,
                "location": q.location,
                "row": q.row_number,
                "reasons": json.loads(q.reasons_json),
                "cells": json.loads(q.cells_json),
            }
            for q in s.scalars(
                select(QuarantinedRow)
                .where(QuarantinedRow.status == "waiting")
                .order_by(QuarantinedRow.id)
            )
        ]
    if ns.json:
        _emit_json(rows)
    else:
        if not rows:
            print("Nothing waits in quarantine.")
        for r in rows:
            print(f"{r['file']} row {r['row']}: {'; '.join(r['reasons'])}")
    return 0


# -- audit -------------------------------------------------------------------------------
@command("audit", "show the audit trail: who changed what, and when")
def _setup_audit(p: argparse.ArgumentParser) -> None:
    p.add_argument("review")
    p.add_argument("--json", action="store_true")
    p.add_argument("--csv", metavar="OUT", help="write the trail to a CSV file")


def run_audit(ns: argparse.Namespace) -> int:
    from sqlalchemy import select

    from workbench.core.model import AuditEntry

    with open_store(ns.review, read_only=True) as store, store.session() as s:
        rows = [
            {
                "at": a.at.isoformat(timespec="seconds"),
                "user": a.user,
                "action": a.action,
                "item_type": a.item_type,
                "item": a.item_uuid,
                "label": a.label,
                "before": a.before_json,
                "after": a.after_json,
            }
            for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))
        ]
    if ns.csv:
        with open(ns.csv, "w", newline="", encoding="utf-8-sig") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]) if rows else ["at"])
            writer.writeheader()
            writer.writerows(rows)
        print(f"Wrote {len(rows)} entries to {ns.csv}")
    elif ns.json:
        _emit_json(rows)
    else:
        for r in rows:
            print(f"{r['at']}  {r['user']:<15} {r['action']:<8} {r['item_type']:<16} {r['label']}")
    return 0


# -- GUI ---------------------------------------------------------------------------------
def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_gui(file: str | None, demo: bool) -> int:
    if not has_display():
        print(
            f"{APP_NAME}: no display is available. Run it on a desktop, or under a virtual "
            "display (xvfb-run workbench), or use the headless commands (workbench --help).",
            file=sys.stderr,
        )
        return 1
    from workbench.gui.app import run

    return int(run(file=file, demo=demo))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbench",
        description=f"{APP_NAME}: chronologies, analysis and learning products for "
        "multi-agency case reviews. With no command, opens the application.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, setup, _handler) in COMMANDS.items():
        setup(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if (
            not args
            or args[0] == "--demo"
            or (args[0] not in COMMANDS and not args[0].startswith("-"))
        ):
            demo = "--demo" in args
            files = [a for a in args if not a.startswith("-")]
            unknown = [a for a in args if a.startswith("-") and a != "--demo"]
            if unknown or len(files) > 1:
                print(
                    f"workbench: unrecognised arguments: {' '.join(unknown or files[1:])}",
                    file=sys.stderr,
                )
                return 2
            return run_gui(files[0] if files else None, demo)
        parser = build_parser()
        ns = parser.parse_args(args)
        if not ns.command:
            parser.print_help()
            return 2
        return int(COMMANDS[ns.command][2](ns))
    except WorkbenchError as exc:
        print(f"workbench: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("workbench: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        print(f"workbench: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a defect: say so in one line and keep the details in a log
        log = _write_crash_log(exc)
        print(
            f"workbench: unexpected error ({exc.__class__.__name__}: {exc}); details in {log}",
            file=sys.stderr,
        )
        return 1


def _write_crash_log(exc: BaseException) -> str:
    """Write the traceback to a log file (never the passphrase: it is not in any frame's
    repr we print, and the environment is not logged)."""
    import tempfile
    import traceback

    path = Path(tempfile.gettempdir()) / "workbench-error.log"
    try:
        with path.open("a", encoding="utf-8") as fh:
            fh.write("".join(traceback.format_exception(exc)))
    except OSError:
        return "(no log could be written)"
    return str(path)


if __name__ == "__main__":
    raise SystemExit(main())
