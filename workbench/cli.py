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
    group = p.add_mutually_exclusive_group()
    group.add_argument(
        "--encrypt",
        action="store_true",
        help="encrypt with the passphrase in WORKBENCH_PASSPHRASE or asked for (the default)",
    )
    group.add_argument(
        "--no-encrypt",
        action="store_true",
        help="an unencrypted file, for training data or made-up cases only",
    )


def run_new(ns: argparse.Namespace) -> int:
    from workbench.core.crypto import UNENCRYPTED_NOTICE, check_new_passphrase

    path = Path(ns.file)
    passphrase = None
    if not ns.no_encrypt:
        passphrase = _new_passphrase(
            "WORKBENCH_PASSPHRASE",
            "New passphrase",
            "new reviews are encrypted: set WORKBENCH_PASSPHRASE or run from a "
            "terminal to be asked (or --no-encrypt for training data)",
        )
        check_new_passphrase(passphrase)
    store = ReviewStore.create(
        path, title=ns.title, review_type=ns.review_type, board=ns.board, passphrase=passphrase
    )
    store.close()
    print(f"Created {path}" + ("" if passphrase else " (not encrypted)"))
    if passphrase is None:
        print(f"Note: {UNENCRYPTED_NOTICE}", file=sys.stderr)
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
IMPORT_JSON_KEYS = (
    "imported",
    "quarantined",
    "skipped",
    "warnings",
    "rows_read",
    "source_sha256",
    "quarantine",
    "accounted",
    "unknown_subjects",
    "skipped_rows",
    "warning_list",
    "mapping",
    "mapping_source",
    "location",
    "notes",
)


@command("import", "import an agency's chronology (xlsx, xls, ods, docx, csv)")
def _setup_import(p: argparse.ArgumentParser) -> None:
    p.add_argument("review")
    p.add_argument("source", metavar="FILE")
    p.add_argument("--agency", required=True, help="the agency that sent the file")
    p.add_argument("--sheet", help="the sheet (or 'Table N' of a Word file) to read")
    p.add_argument("--profile", help="use this saved column mapping")
    p.add_argument("--save-profile", help="save the mapping used under this name")
    p.add_argument(
        "--revision",
        action="store_true",
        help="the file revises the agency's latest submission: show and apply what was "
        "added, changed and removed (annotations, tags and links are kept)",
    )
    p.add_argument(
        "--revises",
        metavar="FILE_NAME",
        help="with --revision: the earlier submission it revises (its file name)",
    )
    p.add_argument(
        "--add-subjects",
        action="store_true",
        help="add subject names that are not in the register to it",
    )
    p.add_argument("--dry-run", action="store_true", help="read and validate, change nothing")
    p.add_argument("--json", action="store_true")


def _revised_source(store: ReviewStore, agency: str, file_name: str | None) -> int | bool:
    if not file_name:
        return True
    from sqlalchemy import select

    from workbench.core.model import Agency, SourceFile

    with store.session() as s:
        found = s.scalars(
            select(SourceFile.id)
            .join(Agency, SourceFile.agency_id == Agency.id)
            .where(Agency.name == agency, SourceFile.file_name == file_name)
            .order_by(SourceFile.id.desc())
        ).first()
    if found is None:
        raise WorkbenchError(f"{agency} has no earlier submission named {file_name!r}")
    return int(found)


