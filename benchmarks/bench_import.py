"""Import speed and memory: a generated 50,000-row agency chronology, as xlsx and as CSV.

The whole import is timed: read (with the file safety checks), detect the header, parse
the dates, validate every row, write the events, the subject links and the original file
in one transaction, and index the events for search. The baseline, measured in the same
run on the same xlsx, is python-calamine alone reading the sheet into Python values.

Goals: the xlsx import within 3x the baseline, peak memory of an import under 300 MB, and
a progress callback at least every half second (the wizard's progress bar moves).

A third measurement shows what the goal is up against: the least the database work can
cost (insert the rows with every value ready, index them for search, link the subjects,
commit), timed on the same rows with no reading, parsing or validation ("write_floor_s").
``floor_ratio`` = (calamine read + that floor) / calamine read is the lowest ratio any
importer writing this schema could reach.
Each measurement runs in a fresh subprocess (the peak resident memory is that process's
own), three times; the fastest run counts.

Prints one JSON object; exits 1 when a goal is missed.

    .venv/bin/python benchmarks/bench_import.py [--rows 50000] [--runs 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

from synthetic_text import ROLES, WORDS

ROOT = Path(__file__).resolve().parent.parent
GOAL_RATIO = 3.0
GOAL_PEAK_MB = 300.0
GOAL_PROGRESS_GAP_S = 0.5  # the longest the progress bar may stand still

SUBJECTS = ("Child B", "Mother", "Child B; Mother", "Father", "Child B; Father")
HEADER = [
    "Ref",
    "Date",
    "Time",
    "Source record",
    "Practitioner",
    "Subject(s)",
    "Event",
    "Action / outcome",
]


def _rows(n: int) -> list[list[object]]:
    """``n`` chronology rows from 2008 to 2018; one date in ten written as text."""
    rng = random.Random(2016)
    start = date(2008, 1, 1)
    text_forms = ("%d.%m.%y", "%d %B %Y", "%d-%b-%y", "%d/%m/%Y")
    rows: list[list[object]] = []
    for i in range(1, n + 1):
        day = start + timedelta(days=i * 3650 // n)
        when: object = datetime(day.year, day.month, day.day)
        if i % 10 == 0:
            when = day.strftime(text_forms[i // 10 % len(text_forms)])
        elif i % 97 == 0:
            when = f"{['spring', 'summer', 'autumn'][i % 3]} {day.year}"
        rows.append(
            [
                i,
                when,
                dtime(rng.randint(8, 19), rng.choice((0, 15, 30, 45))),
                f"CN-{rng.randint(1000, 99999)}",
                rng.choice(ROLES),
                rng.choice(SUBJECTS),
                " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 45))).capitalize() + ".",
                " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12))).capitalize() + ".",
            ]
        )
    return rows


def write_xlsx(path: Path, rows: list[list[object]]) -> None:
    """An export as an agency's system writes it: a title row, then the table.

    Written with xlsxwriter (installed with python-pptx), which stores text in a shared
    string table as Excel does.
    """
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Chronology")
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    time_format = book.add_format({"num_format": "hh:mm"})
    sheet.write_string(0, 0, "Agency chronology (system export)")
    sheet.write_row(2, 0, HEADER)
    for r, row in enumerate(rows, start=3):
        sheet.write_number(r, 0, row[0])  # type: ignore[arg-type]
        if isinstance(row[1], datetime):
            sheet.write_datetime(r, 1, row[1], date_format)
        else:
            sheet.write_string(r, 1, str(row[1]))
        sheet.write_datetime(r, 2, row[2], time_format)  # type: ignore[arg-type]
        for c in range(3, len(row)):
            sheet.write_string(r, c, str(row[c]))
    book.close()


def write_csv(path: Path, rows: list[list[object]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for row in rows:
            when = row[1]
            shown = when.strftime("%d/%m/%Y") if isinstance(when, datetime) else when
            clock = row[2].strftime("%H:%M")  # type: ignore[attr-defined]
            writer.writerow([row[0], shown, clock, *row[3:]])


# -- the measured children ---------------------------------------------------------------

CALAMINE_CHILD = """
import json, resource, sys, time
from python_calamine import CalamineWorkbook
start = time.perf_counter()
book = CalamineWorkbook.from_path(sys.argv[1])
rows = book.get_sheet_by_name("Chronology").to_python(skip_empty_area=False)
elapsed = time.perf_counter() - start
assert len(rows) > 1000
print(json.dumps({"seconds": elapsed,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

IMPORT_CHILD = """
import json, resource, sys, time
from datetime import date
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from workbench.core.model import Person
from workbench.core.store import ReviewStore
from workbench.importers.pipeline import import_file

review, source = Path(sys.argv[1]), Path(sys.argv[2])
store = ReviewStore.create(review, title="Benchmark", scope_start=date(2008, 1, 1),
                           scope_end=date(2018, 12, 31))
with store.transaction() as s:
    s.add(Person(real_name="Child B"))
    s.add(Person(real_name="Mother"))
    s.add(Person(real_name="Father"))
ticks = []
start = time.perf_counter()
summary = import_file(store, source, "Benchmark Agency",
                      progress=lambda done, total: ticks.append(time.perf_counter()))
elapsed = time.perf_counter() - start
with store.session() as s:
    found = s.execute(__import__("sqlalchemy").text(
        "SELECT count(*) FROM event_fts WHERE event_fts MATCH 'strategy'")).scalar()
store.close()
marks = [start, *ticks, start + elapsed]
gap = max(b - a for a, b in zip(marks, marks[1:]))
print(json.dumps({
    "seconds": elapsed,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "imported": summary["imported"], "quarantined": summary["quarantined"],
    "skipped": summary["skipped"], "rows_read": summary["rows_read"],
    "searchable": found, "progress_updates": len(ticks), "max_progress_gap_s": gap,
}))
"""


FLOOR_CHILD = """
import csv, json, sys, time, uuid
from datetime import datetime
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from workbench.core.store import ReviewStore

# The least an import can cost in this schema: insert the rows (all values ready), index
# them for search, link the subjects, commit. No reading, no parsing, no validation.
review, source = Path(sys.argv[1]), Path(sys.argv[2])
store = ReviewStore.create(review, title="Floor")
now = datetime.now().isoformat(" ", "microseconds")
with open(source, encoding="utf-8", newline="") as fh:
    reader = csv.reader(fh)
    next(reader)
    rows = [(str(uuid.uuid4()), r[1], "2016-01-01", "2016-01-01", r[0], r[3], r[4], r[5],
             r[6], r[7], n) for n, r in enumerate(reader, 2)]
raw = store.engine.raw_connection()
con = raw.driver_connection
con.execute("INSERT INTO agency (uuid, created_at, updated_at, name, short_name, colour, "
            "sort_order) VALUES ('a', ?, ?, 'A', 'A', '#000000', 0)", (now, now))
con.execute("INSERT INTO person (uuid, created_at, updated_at, real_name, role, pseudonym, "
            "aliases, notes) VALUES ('p', ?, ?, 'Child B', '', '', '', '')", (now, now))
con.commit()
start = time.perf_counter()
con.execute("DROP TRIGGER event_fts_insert")
con.executemany(
    "INSERT INTO event (uuid, created_at, updated_at, agency_id, date_text, date_earliest, "
    "date_latest, date_precision, date_approximate, date_doubtful, time, end_date_text, "
    "sequence, text, outcome, analysis, source_reference, practitioner, subjects_text, "
    "is_milestone, source_location, source_row, source_ref, submitted_text, "
    "submitted_outcome, submitted_analysis) VALUES (?1, '" + now + "', '" + now + "', 1, ?2, "
    "?3, ?4, 'day', 0, 0, ?5, '', ?5, ?9, ?10, '', ?6, ?7, ?8, 0, '', ?11, ?5, ?9, ?10, '')",
    rows,
)
cols = "text, outcome, analysis, date_text, subjects_text, practitioner, source_reference"
con.execute(f"INSERT INTO event_fts(rowid, {cols}) SELECT id, {cols} FROM event")
con.execute("CREATE TRIGGER event_fts_insert AFTER INSERT ON event BEGIN SELECT 1; END")
con.executemany("INSERT INTO event_subject (event_id, person_id) VALUES (?, 1)",
                [(i,) for i in range(1, len(rows) + 1)])
con.commit()
elapsed = time.perf_counter() - start
raw.close()
store.close()
print(json.dumps({"seconds": elapsed}))
"""


def _child(code: str, *args: str) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=str(ROOT),
    )
    if result.returncode != 0:
        raise SystemExit(f"benchmark child failed:\n{result.stderr}")
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def _import(folder: Path, source: Path, run: int) -> dict[str, float]:
    review = folder / f"{source.stem}-{source.suffix[1:]}-{run}.cwr"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{review}{suffix}").unlink(missing_ok=True)
    return _child(IMPORT_CHILD, str(review), str(source), str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep the generated files in this folder")
    ns = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = ns.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        rows = _rows(ns.rows)
        xlsx, csv_path = folder / "chronology.xlsx", folder / "chronology.csv"
        write_xlsx(xlsx, rows)
        write_csv(csv_path, rows)
        del rows

        calamine = [_child(CALAMINE_CHILD, str(xlsx)) for _ in range(ns.runs)]
        xlsx_runs = [_import(folder, xlsx, n) for n in range(ns.runs)]
        csv_runs = [_import(folder, csv_path, n) for n in range(ns.runs)]
        floor_runs = []
        for n in range(ns.runs):
            review = folder / f"floor-{n}.cwr"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{review}{suffix}").unlink(missing_ok=True)
            floor_runs.append(_child(FLOOR_CHILD, str(review), str(csv_path), str(ROOT)))

    calamine_s = min(r["seconds"] for r in calamine)
    best_xlsx = min(xlsx_runs, key=lambda r: r["seconds"])
    best_csv = min(csv_runs, key=lambda r: r["seconds"])
    peak = max(r["peak_rss_mb"] for r in xlsx_runs + csv_runs)
    ratio = best_xlsx["seconds"] / calamine_s
    gap = max(best_xlsx["max_progress_gap_s"], best_csv["max_progress_gap_s"])
    out = {
        "rows": ns.rows,
        "calamine_read_s": round(calamine_s, 3),
        "import_xlsx_s": round(best_xlsx["seconds"], 3),
        "import_csv_s": round(best_csv["seconds"], 3),
        "ratio": round(ratio, 2),
        "csv_ratio": round(best_csv["seconds"] / calamine_s, 2),
        "write_floor_s": round(min(r["seconds"] for r in floor_runs), 3),
        "floor_ratio": round((calamine_s + min(r["seconds"] for r in floor_runs)) / calamine_s, 2),
        "peak_rss_mb": round(peak, 1),
        "calamine_peak_rss_mb": round(max(r["peak_rss_mb"] for r in calamine), 1),
        "imported": best_xlsx["imported"],
        "rows_read": best_xlsx["rows_read"],
        "accounted": all(
            r["imported"] + r["quarantined"] + r["skipped"] == r["rows_read"]
            for r in xlsx_runs + csv_runs
        ),
        "searchable_matches": best_xlsx["searchable"],
        "progress_updates": best_xlsx["progress_updates"],
        "max_progress_gap_s": round(gap, 3),
        "runs": {
            "calamine_s": [round(r["seconds"], 3) for r in calamine],
            "xlsx_s": [round(r["seconds"], 3) for r in xlsx_runs],
            "csv_s": [round(r["seconds"], 3) for r in csv_runs],
            "write_floor_s": [round(r["seconds"], 3) for r in floor_runs],
        },
        "goals": {
            "ratio": GOAL_RATIO,
            "peak_rss_mb": GOAL_PEAK_MB,
            "max_progress_gap_s": GOAL_PROGRESS_GAP_S,
        },
    }
    failures = []
    if ratio > GOAL_RATIO:
        failures.append(f"xlsx import took {ratio:.2f}x the calamine read (goal {GOAL_RATIO}x)")
    if peak > GOAL_PEAK_MB:
        failures.append(f"peak memory {peak:.0f} MB (goal {GOAL_PEAK_MB:.0f} MB)")
    if gap > GOAL_PROGRESS_GAP_S:
        failures.append(f"the progress bar stood still for {gap:.2f} s")
    if out["imported"] != ns.rows or not out["accounted"] or not out["searchable_matches"]:
        failures.append("not every row was imported, accounted for and searchable")
    out["failures"] = failures
    out["ok"] = not failures
    print(json.dumps(out, indent=2))
    return 0 if not failures else 1


if __name__ == "__main__":
    os.environ.setdefault("WORKBENCH_USER", "benchmark")
    raise SystemExit(main())
