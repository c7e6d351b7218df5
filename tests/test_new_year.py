"""Issue 26, end to end: a 2022 year built from the blank template (``template --year 2022
--blank``) with one new indicator whose name looks like Markdown, stored by an editor on the
data page, then every page, the briefing, the exports and the command line."""

from __future__ import annotations

import csv
import io
import json

import docx
import openpyxl
import pytest

from cli.main import main
from model.data import load_dataset
from model.table import COLUMNS, header
from model.template import canonical, dataset_from_table, read_table
from report.template_writer import write_template
from store import Store
from tests.conftest import EDITOR
from tests.helpers import qp
from tests.html_table import answer_tables
from ui.safe import md_text

DATA_PAGE = "app_pages/data.py"
HEAD_ROW = (
    "id,name_zh,name_en,unit,kind,group,year,months_elapsed,ytd_value,ytd_growth_pct,"
    "target_value,target_growth_pct,source\n"
)
NAME = "新能源**汽车**[x](http://127.0.0.1:9/a)"
PAGES = [
    "app_pages/overview.py",
    "app_pages/economy.py",
    "app_pages/industry.py",
    "app_pages/investment.py",
    "app_pages/land.py",
    "app_pages/compare.py",
    "app_pages/review.py",
    "app_pages/method.py",
    "app_pages/sources.py",
    DATA_PAGE,
]
FILLED = {
    "gdp": {"months_elapsed": "6", "ytd_value": "160.2", "ytd_growth_pct": "6.1",
            "target_growth_pct": "7.0", "source": "2022年统计快报"},
}  # fmt: skip
NEW = {"id": "ev_output", "name_zh": NAME, "name_en": "EV **output**", "unit": "亿元",
       "kind": "growth", "group": "industry", "year": "2022", "months_elapsed": "6",
       "ytd_value": "120.5", "ytd_growth_pct": "25.0", "target_growth_pct": "30.0",
       "source": "2022快报"}  # fmt: skip


def filled_2022(blank: bytes) -> bytes:
    """The clerk's work on the blank 2022 table (headed with column ids or a clerk's words):
    GDP filled, a new indicator added, the other rows left out (that year has no such
    indicators)."""
    rows = list(csv.reader(io.StringIO(blank.decode("utf-8-sig"))))
    words = {header(c, lang): c for c in COLUMNS for lang in (None, "zh", "en")}
    ids = [words[h] for h in rows[0]]
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(rows[0])
    for r in rows[1:]:
        row = dict(zip(ids, r, strict=True))
        if row["id"] in FILLED:
            w.writerow([{**row, **FILLED[row["id"]]}[c] for c in ids])
    w.writerow([NEW.get(c, "") for c in ids])
    return out.getvalue().encode("utf-8")