def run_import(ns: argparse.Namespace) -> int:
    from workbench.importers.pipeline import import_file, latest_submission

    if ns.revises and not ns.revision:
        raise UsageError("--revises needs --revision")
    with open_store(ns.review, read_only=ns.dry_run) as store:
        revises = _revised_source(store, ns.agency, ns.revises) if ns.revision else None
        earlier = None
        if not ns.revision:
            with store.session() as s:
                latest = latest_submission(s, ns.agency)
                earlier = latest.file_name if latest is not None else None
        summary = import_file(
            store,
            ns.source,
            ns.agency,
            location=ns.sheet,
            profile=ns.profile,
            save_profile=None if ns.dry_run else ns.save_profile,
            revises=revises,
            add_subjects=bool(ns.add_subjects),
            dry_run=ns.dry_run,
        )
    if ns.json:
        out = {k: summary.get(k) for k in IMPORT_JSON_KEYS}
        if "revision" in summary:
            out["revision"] = summary["revision"]
        out["dry_run"] = bool(ns.dry_run)
        _emit_json(out)
        return 0
    verb = "Would import" if ns.dry_run else "Imported"
    print(
        f"{verb} {summary['imported']} events from {summary['file']}"
        + (f" ({summary['location']})" if summary.get("location") else "")
        + f": {summary['accounting']}; {summary['warnings']} warnings"
    )
    revision = summary.get("revision")
    if revision:
        print(
            f"  revision of {revision['previous_file']}: {revision['added']} added, "
            f"{revision['changed']} changed, {revision['removed']} removed, "
            f"{revision['unchanged']} unchanged"
            + (f", {revision['kept']} kept" if revision["kept"] else "")
            + (f", {revision['conflicts']} conflicts" if revision["conflicts"] else "")
        )
        for item in revision["items"]:
            detail = f"row {item['row']}" if "row" in item else f"event {item['event_id']}"
            extra = ""
            if item.get("changes"):
                extra = " (" + ", ".join(item["changes"]) + ")"
            if item.get("conflicts"):
                extra += "; reviewer's edit kept: " + ", ".join(item["conflicts"])
            if item.get("kept"):
                extra += f"; kept: {item['kept']}"
            print(f"    {item['kind']:<9} {detail} {item['date']}: {item['text'][:60]}{extra}")
    for note in summary.get("notes", []):
        print(f"  note: {note}")
    for q in summary["quarantine"]:
        print(f"  quarantined row {q['row']}: {q['reason']}")
    for w in summary["warning_list"]:
        print(f"  warning row {w['row']}: {w['warning']}")
    if summary["unknown_subjects"]:
        print("  subjects not in the register: " + ", ".join(summary["unknown_subjects"]))
    if earlier and not ns.dry_run:
        print(
            f"  note: {ns.agency} sent {earlier} before; if this file replaces it, import it "
            "with --revision to see and apply what changed",
            file=sys.stderr,
        )
    return 0


# -- template ----------------------------------------------------------------------------
@command("template", "write a blank chronology template to send to an agency (.xlsx or .docx)")
def _setup_template(p: argparse.ArgumentParser) -> None:
    p.add_argument("review")
    p.add_argument("out", metavar="OUT", help="the template to write (.xlsx or .docx)")
    p.add_argument("--agency", help="the agency it is for (shown in its title)")
    p.add_argument(
        "--real-names",
        action="store_true",
        help="list the subjects by their real names (default: pseudonyms where set)",
    )


def run_template(ns: argparse.Namespace) -> int:
    from sqlalchemy import select

    from workbench.core.model import Person
    from workbench.importers.template import write_template

    out = Path(ns.out)
    if out.suffix.lower() not in (".xlsx", ".docx"):
        raise UsageError(f"the template is written as .xlsx or .docx, not {out.name!r}")
    with open_store(ns.review, read_only=True) as store, store.session() as s:
        title = store.review(s).title
        people = list(s.scalars(select(Person).order_by(Person.id)))
        subjects = [
            p.real_name if ns.real_names or not p.pseudonym else p.pseudonym for p in people
        ]
    try:
        write_template(out, subjects=subjects, agency=ns.agency, review_title=title)
    except OSError as exc:
        raise WorkbenchError(f"{out}: the template could not be written ({exc.strerror})") from None
    print(f"Wrote the chronology template {out} ({len(subjects)} subjects listed)")
    return 0


