"""Uploads bounded by what they expand to (issue 29, finding 1): a shared string referenced by
many cells, a long inline string, many distinct long strings and a long CSV cell are refused
while the rows stream, by the template reader, the history reader, the command line and the
pages, with a message that names the cap; a non-sheet part over its cap is named. (Time and
memory of each refusal: ``python -m bench.upload_bomb``, printed, never asserted here.)"""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from bench.upload_bomb import csv_long_cell, xlsx_inline_long, xlsx_shared_bomb
from model import limits
from model.history import parse_history
from model.messages import Text
from model.template import TemplateError, read_table
from report.i18n import message

CAP = f"{limits.MAX_CELL_CHARS:,}"  # "32,767"
TOTAL = f"{limits.MAX_TEXT_CHARS:,}"  # "8,388,608"


def refusal(data: bytes, name: str) -> tuple[str, str, dict, object]:
    """The template reader's one problem (English), its key and params, and the history
    reader's one problem (for the Chinese UI)."""
    with pytest.raises(TemplateError) as err:
        read_table(data, name)
    assert len(err.value.items) == 1
    item = err.value.items[0]
    history = parse_history(data, name).problems
    assert len(history) == 1
    return err.value.problems[0], item.key, item.params, history[0]


def test_one_6mb_shared_string_in_100_cells_is_refused_before_openpyxl_loads_it():
    bomb = xlsx_shared_bomb(6_000_000, 100)
    assert len(bomb) < 12_000  # an 11 KB file
    en, key, params, hist = refusal(bomb, "shared.xlsx")
    assert key == "upload_string_long" and params == {"n": 2, "cap": CAP}
    assert en == (
        "file: shared string 2 of the XLSX file holds more than 32,767 characters "
        "(Excel's limit for a cell)"
    )
    assert isinstance(hist, Text) and hist.key == "upload_string_long"
    assert (
        message("zh", hist)
        == "XLSX 文件的第 2 个共享字符串超过 32,767 个字符（Excel 单元格的上限）"
    )
    assert message("en", hist).startswith("Shared string 2 of the XLSX file holds more than 32,767")


def test_a_shared_string_under_the_cell_cap_in_many_cells_is_refused_at_the_total():
    # 32,000 characters × 5,000 cells = 160 M characters read from a 6 KB file
    bomb = xlsx_shared_bomb(32_000, 5_000)
    assert len(bomb) < 10_000
    en, key, params, hist = refusal(bomb, "shared.xlsx")
    # the header row (2 characters), then 10 cells a row: 8,388,608 passed in row 28's cells
    assert key == "upload_text_total" and params == {"row": 28, "cap": TOTAL}
    assert "more than 8,388,608 characters (reached at row 28" in en
    assert message("zh", hist).startswith(
        "表格各单元格的文字合计超过 8,388,608 个字符（读到第28行时）"
    )


def test_many_distinct_long_strings_are_refused_at_the_total():
    bomb = xlsx_shared_bomb(32_000, 3, strings=240)  # 7.7 MB of strings, each read 3 times
    _, key, params, _ = refusal(bomb, "many.xlsx")
    assert key == "upload_text_total" and params["cap"] == TOTAL


def test_a_long_inline_string_is_refused_at_its_cell():
    _, key, params, hist = refusal(xlsx_inline_long(6_000_000), "inline.xlsx")
    assert key == "upload_cell_long"
    assert params == {"row": 2, "col": "id", "length": "6,000,000", "cap": CAP}
    assert message("zh", hist) == "第2行，id列：单元格有 6,000,000 个字符，上限 32,767 个"


def test_a_long_csv_cell_is_refused_with_its_row_and_column_and_the_cap():
    _, key, params, _ = refusal(csv_long_cell(40_000), "long.csv")
    assert key == "upload_cell_long"
    assert params == {"row": 2, "col": "note", "length": "40,000", "cap": CAP}
    # longer than the csv module reads at all (131,072): the row and the cap
    en, key, params, hist = refusal(csv_long_cell(1_000_000), "long.csv")
    assert key == "upload_line_long" and params == {"row": 2, "cap": CAP}
    assert en == "row 2: a cell holds more than 32,767 characters"
    assert message("zh", hist) == "第2行：有单元格超过 32,767 个字符"


