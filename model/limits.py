"""What an uploaded table may be, checked before and while it is read: its size in bytes, the
uncompressed size of an XLSX archive (checked on the zip's directory before openpyxl opens
it), its rows, columns and cells, and no control characters in any cell. Both readers (the
fill-in template and the history file) read their cells through :func:`table_rows`, which
also reads CR-only line endings and percent-formatted XLSX cells as the percent shown.
What a file expands to is bounded as well: each cell's text (:data:`MAX_CELL_CHARS`, checked
on the shared strings' XML before openpyxl loads them, and on every cell as it is read) and
all the text read (:data:`MAX_TEXT_CHARS`: a shared string referenced by many cells counts
once per cell), before a row is kept, copied or scanned.

Every refusal is one line (:class:`UploadRefused`) carrying its key and parameters (a
:class:`~model.messages.Text`: ``refuse_<key>`` of the catalogue's ``[upload]`` table, or a
message key of its own), never words in a language: the app says it in the UI language
(``report``), the command line in English. A list of problems is cut at :data:`MAX_PROBLEMS`
with a count of the rest (:func:`capped`).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from typing import Any

from model.fmt import one_line
from model.messages import EN, Problem, Text, text

#: The largest upload, in bytes (the app's ``server.maxUploadSize`` is 2 MB as well).
MAX_BYTES = 2 * 1024 * 1024
#: The largest total uncompressed size of an XLSX archive's members…
MAX_UNCOMPRESSED = 8 * 1024 * 1024
#: … and of any one member that is not a sheet or the shared strings (styles, themes…).
MAX_PART = 1024 * 1024
#: The most members an XLSX archive may have.
MAX_MEMBERS = 500
#: The most rows of a table that hold something (the header included)…
MAX_ROWS = 5_000
#: … and the most rows read in all, empty ones included.
MAX_SCANNED = 20_000
#: The most columns read from a row (cells beyond them are refused).
MAX_COLUMNS = 64
#: The most non-empty cells of a table (and the most cells and shared strings of an XLSX
#: sheet, counted on its XML before openpyxl parses it).
MAX_CELLS = 50_000
#: The most problems listed; the rest are counted in one last line.
MAX_PROBLEMS = 25
#: The most characters in one cell (Excel's own limit)…
MAX_CELL_CHARS = 32_767
#: … and in all the cells read (a shared string referenced by many cells counts once per
#: cell: that is what reading it costs).
MAX_TEXT_CHARS = MAX_UNCOMPRESSED


def message(key: str, /, **params: Any) -> Text:
    """The refusal ``key`` (``refuse_<key>`` of the catalogue's ``[upload]`` table) with its
    parameters, for ``report`` to say."""
    return text(f"refuse_{key}", **params)


class UploadRefused(ValueError):
    """An upload refused before its cells are judged: one line saying why, a keyed
    :class:`~model.messages.Text` (its ``str`` is English), which the app says in the UI
    language."""

    @property
    def said(self) -> Text:
        """The refusal's key and parameters."""
        said = self.args[0]
        assert isinstance(said, Text)
        return said

    @property
    def problem(self) -> Problem:
        """The refusal as a :class:`~model.messages.Problem`: a message of its own
        (``upload_part`` …), or one of the ``[upload]`` table as ``file_refused`` (its text,
        led by "file: " in English)."""
        said = self.said
        if said.key in EN:
            return Problem(said.key, **said.params)
        return Problem("file_refused", error=said)


def refused(key: str, /, **params: Any) -> UploadRefused:
    """An :class:`UploadRefused` for the message ``key`` of :data:`model.messages.EN`."""
    return UploadRefused(text(key, **params))


def refusal(key: str, /, **params: Any) -> UploadRefused:
    """An :class:`UploadRefused` for ``refuse_<key>`` of the ``[upload]`` table."""
    return UploadRefused(message(key, **params))


def capped(problems: list[Any], *, limit: int = MAX_PROBLEMS) -> list[Any]:
    """The first ``limit`` problems, then one line counting the rest (if any)."""
    if len(problems) <= limit:
        return list(problems)
    return [*problems[:limit], message("more", n=len(problems) - limit)]


def check_size(data: bytes, *, limit: int = MAX_BYTES) -> None:
    """:class:`UploadRefused` when ``data`` is larger than ``limit`` bytes."""
    if len(data) > limit:
        raise refusal("too_big", mb=f"{len(data) / 1048576:.1f}", cap=f"{limit / 1048576:g}")


def check_archive(data: bytes) -> None:
    """:class:`UploadRefused` unless ``data`` is a zip archive whose members' declared
    uncompressed sizes add up to at most :data:`MAX_UNCOMPRESSED` (reading a member never
    yields more than its declared size: :mod:`zipfile` stops there and checks the CRC)."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise refusal("not_xlsx", e=type(exc).__name__) from exc
    if len(members) > MAX_MEMBERS:
        raise refusal("members", n=len(members), cap=MAX_MEMBERS)
    total = sum(m.file_size for m in members)
    big = [m for m in members if m.file_size > MAX_PART and not _BULK.match(m.filename)]
    if big:  # one part (a picture, the styles…) over its own cap: named
        raise refused(
            "upload_part",
            part=_part_name(big[0].filename),
            mb=f"{big[0].file_size / 1048576:.1f}",
            cap=f"{MAX_PART / 1048576:g}",
        )
    if total > MAX_UNCOMPRESSED:
        raise refusal(
            "unpacked", mb=f"{total / 1048576:.1f}", cap=f"{MAX_UNCOMPRESSED / 1048576:g}"
        )


def _part_name(name: str) -> str:
    """A member's name as shown in a message: one line, at most 80 characters."""
    return one_line(name, limit=80)


#: The members that may be large: the sheets and the shared strings.
_BULK = re.compile(r"^xl/(worksheets/[^/]+|sharedStrings)\.xml\Z", re.IGNORECASE)
_SHEET = re.compile(r"^xl/worksheets/[^/]+\.xml\Z", re.IGNORECASE)
#: A row, cell or shared-string start tag (any namespace prefix).
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c|si)(?=[\s>/])")
_MARGIN = 64  # longer than any start tag the scan looks for


