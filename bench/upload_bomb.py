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

and on what a small file expands to when read (issue 29):

- ``xlsx_shared_6mb_x100``: an 11 KB XLSX whose one 6 MB shared string is referenced by 100
  cells (refused on the shared strings' XML, before openpyxl loads them),
- ``xlsx_shared_32k_x5000``: a 32,000-character shared string in 5,000 cells (each under the
  cell cap; refused at the total text read, while the rows stream),
- ``xlsx_distinct_240x32k_x3``: 240 distinct 32,000-character strings, each in 3 cells,
- ``xlsx_inline_6mb``: one inline string of 6 MB (refused at its cell),
- ``csv_long_cell_1mb`` / ``csv_long_cell_40k``: a CSV with one long cell.

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


def xlsx_with_sheet(
    write_rows: Callable[[io.TextIOBase], None],
    write_strings: Callable[[io.TextIOBase], None] | None = None,
) -> bytes:
    """A valid XLSX whose first sheet's ``<sheetData>`` is what ``write_rows`` writes (it is
    streamed into the archive, so a big sheet never sits in memory as one string), and whose
    shared strings' ``<si>`` entries, if ``write_strings`` is given, are what it writes."""
    from openpyxl import Workbook

    buf = io.BytesIO()
    wb = Workbook()
    wb.active.title = "data"
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    parts: dict[str, tuple[str, Callable[[io.TextIOBase], None], str]] = {
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{main}"><sheetData>',
            write_rows,
            "</sheetData></worksheet>",
        ),
    }
    if write_strings is not None:
        parts["xl/sharedStrings.xml"] = (f'<sst xmlns="{main}">', write_strings, "</sst>")
    names = [info.filename for info in src.infolist()]
    if write_strings is not None and "xl/sharedStrings.xml" not in names:
        names.append("xl/sharedStrings.xml")  # found by its content type (added below)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for name in names:
            if name not in parts:
                body = src.read(name)
                if name == "[Content_Types].xml" and write_strings is not None:
                    body = body.replace(b"</Types>", SST_TYPE + b"</Types>")
                dst.writestr(name, body)
                continue
            head, write, tail = parts[name]
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            with dst.open(info, "w", force_zip64=True) as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8")
                text.write('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + head)
                write(text)
                text.write(tail)
                text.flush()
                text.detach()
    return out.getvalue()


SST_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)


def xlsx_shared_bomb(length: int, refs: int, strings: int = 1) -> bytes:
    """An XLSX whose shared strings are ``strings`` distinct texts of ``length`` characters,
    each referenced by ``refs`` cells (10 to a row, under a header row): one string in
    the archive, ``refs`` copies when read."""

    def write_strings(f: io.TextIOBase) -> None:
        f.write("<si><t>id</t></si>")
        for i in range(strings):
            f.write(f"<si><t>{chr(ord('a') + i % 26)}")
            f.write("x" * (length - 1))
            f.write("</t></si>")

    def write_rows(f: io.TextIOBase) -> None:
        f.write('<row><c t="s"><v>0</v></c></row>')
        refs_all = [1 + i for i in range(strings) for _ in range(refs)]
        for at in range(0, len(refs_all), 10):
            cells = "".join(f'<c t="s"><v>{k}</v></c>' for k in refs_all[at : at + 10])
            f.write(f"<row>{cells}</row>")

    return xlsx_with_sheet(write_rows, write_strings)


def xlsx_inline_long(length: int) -> bytes:
    """An XLSX with one inline-string cell of ``length`` characters under a header row."""

    def write(f: io.TextIOBase) -> None:
        f.write('<row><c t="inlineStr"><is><t>id</t></is></c></row>')
        f.write('<row><c t="inlineStr"><is><t>')
        for _ in range(length // 1000):
            f.write("x" * 1000)
        f.write("x" * (length % 1000))
        f.write("</t></is></c></row>")

    return xlsx_with_sheet(write)


def csv_long_cell(length: int) -> bytes:
    """A CSV whose second row has one cell of ``length`` characters."""
    return ("id,note\ngdp," + "x" * length + "\n").encode()


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
    # what a file expands to when read (issue 29)
    "xlsx_shared_6mb_x100": lambda: (xlsx_shared_bomb(6_000_000, 100), "shared.xlsx"),
    "xlsx_shared_32k_x5000": lambda: (xlsx_shared_bomb(32_000, 5_000), "shared.xlsx"),
    "xlsx_distinct_240x32k_x3": lambda: (xlsx_shared_bomb(32_000, 3, strings=240), "many.xlsx"),
    "xlsx_inline_6mb": lambda: (xlsx_inline_long(6_000_000), "inline.xlsx"),
    "csv_long_cell_1mb": lambda: (csv_long_cell(1_000_000), "long.csv"),
    "csv_long_cell_40k": lambda: (csv_long_cell(40_000), "long.csv"),
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
            return [str(p) for p in parse_history(data, filename).problems]
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
            text = head + section + ("\n" + rest[nxt + 1 :] if nxt >= 0 else "")
        else:
            text = text.rstrip("\n") + "\n\n" + section
        RESULTS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