# -- corroborate -------------------------------------------------------------------------
@command("corroborate", "find events of two agencies that record the same contact")
def _setup_corroborate(p: argparse.ArgumentParser) -> None:
    p.add_argument("review")
    p.add_argument(
        "action",
        nargs="?",
        default="list",
        choices=["suggest", "list", "confirm", "dismiss"],
        help="suggest: look for new pairs and store them; list: show the pairs (default); "
        "confirm/dismiss: decide on pairs by their id",
    )
    p.add_argument("ids", nargs="*", type=int, metavar="ID", help="pair ids (confirm/dismiss)")
    p.add_argument(
        "--status",
        choices=["suggested", "confirmed", "dismissed", "all"],
        default="suggested",
        help="which pairs to list (default: suggested)",
    )
    p.add_argument("--json", action="store_true")


def run_corroborate(ns: argparse.Namespace) -> int:
    from workbench.core.commands import CommandStack
    from workbench.importers.corroboration import (
        ConfirmCorroboration,
        DismissCorroboration,
        list_corroborations,
        store_suggestions,
    )

    if ns.action in ("confirm", "dismiss") and not ns.ids:
        raise UsageError(f"give the id of each pair to {ns.action}")
    read_only = ns.action == "list"
    with open_store(ns.review, read_only=read_only) as store:
        if ns.action == "suggest":
            new_ids = store_suggestions(store)
            if not ns.json:
                print(f"{len(new_ids)} new pair{'s' if len(new_ids) != 1 else ''} suggested")
        elif ns.action in ("confirm", "dismiss"):
            stack = CommandStack(store)
            kind = ConfirmCorroboration if ns.action == "confirm" else DismissCorroboration
            for pair_id in ns.ids:
                stack.push(kind(pair_id))
            if not ns.json:
                print(f"{ns.action.capitalize()}ed {len(ns.ids)} pair(s)".replace("ee", "e"))
        status = None if ns.status == "all" else ns.status
        if ns.action in ("confirm", "dismiss"):
            status = "confirmed" if ns.action == "confirm" else "dismissed"
        with store.session() as s:
            pairs = list_corroborations(s, status)
    if ns.json:
        _emit_json([p.as_json() for p in pairs])
        return 0
    if not pairs:
        print(f"No {ns.status if ns.status != 'all' else ''} pairs.".replace("  ", " "))
    for pair in pairs:
        a, b = pair.events
        print(f"#{pair.id} {pair.status} (score {pair.score:.2f})")
        for e in (a, b):
            print(f"    {e['agency_short']:<6} {e['date_text']:<14} {e['text'][:80]}")
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


# -- check -------------------------------------------------------------------------------
def _iso_date(value: str) -> Any:
    from datetime import date

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (use YYYY-MM-DD): {value!r}") from None


@command("check", "report broken links in the analysis, the register and the glossary")
def _setup_check(p: argparse.ArgumentParser) -> None:
    p.add_argument("review")
    p.add_argument(
        "--json",
        action="store_true",
        help="print a JSON list of {kind, item, message, item_kind, item_id}",
    )
    p.add_argument(
        "--today",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="judge overdue actions as at this date (default: today)",
    )


def run_check(ns: argparse.Namespace) -> int:
    from workbench.core.analysis import GAP_KINDS, check_review

    with open_store(ns.review, read_only=True) as store, store.session() as s:
        title = store.review(s).title
        gaps = check_review(s, today=ns.today)
    if ns.json:
        _emit_json([g.as_json() for g in gaps])
        return 0
    if not gaps:
        print(f"No gaps found in {title}.")
        return 0
    print(f"{len(gaps)} gap{'s' if len(gaps) != 1 else ''} found in {title}:")
    for kind, heading in GAP_KINDS.items():
        found = [g for g in gaps if g.kind == kind]
        if found:
            print(f"\n{heading} ({len(found)}):")
            for g in found:
                print(f"  {g.item}: {g.message}")
    return 0


