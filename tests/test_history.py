"""History files: the default file is valid, encodings accepted, a corpus of bad files rejected."""

from __future__ import annotations

import io

import openpyxl
import pytest

from model.history import DEFAULT_HISTORY_PATH, MAX_BYTES, parse_history
from report.i18n import message as say


def said(problems, lang="zh"):
    """A file's problems (keys and parameters) as a person reads them in ``lang``."""
    return tuple(say(lang, p) for p in problems)


GOOD = DEFAULT_HISTORY_PATH.read_text(encoding="utf-8")
HEAD = "region,indicator,year,period,value,unit,growth_pct,growth_basis,source_url,note\n"
ROW = "china,gdp,2020,H1,456614,亿元,-1.6,real,http://example.org/a,首发\n"


def xlsx_bytes(text: str) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for line in text.strip().splitlines():
        ws.append(line.split(","))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_default_history_is_valid():
    r = parse_history(DEFAULT_HISTORY_PATH.read_bytes(), "macro_history.csv")
    assert r.ok and len(r.table) == 442


#: The GBK file carries the text GBK can hold (a character it cannot, such as ¥, becomes ?).
GBK_TEXT = GOOD.encode("gbk", errors="replace").decode("gbk")
FIRST = ("china", "gdp", 2000, "H1", 39000.0, "亿元", 8.2, "real")
LAST = ("suzhou", "gdp", 2018, "FY", 18600.0, "亿元", 6.8, "real")
XLSX_ROW = ("china", "gdp", 2020, "H1", 456614.0, "亿元", -1.6, "real")


def row_of(table, i):
    r = table.iloc[i]
    growth = None if r["growth_pct"] != r["growth_pct"] else float(r["growth_pct"])  # NaN
    return (
        r["region"],
        r["indicator"],
        int(r["year"]),
        r["period"],
        float(r["value"]),
        r["unit"],
        growth,
        r["growth_basis"],
    )


@pytest.mark.parametrize(
    "data, name, text, rows",
    [
        (GOOD.encode("utf-8"), "utf8.csv", GOOD, 442),
        (b"\xef\xbb\xbf" + GOOD.encode("utf-8"), "bom.csv", GOOD, 442),
        (GOOD.encode("gbk", errors="replace"), "gbk.csv", GBK_TEXT, 442),
        (xlsx_bytes(HEAD + ROW), "ok.xlsx", HEAD + ROW, 1),
    ],
)
def test_accepted_encodings_and_formats(data, name, text, rows):
    """Each encoding and format reads to the very table its text gives as UTF-8 CSV: the same
    columns (the BOM is not part of the first), types, Chinese units and notes, and values."""
    r = parse_history(data, name)
    assert r.ok, r.problems
    # the optional geo_level column is kept where the file has it (the shipped file does)
    assert [c for c in r.table.columns if c != "geo_level"] == HEAD.strip().split(",")
    assert ("geo_level" in r.table.columns) == (rows > 1)
    assert len(r.table) == rows
    assert r.table.equals(parse_history(text.encode("utf-8"), "ref.csv").table)
    if rows == 1:
        assert row_of(r.table, 0) == XLSX_ROW and r.table["note"].iloc[0] == "首发"
    else:
        assert row_of(r.table, 0) == FIRST and row_of(r.table, -1) == LAST
        assert (r.table["unit"] == "亿元").sum() == 272