def scan_archive(data: bytes) -> None:
    """:class:`UploadRefused` when a sheet of XLSX ``data`` has more rows than
    :data:`MAX_SCANNED`, more cells than :data:`MAX_CELLS` or a row with more cells than
    :data:`MAX_COLUMNS`, or the shared strings more than :data:`MAX_CELLS` entries: counted
    on the XML as it is unpacked (1 MB at a time, stopping at the first cap passed), so that
    openpyxl, which builds every row and every shared string in memory, only ever opens a
    file of bounded size."""
    check_archive(data)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        for info in zf.infolist():
            if _SHEET.match(info.filename):
                _scan(zf, info, strings=False)
            elif _BULK.match(info.filename):
                _scan(zf, info, strings=True)
                _scan_strings(zf, info)
    except UploadRefused:
        raise
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise refusal("not_xlsx", e=type(exc).__name__) from exc


def _scan(zf: zipfile.ZipFile, info: zipfile.ZipInfo, *, strings: bool) -> None:
    rows = cells = in_row = 0
    carry = b""
    with zf.open(info) as f:
        while True:
            chunk = f.read(1 << 20)
            buf = carry + chunk
            limit = len(buf) if not chunk else max(0, len(buf) - _MARGIN)
            for m in _TAG.finditer(buf):
                if m.start() >= limit:
                    break
                tag = m.group(1)
                if strings:
                    cells += tag == b"si"
                elif tag == b"row":
                    rows, in_row = rows + 1, 0
                elif tag == b"c":
                    cells, in_row = cells + 1, in_row + 1
                    if in_row > MAX_COLUMNS:
                        raise refusal("columns", row=max(rows, 1), cap=MAX_COLUMNS)
                if rows > MAX_SCANNED:
                    raise refusal("rows", cap=MAX_ROWS)
                if cells > MAX_CELLS:
                    raise refusal("cells", cap=MAX_CELLS)
            if not chunk:
                return
            carry = buf[limit:]