# -- backups -----------------------------------------------------------------------------
def _new_passphrase(env_name: str, prompt: str, hint: str = "") -> str:
    """A new passphrase from ``env_name`` or asked twice on a terminal (never echoed)."""
    value = os.environ.get(env_name)
    if value:
        return value
    if not (sys.stdin and sys.stdin.isatty()):
        raise WorkbenchError(hint or f"set {env_name} or run from a terminal to be asked")
    value = getpass.getpass(f"{prompt}: ")
    if value != getpass.getpass("Repeat it: "):
        raise WorkbenchError("the two passphrases differ")
    return value


@command("backups", "list a review's snapshots, newest first")
def _setup_backups(p: argparse.ArgumentParser) -> None:
    p.add_argument("review")
    p.add_argument("--json", action="store_true")


def run_backups(ns: argparse.Namespace) -> int:
    from workbench.core.backups import backup_folder, list_snapshots, size_text

    path = Path(ns.review)
    folder = backup_folder(path)
    if not path.exists() and not folder.exists():
        raise WorkbenchError(f"{path}: file not found, and it has no snapshots")
    snaps = list_snapshots(path)
    rows = [
        {
            "number": n,
            "file": s.path.name,
            "path": str(s.path),
            "reason": s.reason,
            "taken_at": s.taken_at.astimezone().isoformat(timespec="seconds"),
            "size": s.size,
            "encrypted": s.encrypted,
        }
        for n, s in enumerate(snaps, start=1)
    ]
    if ns.json:
        _emit_json(rows)
        return 0
    if not rows:
        print(f"{path.name} has no snapshots yet ({folder})")
        return 0
    print(f"Snapshots of {path.name} in {folder}:")
    for r, s in zip(rows, snaps, strict=True):
        when = s.taken_at.astimezone().strftime("%d %b %Y %H:%M:%S")
        lock = "encrypted" if r["encrypted"] else "not encrypted"
        print(
            f"{r['number']:>3}  {when}  {s.label:<22} {size_text(s.size):>9}  {lock:<13}  "
            f"{r['file']}"
        )
    return 0


@command("restore", "put a snapshot back in place of the review (the current file is kept)")
def _setup_restore(p: argparse.ArgumentParser) -> None:
    p.add_argument("review")
    p.add_argument("snapshot", help="its number in 'workbench backups', its file name or path")


def run_restore(ns: argparse.Namespace) -> int:
    from workbench.core.backups import backup_folder, list_snapshots, restore

    path = Path(ns.review)
    chosen = Path(ns.snapshot)
    if not chosen.exists() and not (backup_folder(path) / chosen).exists():
        snaps = list_snapshots(path)
        if not ns.snapshot.isdigit() or not 1 <= int(ns.snapshot) <= len(snaps):
            raise WorkbenchError(
                f"{ns.snapshot}: no such snapshot of {path.name} (see: workbench backups "
                f"{ns.review})"
            )
        chosen = snaps[int(ns.snapshot) - 1].path
    elif not chosen.exists():
        chosen = backup_folder(path) / chosen
    kept = restore(path, chosen, passphrase=passphrase_for(chosen))
    print(f"Restored {chosen.name} into {path}")
    if kept != path:
        print(f"The file it replaced is kept as the snapshot {kept.name}")
    return 0


# -- encryption --------------------------------------------------------------------------
@command("passphrase", "change an encrypted review's passphrase")
def _setup_passphrase(p: argparse.ArgumentParser) -> None:
    p.add_argument("review")
    p.epilog = (
        "The current passphrase comes from WORKBENCH_PASSPHRASE and the new one from "
        "WORKBENCH_NEW_PASSPHRASE; either is asked for on a terminal when not set."
    )


def run_passphrase(ns: argparse.Namespace) -> int:
    from workbench.core.crypto import change_passphrase, check_new_passphrase

    path = Path(ns.review)
    current = passphrase_for(path)
    if current is None:
        raise WorkbenchError(f"{path}: this review is not encrypted (use: workbench encrypt)")
    store = ReviewStore.open(path, passphrase=current)
    try:
        new = _new_passphrase("WORKBENCH_NEW_PASSPHRASE", "New passphrase")
        check_new_passphrase(new)
        count = change_passphrase(store, new)
    finally:
        store.close()
    print(
        f"Changed the passphrase of {path.name}"
        + (f" and of {count} snapshot{'s' if count != 1 else ''}" if count else "")
    )
    return 0