CORPUS = [
    ("empty", b"", "e.csv", "文件为空"),
    ("blank lines", b"\n\n  \n", "e.csv", "文件为空"),
    ("binary", bytes(range(256)) * 4, "b.csv", "二进制"),
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "p.csv", "二进制"),
    ("not xlsx", b"this is not a zip", "x.xlsx", "XLSX"),
    ("unknown encoding", "region,年份\n".encode("utf-16"), "u.csv", "二进制"),
    (
        "wrong columns",
        b"a,b,c\n1,2,3\n",
        "w.csv",
        "缺少列：region, indicator, year, period, growth_pct",
    ),
    (
        "one column missing",
        b"region,indicator,year,period\nchina,gdp,2020,H1\n",
        "m.csv",
        "缺少列：growth_pct",
    ),
    ("header only", HEAD.encode(), "h.csv", "没有数据行"),
    ("non-numeric growth", (HEAD + ROW.replace("-1.6", "abc")).encode(), "n.csv", "“abc”不是数字"),
    (
        "thousands separator",
        (HEAD + ROW.replace("456614", '"456,614"')).encode(),
        "t.csv",
        "含千位分隔符",
    ),
    ("non-numeric year", (HEAD + ROW.replace("2020", "二〇二〇")).encode(), "y.csv", "列 year"),
    ("empty year", (HEAD + ROW.replace("2020", "")).encode(), "y2.csv", "第2行为空"),
    ("impossible period", (HEAD + ROW.replace(",H1,", ",H3,")).encode(), "p.csv", "期别不在"),
    ("unknown indicator", (HEAD + ROW.replace(",gdp,", ",cpi,")).encode(), "i.csv", "指标不在"),
    ("year out of range", (HEAD + ROW.replace("2020", "1800")).encode(), "yr.csv", "年份不是"),
    ("fractional year", (HEAD + ROW.replace("2020", "2020.5")).encode(), "yf.csv", "年份不是"),
    ("absurd growth", (HEAD + ROW.replace("-1.6", "5000")).encode(), "g.csv", "增速超出"),
    ("negative level", (HEAD + ROW.replace("456614", "-5")).encode(), "neg.csv", "水平值为负"),
    (
        "no numbers",
        (HEAD + ROW.replace("456614", "").replace("-1.6", "")).encode(),
        "nn.csv",
        "都为空",
    ),
    ("duplicate primary", (HEAD + ROW + ROW).encode(), "d.csv", "多条主行"),
    ("empty region", (HEAD + ROW.replace("china,", ",", 1)).encode(), "r.csv", "地区为空"),
    (
        "too large",
        (HEAD + ROW * (MAX_BYTES // len(ROW.encode()) + 10)).encode(),
        "big.csv",
        "文件过大",
    ),
    ("xlsx with bad rows", xlsx_bytes(HEAD + ROW.replace(",H1,", ",H9,")), "bad.xlsx", "期别不在"),
]


@pytest.mark.parametrize("label, data, name, message", CORPUS, ids=[c[0] for c in CORPUS])
def test_malformed_files_are_rejected_with_their_problem(label, data, name, message):
    r = parse_history(data, name)
    assert not r.ok and r.table is None
    assert any(message in p for p in said(r.problems)), said(r.problems)


def test_every_problem_is_listed_at_once():
    bad = (
        HEAD
        + ROW.replace("-1.6", "abc")
        + ROW.replace(",H1,", ",H7,").replace("2020", "2019")
        + ROW.replace(",gdp,", ",x,").replace("2020", "2018")
    )
    r = parse_history(bad.encode(), "many.csv")
    text = " ".join(said(r.problems))
    assert "不是数字" in text and "期别不在" in text and "指标不在" in text


def test_alt_rows_may_repeat_a_primary_row():
    alt = ROW.replace("首发", "ALT: revised")
    assert parse_history((HEAD + ROW + alt).encode(), "alt.csv").ok


def test_problems_follow_the_language():
    bad = (HEAD + "china,gdp,20x1,H7,,亿元,1.0,real,http://x,\n").encode()
    zh = said(parse_history(bad, "bad.csv").problems)
    en = said(parse_history(bad, "bad.csv").problems, "en")
    assert len(zh) == len(en) >= 2
    assert tuple(map(str, parse_history(bad, "bad.csv").problems)) == en  # the CLI's English
    assert any("不是数字" in p for p in zh) and any("is not a number" in p for p in en)
    for p in en:  # no Chinese in the English messages but the file's own text
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in p.replace("亿元", "")), p


def test_a_row_with_extra_fields_is_named_not_dropped():
    bad = (HEAD + ROW + "china,gdp,2021,H1,1,000,亿元,1,real,http://x,\n").encode()
    r = parse_history(bad, "comma.csv")
    assert not r.ok and said(r.problems, "en") == (
        "row 3 has more fields than the header's 10 columns (remove commas from numbers, "
        "or quote text that has them)",
    )


def test_a_column_of_many_bad_cells_is_one_problem_said_in_either_language():
    """Twelve cells listed, then a count: the list and its separator in the UI language,
    the English line (``str()``, the command line's) in English."""
    rows = "".join(ROW.replace("2020", str(1990 + i)).replace("-1.6", f"x{i}") for i in range(14))
    (column,) = [p for p in parse_history((HEAD + rows).encode(), "many.csv").problems]
    zh_cells = "，".join(f"第{i + 2}行“x{i}”不是数字" for i in range(12))
    en_cells = ", ".join(f"row {i + 2} 'x{i}' is not a number" for i in range(12))
    assert say("zh", column) == f"列 growth_pct：{zh_cells} 等共14处"
    assert say("en", column) == f"column growth_pct: {en_cells} and more (14 in all)"
    assert str(column) == say("en", column)