def _scan_strings(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """:func:`refused` when a shared string (an ``<si>`` entry) holds more than
    :data:`MAX_CELL_CHARS` characters: its text is counted as the XML streams through a
    parser that builds nothing (1 MB at a time), before openpyxl loads the strings."""
    from xml.parsers import expat

    state = {"n": 0, "depth": 0, "chars": 0}

    def start(name: str, _attrs: object) -> None:
        if name.rpartition(":")[2] == "si":
            state["n"] += 1
            state["depth"] += 1
            state["chars"] = 0

    def end(name: str) -> None:
        if name.rpartition(":")[2] == "si":
            state["depth"] -= 1

    def chars(data: str) -> None:
        if state["depth"] > 0:
            state["chars"] += len(data)
            if state["chars"] > MAX_CELL_CHARS:
                raise refused("upload_string_long", n=state["n"], cap=f"{MAX_CELL_CHARS:,}")

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.buffer_text = False  # character data in pieces: nothing grows with a long string
    try:
        with zf.open(info) as f:
            while chunk := f.read(1 << 20):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError:
        return  # not well-formed: openpyxl refuses it as unreadable


def decode(data: bytes) -> str | None:
    """The text of ``data`` in UTF-8 (with or without BOM) or GBK; None if neither."""
    for enc in ("utf-8-sig", "gbk"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return None


class _Counter:
    def __init__(self) -> None:
        self.rows = 0
        self.scanned = 0
        self.cells = 0
        self.chars = 0
        self.head: list[str] = []

    def text(self, n: int, cells: list[str]) -> None:
        """Each cell of row ``n`` at most :data:`MAX_CELL_CHARS` characters, and all cells
        read so far at most :data:`MAX_TEXT_CHARS` (counted before a row is kept)."""
        for j, cell in enumerate(cells):
            length = len(cell)
            if length > MAX_CELL_CHARS:
                raise refused(
                    "upload_cell_long",
                    row=n,
                    col=self.column(j),
                    length=f"{length:,}",
                    cap=f"{MAX_CELL_CHARS:,}",
                )
            self.chars += length
            if self.chars > MAX_TEXT_CHARS:
                raise refused("upload_text_total", row=n, cap=f"{MAX_TEXT_CHARS:,}")

    def column(self, j: int) -> str:
        """Column ``j`` as a message names it: its header when short and plain, else its
        letter."""
        from openpyxl.utils import get_column_letter

        name = self.head[j].strip() if j < len(self.head) else ""
        if name and len(name) <= 40 and control_char(name) is None:
            return name
        return get_column_letter(j + 1)

    def row(self, n: int, cells: list[str]) -> list[str]:
        self.text(n, cells)
        if not self.head:
            self.head = cells
        self.scanned += 1
        width = len(cells)
        while width and cells[width - 1] == "":
            width -= 1
        self.rows += width > 0
        if self.rows > MAX_ROWS or self.scanned > MAX_SCANNED:
            raise refusal("rows", cap=MAX_ROWS)
        if width > MAX_COLUMNS:
            raise refusal("columns", row=n, cap=MAX_COLUMNS)
        self.cells += sum(1 for c in cells if c != "")
        if self.cells > MAX_CELLS:
            raise refusal("cells", cap=MAX_CELLS)
        return cells


def csv_rows(text: str) -> list[list[str]]:
    """The rows of CSV ``text`` (line endings CRLF, LF or CR alone), within the caps."""
    count = _Counter()
    out = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for n, row in enumerate(reader, start=1):
            out.append(count.row(n, row))
    except csv.Error as exc:
        if "field limit" in str(exc):  # a cell longer than the csv module reads at all
            raise refused("upload_line_long", row=len(out) + 1, cap=f"{MAX_CELL_CHARS:,}") from exc
        raise refusal("csv", e=str(exc)[:80]) from exc
    return out


def _percent(fmt: str | None) -> bool:
    """Whether an Excel number format shows its value as a percent (a ``%`` outside quotes
    and not escaped)."""
    if not fmt:
        return False
    plain = re.sub(r'"[^"]*"|\\.', "", fmt)
    return "%" in plain


def _text(value: Any, number_format: str | None) -> str:
    """A cell's value as text; a number in a percent format as the percent shown (0.0625 in
    ``0.00%`` is "6.25")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, (int, float)) and _percent(number_format):
        return f"{value * 100:.15g}"
    return str(value)


def xlsx_rows(data: bytes) -> list[list[str]]:
    """The rows of the first sheet of XLSX ``data`` as text, within the caps: the
    archive is checked before openpyxl opens it, rows are streamed (read-only mode) and
    reading stops at the first cap passed."""
    scan_archive(data)
    try:
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any reader failure is the user's file
        raise refusal("not_xlsx", e=type(exc).__name__) from exc
    try:
        ws = wb.worksheets[0]  # the first sheet, whichever tab was open when saved
        ws.reset_dimensions()  # a declared dimension is not trusted (it may claim a million rows)
        count = _Counter()
        out = []
        for n, row in enumerate(ws.iter_rows(max_col=MAX_COLUMNS + 1), start=1):
            cells = [_text(c.value, getattr(c, "number_format", None)) for c in row]
            while cells and cells[-1] == "":  # the padding of read-only rows
                cells.pop()
            out.append(count.row(n, cells))
        return out
    except UploadRefused:
        raise
    except Exception as exc:  # noqa: BLE001
        raise refusal("not_xlsx", e=type(exc).__name__) from exc
    finally:
        wb.close()


def table_rows(data: bytes, filename: str) -> list[list[str]]:
    """The rows of an uploaded CSV or XLSX table as text cells, checked against every cap
    (:class:`UploadRefused` with one line otherwise)."""
    check_size(data)
    if filename.lower().endswith((".xlsx", ".xlsm")):
        return xlsx_rows(data)
    text = decode(data)
    if text is None:
        raise refusal("encoding")
    return csv_rows(text)


#: The one rule for every text a person gives (a CSV/XLSX cell, a scenario name in a link,
#: the store's names, notes, labels and account names): C0 and C1 controls (tab and line
#: breaks too: a cell is one line) and the bidirectional controls that reorder what is shown.
_REFUSED = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def control_char(text: str, *, multiline: bool = False) -> str | None:
    """The first refused character of ``text`` as ``U+XXXX``, or None; ``multiline`` allows
    line breaks (``\\n``, a note's lines), nothing else of the rule."""
    m = _REFUSED.search(text.replace("\n", "") if multiline else text)
    return None if m is None else f"U+{ord(m.group()):04X}"


def control_problems(rows: list[list[str]], *, first_row: int = 1) -> list[Text]:
    """One problem per cell holding a refused character, naming its row and its column
    (the header's name, else the column's letter); ``rows[0]`` is the header."""
    from openpyxl.utils import get_column_letter

    head = rows[0] if rows else []
    out = []
    for n, row in enumerate(rows, start=first_row):
        for j, cell in enumerate(row):
            code = control_char(cell)
            if code is None:
                continue
            name = head[j].strip() if j < len(head) and n != first_row else ""
            col = name if name and control_char(name) is None else get_column_letter(j + 1)
            out.append(message("control", row=n, col=col, code=code))
    return out


# --- names: one way to write a name ----------------------------------------------------------
#: Invisible characters that are not format characters (Unicode's default-ignorable code
#: points outside category Cf): the combining grapheme joiner, Hangul fillers, Mongolian
#: and other variation selectors, and the braille blank.
_INVISIBLE = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2800\u3164\ufe00-\ufe0f\uffa0"
    "\U000e0100-\U000e01ef]"
)


def normal_name(name: str) -> str:
    """``name`` in Unicode NFKC form (full-width letters and the no-break space become their
    plain forms), stripped, runs of spaces as one space; ``ValueError`` when it holds an
    invisible character (format characters such as zero-width spaces and joiners,
    bidirectional controls, the soft hyphen and BOM; Hangul fillers, variation selectors),
    so that two names that look the same are the same name."""
    clean = re.sub(" +", " ", unicodedata.normalize("NFKC", name).strip())
    for ch in clean:
        if unicodedata.category(ch) == "Cf" or _INVISIBLE.match(ch):
            raise ValueError(f"name: must not contain invisible characters (U+{ord(ch):04X})")
    return clean