@command("encrypt", "encrypt an unencrypted review (in place, or into a new file)")
def _setup_encrypt(p: argparse.ArgumentParser) -> None:
    p.add_argument("review")
    p.add_argument(
        "--out",
        metavar="FILE",
        help="write the encrypted review here and leave the original as it is",
    )
    p.epilog = (
        "The passphrase comes from WORKBENCH_PASSPHRASE, or is asked for twice on a "
        "terminal. Without --out the original is replaced once the encrypted file "
        "has been checked, and its snapshots are encrypted too."
    )


def run_encrypt(ns: argparse.Namespace) -> int:
    from workbench.core.crypto import check_new_passphrase, encrypt_copy, encrypt_review

    path = Path(ns.review)
    if path.exists() and path.stat().st_size >= 16 and is_encrypted_file(path):
        raise WorkbenchError(f"{path}: this review is already encrypted")
    passphrase = _new_passphrase("WORKBENCH_PASSPHRASE", "Passphrase for the review")
    check_new_passphrase(passphrase)
    if ns.out:
        out = encrypt_copy(path, ns.out, passphrase)
        print(f"Wrote the encrypted review {out}; {path.name} is unchanged and NOT encrypted")
    else:
        encrypt_review(path, passphrase)
        print(f"Encrypted {path}")
    print("Keep the passphrase safe: without it the review cannot be opened by anyone.")
    return 0


@command("decrypt", "write an unencrypted review (for training data only)")
def _setup_decrypt(p: argparse.ArgumentParser) -> None:
    p.add_argument("review")
    p.add_argument(
        "--out",
        metavar="FILE",
        help="write the unencrypted review here and leave the original as it is",
    )
    p.epilog = (
        "The passphrase comes from WORKBENCH_PASSPHRASE or is asked for. Without --out "
        "the review is replaced and the encrypted file is kept as a snapshot."
    )


def run_decrypt(ns: argparse.Namespace) -> int:
    from workbench.core.crypto import UNENCRYPTED_NOTICE, decrypt_copy, decrypt_review

    path = Path(ns.review)
    passphrase = passphrase_for(path)
    if passphrase is None:
        raise WorkbenchError(f"{path}: this review is not encrypted")
    if ns.out:
        out = decrypt_copy(path, ns.out, passphrase)
        print(f"Wrote the unencrypted review {out}")
    else:
        kept = decrypt_review(path, passphrase)
        print(f"Decrypted {path}; the encrypted file is kept as the snapshot {kept.name}")
    print(f"Note: {UNENCRYPTED_NOTICE}", file=sys.stderr)
    return 0


# -- export ------------------------------------------------------------------------------
def _cli_date(text: str, *, end: bool) -> Any:
    from workbench.core.dates import DateParseError, parse_date

    try:
        value = parse_date(text)
    except DateParseError as exc:
        raise UsageError(f"{text!r} is not a date: {exc.reason}") from None
    bound = value.latest if end else value.earliest
    if bound is None:
        raise UsageError(f"{text!r} is not a date with known bounds")
    return bound