def test_a_cell_of_exactly_the_cap_is_read():
    rows = limits.table_rows(csv_long_cell(limits.MAX_CELL_CHARS), "ok.csv")
    assert len(rows[1][1]) == 32_767
    with pytest.raises(limits.UploadRefused) as err:
        limits.table_rows(csv_long_cell(limits.MAX_CELL_CHARS + 1), "no.csv")
    assert err.value.problem is not None and err.value.problem.params["length"] == "32,768"
    ok = limits.table_rows(xlsx_shared_bomb(limits.MAX_CELL_CHARS, 3), "ok.xlsx")
    assert [len(c) for c in ok[1]] == [32_767] * 3


def _xlsx_with_picture(size: int) -> bytes:
    buf = io.BytesIO()
    wb = Workbook()
    wb.active.append(["id", "months_elapsed"])
    wb.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        dst.writestr("xl/media/image1.png", b"\x89PNG" + b"\0" * (size - 4))
    return out.getvalue()


def test_a_picture_over_the_part_cap_is_named():
    en, key, params, hist = refusal(_xlsx_with_picture(1_150_000), "pic.xlsx")
    assert key == "upload_part"
    assert params == {"part": "xl/media/image1.png", "mb": "1.1", "cap": "1"}
    assert en == (
        "file: the XLSX part xl/media/image1.png is too large unpacked "
        "(1.1 MB, at most 1 MB per part)"
    )
    assert (
        message("zh", hist)
        == "XLSX 文件中的 xl/media/image1.png 解压后过大（1.1 MB，每个部分上限 1 MB）"
    )


def test_the_command_line_refuses_each_with_one_line_and_exit_2(tmp_path, monkeypatch, capsys):
    from cli.main import main

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'own.sqlite3'}")
    shared = tmp_path / "shared.xlsx"
    shared.write_bytes(xlsx_shared_bomb(6_000_000, 100))
    long_csv = tmp_path / "long.csv"
    long_csv.write_bytes(csv_long_cell(40_000))
    said = "file: shared string 2 of the XLSX file holds more than 32,767 characters"
    for argv, expected in (
        (["--data", str(shared)], f"error: data: {said}"),
        (["--history", str(shared)], f"error: history: {shared}: {said}"),
        (["data", "store", str(shared)], f"error: data: {said}"),
        (["--data", str(long_csv)], "error: data: row 2, column note: the cell holds 40,000"),
    ):
        capsys.readouterr()
        assert main(argv) == 2, argv
        err = capsys.readouterr().err.splitlines()
        assert len(err) == 1 and err[0].startswith(expected), (argv, err)


def test_the_pages_refuse_in_the_ui_language_and_keep_the_data(make_app, ds):
    bomb = xlsx_shared_bomb(6_000_000, 100)
    data = make_app(page="app_pages/data.py")
    data.file_uploader(key="data_upload").upload("shared.xlsx", bomb, "application/zip").run()
    assert not data.exception
    assert "第 2 个共享字符串超过 32,767 个字符" in data.error[0].value
    assert not [b for b in data.button if b.key == "data_apply"]
    method = make_app(page="app_pages/method.py", editor=True)
    up = method.file_uploader(key="history_upload")
    up.upload("shared.xlsx", bomb, "application/zip").run()
    assert not method.exception
    text = " ".join(e.value for e in method.error)
    assert "第 2 个共享字符串超过 32,767 个字符" in text and "shared string" not in text
    assert "hist" not in method.query_params  # the history in use stays


def test_every_refusal_key_is_catalogued_in_both_languages():
    import re
    from pathlib import Path

    from model.messages import EN
    from report import i18n

    src = Path(limits.__file__).read_text(encoding="utf-8")
    keys = set(re.findall(r'\brefused\(\s*"([a-z_]+)"', src))
    assert keys == {
        "upload_part",
        "upload_string_long",
        "upload_cell_long",
        "upload_line_long",
        "upload_text_total",
    }
    for key in keys:
        assert key in EN and f"msg_{key}" in i18n.ZH and f"msg_{key}" in i18n.EN