def test_a_bad_history_file_is_one_line_naming_the_file(tmp_path):
    from model.history import load_history

    path = tmp_path / "h.csv"
    path.write_text(HEAD + ROW.replace(",H1,", ",H7,"), encoding="utf-8")
    with pytest.raises(ValueError) as exc:
        load_history(path)
    assert str(exc.value) == f"{path}: period not one of Q1/H1/Q3YTD/FY: row 2"
    assert say("zh", exc.value).startswith(f"{path}: 期别不在")


GEO_LEVELS = {"national", "province", "city", "district"}


def _shipped_rows():
    """The shipped file as written (csv directly: the reader does not keep ``geo_level``)."""
    import csv

    with DEFAULT_HISTORY_PATH.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_every_shipped_row_has_a_source_address_and_a_geo_level():
    rows = _shipped_rows()
    assert list(rows[0])[-1] == "geo_level"  # appended as the last column
    assert [r for r in rows if not r["source_url"].startswith(("http://", "https://"))] == []
    assert [r for r in rows if r["geo_level"] not in GEO_LEVELS] == []
    by_region = {(r["region"], r["geo_level"]) for r in rows}
    assert {("china", "national"), ("guangxi", "province"), ("liuzhou", "city")} <= by_region
    assert len({r["region"] for r in rows}) == len(by_region)  # one level per region


def test_the_additions_of_issue_28_are_there_with_sources_and_levels():
    """China's January–September industry rows, national retail sales, and the sub-national
    series (a city, a district, a province-level city) the spread of H1-to-FY gaps is learnt
    from: each a primary row with its published growth, a web source and its geo level."""
    primary = [r for r in _shipped_rows() if not r["note"].startswith("ALT")]
    growth = {(r["region"], r["indicator"], r["year"], r["period"]): r for r in primary}
    q3 = {int(y) for (g, i, y, p) in growth if (g, i, p) == ("china", "industry_va", "Q3YTD")}
    assert q3 == {2009, 2011, 2012} | set(range(2014, 2026))
    assert growth["china", "industry_va", "2020", "Q3YTD"]["growth_pct"] == "1.2"
    assert growth["china", "industry_va", "2022", "Q3YTD"]["growth_pct"] == "3.9"
    retail = [r for r in primary if (r["region"], r["indicator"]) == ("china", "retail")]
    assert len(retail) == 33 and {r["growth_basis"] for r in retail} == {"nominal"}
    assert growth["china", "retail", "2020", "H1"]["growth_pct"] == "-11.4"
    assert growth["china", "retail", "2021", "FY"]["growth_pct"] == "12.5"
    assert growth["wuhan", "gdp", "2021", "H1"]["growth_pct"] == "28.6"
    assert growth["wuhan", "gdp", "2021", "FY"]["growth_pct"] == "12.2"
    levels = {r["region"]: r["geo_level"] for r in primary}
    assert levels["shenzhen"] == levels["wuhan"] == "city"
    assert levels["pudong"] == levels["liangjiang"] == "district"
    assert levels["shanghai"] == levels["tianjin"] == "province"
    for key in [k for k in growth if k[0] != "china" or k[1] in ("industry_va", "retail")]:
        assert growth[key]["source_url"].startswith("http"), key


def test_the_spread_table_is_computed_from_the_published_pairs_only():
    """bench.spread: the H1-to-FY gap in log points, and the series with ≥ 3 pairs (Shenzhen's
    four years against the nation's same four) apart from those with fewer (Wuhan's one)."""
    import math

    from bench.spread import gap, table

    assert gap(12.7, 8.1) == pytest.approx(100 * (math.log(1.081) - math.log(1.127)))
    assert gap(28.6, 12.2) == pytest.approx(-13.65, abs=0.01)
    rows, few = table(3)
    by = {r.series: r for r in rows}
    assert set(by) == {"shanghai gdp", "guangxi gdp", "shenzhen gdp", "tianjin gdp"}
    sz = by["shenzhen gdp"]
    assert sz.level == "city" and sz.years == (2018, 2019, 2021, 2023) == sz.national_years
    assert sz.rms == pytest.approx(1.44, abs=0.005)
    assert sz.ratio == pytest.approx(sz.rms / sz.national_rms)
    assert any(line.startswith("wuhan gdp [city] 2021: d=-13.6") for line in few)
    assert {r.series for r in table(3, skip=frozenset({2021, 2023}))[0]} == {"tianjin gdp"}
