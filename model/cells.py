"""Text from users written to spreadsheets stays text: every CSV and XLSX writer (the fill-in
template, the exports) passes its cells through here.

- CSV: a text cell starting with ``= + - @``, a tab or a carriage return is prefixed with an
  apostrophe (a spreadsheet would otherwise run it as a formula); numbers, and text that
  reads as a number ("-1.5"), are written unchanged, so a template still reads back.
- XLSX: openpyxl stores a string starting with ``=`` as a formula; :func:`xlsx_strings`
  turns every such cell of a workbook back into a string (marked with Excel's quote prefix,
  so that editing the cell keeps it text). The app writes no formulas of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

#: The first characters that make a spreadsheet read a CSV cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?%?\Z")


def csv_text(value: Any) -> Any:
    """``value`` as a CSV cell that cannot run: text starting with a formula character gets
    a leading apostrophe; anything else (numbers, None, text reading as a number) is
    returned as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    """:func:`csv_text` of every cell of a row."""
    return [csv_text(v) for v in values]


def csv_unescape(text: str) -> str:
    """The text :func:`csv_text` escaped (a leading apostrophe before a formula character
    dropped), so that a template written and read back gives the same text."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def xlsx_strings(wb: Any) -> None:
    """Every cell of the openpyxl workbook ``wb`` that openpyxl took for a formula (a string
    starting with ``=``) stored as the string it is, with Excel's quote prefix."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
                    cell.quotePrefix = True