@command("export", "write the report, learning deck, 7-minute briefing, chronology or timeline")
def _setup_export(p: argparse.ArgumentParser) -> None:
    p.add_argument("review")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--report", metavar="OUT", help="the overview report (.pdf or .docx)")
    what.add_argument("--deck", metavar="OUT", help="the learning deck (.pptx or .pdf)")
    what.add_argument("--briefing", metavar="OUT", help="the 7-minute briefing (.pdf or .docx)")
    what.add_argument(
        "--chronology", metavar="OUT", help="the integrated chronology (.xlsx or .csv)"
    )
    what.add_argument("--timeline", metavar="OUT", help="the timeline (.png, .svg or .pdf)")
    p.add_argument(
        "--from",
        dest="date_from",
        metavar="DATE",
        help="only events from this date (e.g. 2015-01-01, 01/2015, 2015)",
    )
    p.add_argument("--to", dest="date_to", metavar="DATE", help="only events up to this date")
    p.add_argument(
        "--lanes",
        choices=["agency", "subject"],
        default="agency",
        help="the timeline's lanes (default: agency)",
    )
    p.add_argument(
        "--publication",
        action="store_true",
        help="replace every registered person by their pseudonym and refuse the "
        "export if a real name or date of birth remains",
    )


def run_export(ns: argparse.Namespace) -> int:
    from datetime import date

    from workbench.export.errors import PublicationRefused
    from workbench.export.runner import export

    product = next(
        p for p in ("report", "deck", "briefing", "chronology", "timeline") if getattr(ns, p)
    )
    out = Path(getattr(ns, product))
    window = None
    try:
        if ns.date_from or ns.date_to:
            start = _cli_date(ns.date_from, end=False) if ns.date_from else date(1800, 1, 1)
            end = _cli_date(ns.date_to, end=True) if ns.date_to else date(2200, 12, 31)
            window = (start, end)
    except UsageError as exc:
        print(f"workbench export: {exc}", file=sys.stderr)
        return 2
    path = Path(ns.review)
    try:
        result = export(
            path,
            product,
            out,
            publication=ns.publication,
            window=window,
            lanes=ns.lanes,
            passphrase=passphrase_for(path),
        )
    except PublicationRefused as exc:
        print(
            f"workbench: the publication export is refused: {len(exc.leaks)} leak"
            f"{'s' if len(exc.leaks) != 1 else ''} of identifying details:",
            file=sys.stderr,
        )
        for leak in exc.leaks:
            print(f"  {leak}", file=sys.stderr)
        return 1
    unit = "slides" if product == "deck" else "pages"
    detail = f", {result.pages} {unit}" if result.pages else ""
    edition = " (publication copy)" if result.publication else ""
    print(f"Wrote {result.path}{edition}{detail} in {result.seconds:.1f} s")
    for note in result.notes:
        print(f"  note: {note}", file=sys.stderr)
    return 0


# -- GUI ---------------------------------------------------------------------------------
def gui_request(args: Sequence[str]) -> tuple[str | None, bool] | None:
    """(file, demo) when the arguments ask for the application rather than a command."""
    if args and args[0] != "--demo" and (args[0] in COMMANDS or args[0].startswith("-")):
        return None
    demo = "--demo" in args
    files = [a for a in args if not a.startswith("-")]
    unknown = [a for a in args if a.startswith("-") and a != "--demo"]
    if unknown or len(files) > 1:
        raise UsageError(f"unrecognised arguments: {' '.join(unknown or files[1:])}")
    return (files[0] if files else None), demo


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
        try:
            request = gui_request(args)
        except UsageError as exc:
            print(f"workbench: {exc}", file=sys.stderr)
            return 2
        if request is not None:
            # The GUI is started by workbench.launcher; this module never imports Qt.
            print(
                "workbench: the application opens from the 'workbench' command "
                "(workbench.launcher)",
                file=sys.stderr,
            )
            return 2
        parser = build_parser()
        ns = parser.parse_args(args)
        if not ns.command:
            parser.print_help()
            return 2
        return int(COMMANDS[ns.command][2](ns))
    except WorkbenchError as exc:
        print(f"workbench: {exc}", file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"workbench: {exc}", file=sys.stderr)
        return 2
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
    import traceback

    from workbench.demo import user_data_dir

    try:
        path = user_data_dir() / "error.log"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            fh.write("".join(traceback.format_exception(exc)))
    except OSError:
        return "(no log could be written)"
    return str(path)


if __name__ == "__main__":
    raise SystemExit(main())