@pytest.fixture
def year_2022(make_app, tmp_path, monkeypatch):
    """The 2022 table stored through the data page by an editor: (its data id, the app)."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'own.sqlite3'}")
    out = str(tmp_path / "b.csv")
    assert main(["template", "--year", "2022", "--blank", "--lang", "zh", "-o", out]) == 0
    blank = (tmp_path / "b.csv").read_bytes()
    assert blank == write_template(load_dataset(), "csv", year=2022, blank=True, lang="zh")
    at = make_app(page=DATA_PAGE, editor=True)
    at.number_input(key="data_tpl_year").set_value(2022).run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert (
        "下载2022年空白模板（CSV）" in labels and "下载2022年空白模板（XLSX，含填表说明）" in labels
    )
    body = filled_2022(blank)
    at.file_uploader(key="data_upload").upload("2022.csv", body, "text/csv").run()
    assert not at.exception and not at.error
    assert (
        at.text_input(key="data_label").label
        == "说明（可选，如“2022年上半年（1—6月） 统计局快报”）"
    )
    if [c for c in at.checkbox if c.key == "data_confirm"]:
        at.checkbox(key="data_confirm").check().run()
    at.button(key="data_apply").click().run()
    assert not at.exception and not at.error
    new = dataset_from_table(read_table(body, "2022.csv"), load_dataset())
    assert qp(at, "data") == new.data_id and new.year == 2022
    return new.data_id


def _document_text(kind: str, body: bytes) -> str:
    """Every text of an exported document: a CSV's cells, an XLSX's cells, a DOCX's
    paragraphs and table cells."""
    if kind == "csv":
        return body.decode("utf-8-sig")
    if kind == "xlsx":
        wb = openpyxl.load_workbook(io.BytesIO(body))
        return " ".join(str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row)
    doc = docx.Document(io.BytesIO(body))
    cells = [c.text for tb in doc.tables for row in tb.rows for c in row.cells]
    return " ".join([p.text for p in doc.paragraphs] + cells)


def _texts(at) -> list[str]:
    kinds = ("title", "caption", "subheader", "markdown", "info", "warning", "header")
    return [el.value for k in kinds for el in getattr(at, k)]


def test_the_data_page_offers_any_year_and_a_later_period(make_app, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'own.sqlite3'}")
    at = make_app(page=DATA_PAGE)
    assert at.number_input(key="data_tpl_year").value == 2021
    assert at.selectbox(key="data_tpl_months").options == [str(m) for m in range(7, 12)]
    at.selectbox(key="data_tpl_months").set_value(9).run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert "下载2021年1—9月模板（XLSX，目标保留，本期数字留空）" in labels
    at.number_input(key="data_tpl_year").set_value(2023).run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert "下载2023年空白模板（CSV）" in labels
    assert not [s for s in at.selectbox if s.key == "data_tpl_months"]  # another year: no period
    assert not [b for b in at.get("download_button") if b.proto.label.startswith("下载2022年模板")]


def test_the_next_years_template_is_offered_once_a_year_end_table_is_stored(
    make_app, tmp_path, monkeypatch
):
    url = f"sqlite:///{tmp_path / 'own.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    fy_csv = "id,year,months_elapsed,period,ytd_value,ytd_growth_pct\ngdp,2021,12,FY,301.5,8.2\n"
    fy = dataset_from_table(read_table(fy_csv.encode(), "fy.csv"), load_dataset())
    Store(url).acting_as(EDITOR).put_data(
        "data", fy.data_id, canonical(fy), label="2021全年", period="FY", year=2021
    )
    at = make_app(page=DATA_PAGE)
    at.number_input(key="data_tpl_year").set_value(2022).run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert "下载2022年模板（XLSX，上年数据取自2021年年终全年表，目标留空）" in labels
    at.number_input(key="data_tpl_year").set_value(2023).run()  # only the next year
    assert not [x for x in at.get("download_button") if x.proto.label.startswith("下载2023年模板")]


def test_a_livelihood_indicator_is_on_the_land_page(make_app, tmp_path, monkeypatch):
    """A new indicator of group livelihood: on /land (land and livelihood share it)."""
    url = f"sqlite:///{tmp_path / 'own.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    body = HEAD_ROW + (
        "jobs_new,新增**岗位**,New jobs,人,amount,livelihood,2022,6,800,,2000,,2022快报\n"
    )
    new = dataset_from_table(read_table(body.encode(), "t.csv"), load_dataset())
    Store(url).acting_as(EDITOR).put_data(
        "data", new.data_id, canonical(new), label="2022", period=new.period_code, year=2022
    )
    at = make_app(f"data={new.data_id}", page="app_pages/land.py")
    assert not at.exception
    names = [n for df in answer_tables(at) if "指标" in df.columns for n in df["指标"]]
    assert names == ["新增**岗位**"]


def test_a_2022_year_from_the_blank_template_on_every_page(make_app, year_2022):
    bad, shown = [], []
    for page in PAGES:
        at = make_app(f"data={year_2022}", page=page)
        assert not at.exception, (page, [e.stack_trace for e in at.exception])
        texts = _texts(at)
        html = [h.proto.body for h in at.get("html")]
        bad += [(page, "HREF", h[:80]) for h in html if 'href="http://127.0.0.1:9' in h]
        bad += [(page, "LINK", s) for s in texts if "[x](http" in s]  # never a live link
        if page != "app_pages/method.py":  # the method's history speaks of 2021 as a past year
            bad += [(page, "SPEECH", s) for s in texts if "讲话" in s]
        heads = [el.value for k in ("title", "caption") for el in getattr(at, k)]
        if page != "app_pages/method.py":
            bad += [(page, s) for s in heads if "讲话" in s or "2021" in s]
        names = [n for df in answer_tables(at) if "指标" in df.columns for n in df["指标"]]
        if page in ("app_pages/overview.py", "app_pages/industry.py"):
            shown.append(page)
            assert NAME in names, (page, names)  # its row, the name as typed
        if page == "app_pages/industry.py":  # its panel: the heading escaped, never a link
            assert md_text(NAME) in [h.value for h in at.subheader]
    assert not bad
    assert shown == ["app_pages/overview.py", "app_pages/industry.py"]


def test_the_2022_year_in_the_briefing_the_exports_and_the_command_line(
    make_app, year_2022, tmp_path, capsys
):
    at = make_app(f"data={year_2022}", page="app_pages/overview.py")
    briefing = next(m.value for m in at.markdown if "全年2项目标" in m.value)
    assert md_text(NAME) in briefing  # the overview's briefing: the name escaped, shown as typed
    capsys.readouterr()
    assert main(["--json", "--scenario", f"data={year_2022}"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert sorted(rows) == ["ev_output", "gdp"]  # the table's indicators, no other
    assert (rows["ev_output"]["ytd_value"], rows["ev_output"]["period"]) == (120.5, "H1")
    assert main(["--briefing", "--scenario", f"data={year_2022}"]) == 0
    briefing = capsys.readouterr().out
    assert NAME in briefing and "讲话" not in briefing  # the name as typed
    for kind in ("csv", "xlsx", "docx"):
        out = tmp_path / f"e.{kind}"
        q = f"data={year_2022}"
        assert main(["export", "--scenario", q, "--format", kind, "-o", str(out)]) == 0
        text = _document_text(kind, out.read_bytes())
        assert "新能源**汽车**" in text, kind  # the name as typed, not rendered
        assert "讲话" not in text, kind


@pytest.mark.parametrize("page", ["app_pages/overview.py", "app_pages/sources.py"])
def test_in_english_the_2022_year_names_the_table_not_the_speech(make_app, year_2022, page):
    at = make_app(f"data={year_2022}&lang=en", page=page)
    assert not at.exception
    texts = _texts(at)
    assert not [s for s in texts if "speech" in s.lower() or "2021" in s]
    assert any("uploaded table" in s for s in texts)
