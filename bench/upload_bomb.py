"""Hostile uploads against the readers' caps (issue 16): how long a refusal takes and how much
memory it needs. Figures are printed, never asserted on time.

    python -m bench.upload_bomb [--write]

Each case runs in a fresh process (its peak RSS is its own): the fill-in template reader
(``model.template.read_table``) and the history reader (``model.history.parse_history``) on

- ``xlsx_1m``: an XLSX of 1,000,000 rows (compressed to about 100 kB; refused on the zip's
  directory, before openpyxl opens it),
- ``xlsx_under``: an XLSX under the unpacked-size cap with 300,000 rows (refused at the row
  cap while its XML is counted, before openpyxl parses it),
- ``xlsx_wide``: one row of 400,000 cells (refused at the column cap, likewise),
- ``xlsx_largest``: 4,999 rows of 10 cells, the largest table the caps pass to openpyxl
  (read, then refused for its contents with the problem list capped),
- ``csv_rows``: a 2 MB CSV of 1,000,000 short rows (refused at the row cap),
- ``csv_problems``: 4,000 rows each with a bad cell (every problem found, the list capped).

``--write`` replaces the "## Upload bombs" section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
HEADING = "## Upload bombs"


def xlsx_with_sheet(write_rows: Callable[[io.TextIOBase], None]) -> bytes:
    """A valid XLSX whose first sheet's ``<sheetData>`` is what ``write_rows`` writes (it is
    streamed into the archive, so a big sheet never sits in memory as one string)."""
    from openpyxl import Workbook

    buf = io.BytesIO()
    wb = Workbook()
    wb.active.title = "data"
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(info, src.read(info.filename))
                continue
            with dst.open(info.filename, "w", force_zip64=True) as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8")
                text.write(
                    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    "<sheetData>"
                )
                write_rows(text)
                text.write("</sheetData></worksheet>")
                text.flush()
                text.detach()
    return out.getvalue()


def xlsx_rows_bomb(rows: int) -> bytes:
    """An XLSX of ``rows`` identical one-cell rows (a header row first)."""

    def write(f: io.TextIOBase) -> None:
        f.write('<row><c t="inlineStr"><is><t>id</t></is></c></row>')
        chunk = "<row><c><v>1</v></c></row>" * 1000
        for _ in range(rows // 1000):
            f.write(chunk)

    return xlsx_with_sheet(write)


def xlsx_wide_bomb(cells: int) -> bytes:
    """An XLSX whose one row has ``cells`` cells."""

    def write(f: io.TextIOBase) -> None:
        f.write("<row>")
        for _ in range(cells // 1000):
            f.write("<c><v>1</v></c>" * 1000)
        f.write("</row>")

    return xlsx_with_sheet(write)


def xlsx_largest(rows: int) -> bytes:
    """The largest table the caps let through to openpyxl: ``rows`` rows of 10 cells (a
    header row of the template's first columns, then unknown ids)."""

    def write(f: io.TextIOBase) -> None:
        head = "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in HEAD10)
        f.write(f"<row>{head}</row>")
        body = '<c t="inlineStr"><is><t>x</t></is></c>' + "<c><v>6.25</v></c>" * 9
        for _ in range(rows - 1):
            f.write(f"<row>{body}</row>")

    return xlsx_with_sheet(write)


HEAD10 = ("id", "name_zh", "unit", "kind", "period", "months_elapsed", "ytd_value", "year")


def csv_rows_bomb(rows: int) -> bytes:
    return ("id\n" + "1\n" * rows).encode()


def csv_problems(rows: int) -> bytes:
    head = "region,indicator,year,period,value,unit,growth_pct,growth_basis,source_url,note\n"
    return (head + "china,gdp,2000,H1,x,亿元,1,real,http://x,\n" * rows).encode()


CASES: dict[str, Callable[[], tuple[bytes, str]]] = {
    "xlsx_1m": lambda: (xlsx_rows_bomb(1_000_000), "bomb.xlsx"),
    "xlsx_under": lambda: (xlsx_rows_bomb(300_000), "bomb.xlsx"),
    "xlsx_wide": lambda: (xlsx_wide_bomb(400_000), "wide.xlsx"),
    "xlsx_largest": lambda: (xlsx_largest(4_999), "largest.xlsx"),
    "csv_rows": lambda: (csv_rows_bomb(1_000_000), "rows.csv"),
    "csv_problems": lambda: (csv_problems(4_000), "problems.csv"),
}


def run_case(path: Path, name: str, reader: str) -> dict[str, object]:
    """Time ``reader`` (template or history) on the file at ``path`` (case ``name``):
    seconds, the traced peak of Python allocations, the process's peak RSS before and after,
    and the first message."""
    from model.history import parse_history
    from model.template import TemplateError, read_table

    data, filename = path.read_bytes(), path.name

    def read() -> list[str]:
        if reader == "history":
            return list(parse_history(data, filename, "en").problems)
        try:
            read_table(data, filename)
        except TemplateError as exc:
            return exc.problems
        return []

    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    problems = read()  # timed untraced (tracing slows every allocation)
    seconds = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tracemalloc.start()
    read()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "case": name,
        "reader": reader,
        "bytes": len(data),
        "seconds": round(seconds, 3),
        "traced_peak_mb": round(peak / 1048576, 1),
        "rss_peak_mb": round(rss, 1),
        "rss_before_mb": round(base_rss, 1),
        "problems": len(problems),
        "first": (problems[0] if problems else "(accepted)")[:90],
    }


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.upload_bomb")
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    parser.add_argument("--reader", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(Path(args.path), args.case, args.reader), ensure_ascii=False))
        return 0
    lines = [
        "| case | reader | file bytes | seconds | traced peak MB | RSS before → peak MB "
        "| problems | first message |",
        "|---|---|---|---|---|---|---|---|",
    ]
    tmp = Path(tempfile.mkdtemp(prefix="upload_bomb_"))
    for name, make in CASES.items():
        data, filename = make()
        path = tmp / filename
        path.write_bytes(data)
        for reader in ("template", "history"):
            cmd = [sys.executable, "-m", "bench.upload_bomb", "--case", name, "--path", str(path)]
            out = subprocess.run(
                [*cmd, "--reader", reader],
                capture_output=True,
                text=True,
                check=True,
            )
            r = json.loads(out.stdout.strip().splitlines()[-1])
            line = (
                f"| {r['case']} | {reader} | {r['bytes']:,} | {r['seconds']} | "
                f"{r['traced_peak_mb']} | {r['rss_before_mb']} → {r['rss_peak_mb']} | "
                f"{r['problems']} | {r['first']} |"
            )
            print(line, flush=True)
            lines.append(line)
    if args.write:
        text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
        section = (
            f"{HEADING}\n\n`python -m bench.upload_bomb` (each case in a fresh process; "
            "RSS before is the process with the readers imported and the file read into memory).\n\n"
            + "\n".join(lines)
            + "\n"
        )
        if HEADING in text:
            head, _, rest = text.partition(HEADING)
            nxt = rest.find("\n## ")
            text = head + section + (rest[nxt + 1 :] if nxt >= 0 else "")
        else:
            text = text.rstrip("\n") + "\n\n" + section
        RESULTS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
