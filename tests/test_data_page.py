"""The 数据更新 page and data ids (issue 11): upload a filled template, see every problem or
the figure-by-figure difference, apply it, and reproduce it from a ``data=`` link; the labels
follow the period; a link whose data id is unknown says so and shows the default data."""

from __future__ import annotations

import pytest

from model.data import load_dataset
from model.period import periodize, words
from model.projection import project
from model.template import canonical, data_id, dataset_from_table, from_canonical, read_table
from report.period_words import as_of
from store import Store
from tests.conftest import EDITOR
from tests.helpers import HEAD, Q3, q3, qp, stored_q3
from tests.html_table import answer_tables
from ui.datapage import diff

DATA_PAGE = "app_pages/data.py"


# --- model: words, ids ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "months,zh,en",
    [
        (3, ("一季度", "后三季度"), ("Q1", "Q2–Q4")),
        (6, ("上半年", "下半年"), ("H1", "H2")),
        (9, ("前三季度", "四季度"), ("Q1–Q3", "Q4")),
        (8, ("1—8月", "剩余月份"), ("Jan–Aug", "Sep–Dec")),
        (1, ("1月", "剩余月份"), ("Jan", "Feb–Dec")),
        (11, ("1—11月", "剩余月份"), ("Jan–Nov", "Dec")),
    ],
)
def test_period_words(months, zh, en):
    assert (words(months).ytd, words(months).rest) == zh
    assert (words(months, "en").ytd, words(months, "en").rest) == en
    assert periodize("上半年完成，下半年须增长", months) == f"{zh[0]}完成，{zh[1]}须增长"
    assert periodize("H2 must grow; H1 growth; H10", months, "en") == (
        f"{en[1]} must grow; {en[0]} growth; H10"
    )


def test_as_of_and_bad_months():
    assert as_of(2021, 9) == "2021年前三季度（1—9月）"
    assert as_of(2021, 8, "en") == "2021 Jan–Aug"
    assert as_of(2021, 6, "en") == "2021 H1 (Jan–Jun)"
    # 12: the year-end table's words (issue 26), the whole year
    assert (
        as_of(2021, 12) == "2021年全年（1—12月）" and as_of(2021, 12, "en") == "2021 FY (Jan–Dec)"
    )
    for bad in (0, 13, 6.5, True):
        with pytest.raises(ValueError, match="months elapsed"):
            words(bad)  # type: ignore[arg-type]


def test_the_data_id_names_the_figures_and_survives_the_store(ds):
    new = q3()
    assert new.data_id != ds.data_id and len(new.data_id) == 12
    again = from_canonical(canonical(new), ds)
    assert again.data_id == new.data_id == data_id(again)
    assert project(again).to_records() == project(new).to_records()
    # any figure changed: another id; the same figures from another file: the same id
    other = dataset_from_table(read_table(Q3.replace("2000", "2001").encode(), "x.csv"), ds)
    assert other.data_id != new.data_id
    gbk = dataset_from_table(read_table(Q3.encode("gbk"), "q3.csv"), ds)
    assert gbk.data_id == new.data_id


def test_the_difference_lists_each_changed_figure(ds):
    d = diff(ds, q3(), "zh")
    changed = {(r["指标"], r["项目"]): (r["当前"], r["上传"]) for _, r in d.iterrows()}
    assert changed[("城镇新增就业", "本期累计完成")][1] == "2000"
    assert changed[("财政收入", "已过月数")] == ("6", "9")
    assert ("财政收入", "全年目标") not in changed  # 55.37 both: unchanged
    assert diff(ds, ds, "zh").empty


# --- the app ----------------------------------------------------------------------------------
def test_upload_diff_apply_and_the_link_reproduces_the_figures(make_app, tmp_path, monkeypatch):
    # a store of its own: another test's newer stored data of 2021 would add its notice
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'own.sqlite3'}")
    at = make_app(page=DATA_PAGE, editor=True)
    assert not at.exception
    before = qp(at, "data")
    assert before == load_dataset().data_id
    at.file_uploader(key="data_upload").upload("q3.csv", Q3.encode("gbk"), "text/csv").run()
    assert not at.exception and not at.error
    new_id = q3().data_id
    assert any(new_id in s.value for s in at.subheader)
    assert qp(at, "data") == before  # nothing changes until applied
    diff_frames = [d.value for d in at.dataframe if "上传" in d.value.columns]
    assert diff_frames and len(diff_frames[0]) >= 5
    at.text_input(key="data_label").input("2021年前三季度 测试").run()
    # the table leaves 15 indicators out: one warning names them, apply waits for a tick
    assert any("表格未给出 15 项指标的本期累计数" in w.value for w in at.warning)
    assert at.button(key="data_apply").disabled
    at.checkbox(key="data_confirm").check().run()
    at.button(key="data_apply").click().run()
    assert not at.exception and not at.error
    assert qp(at, "data") == new_id
    assert any("已应用" in s.value and new_id in s.value for s in at.success)
    assert any("数据截至：2021年前三季度（1—9月）" in c.value for c in at.caption)

    # a fresh session opened on the link: the same figures, labels in the period's words
    link = make_app(f"data={new_id}&new_jobs=300", page="app_pages/overview.py")
    assert not link.exception and len(link.warning) == 0
    assert any("数据截至：2021年前三季度" in c.value for c in link.caption)
    table = next(d for d in answer_tables(link) if "指标" in d.columns)
    assert any("前三季度" in c for c in table.columns) and not any(
        "上半年" in c for c in table.columns
    )
    assert any("四季度" in c for c in table.columns)
    jobs = table.set_index("指标").loc["城镇新增就业"]
    assert "难达标" in " ".join(map(str, jobs.values))  # 2,000 + 300 < 2,600


def test_an_unknown_data_id_says_so_and_shows_the_default(make_app, ds):
    at = make_app("data=0123456789ab&fai=30", page="app_pages/investment.py")
    assert not at.exception
    assert any("找不到" in w.value and "data" in w.value for w in at.warning)
    assert qp(at, "data") == ds.data_id and qp(at, "fai") == "30"
    assert any("数据截至：2021年上半年" in c.value for c in at.caption)


def test_a_stored_default_opens_for_new_sessions_and_old_v_links_still_work(make_app, ds):
    store = Store()
    new = stored_q3(store)
    store.set_default_data("data", new.data_id, actor=EDITOR)
    try:
        at = make_app("fai=20", page="app_pages/overview.py")
        assert not at.exception
        assert qp(at, "data") == new.data_id
        old = make_app(f"data={ds.data_id}", page="app_pages/overview.py")
        assert qp(old, "data") == ds.data_id  # a link names its data: the default does not win
        v_link = make_app(f"v={ds.vintage}&fai=20", page="app_pages/overview.py")
        assert not v_link.exception and qp(v_link, "fai") == "20"
    finally:
        store.set_default_data("data", None, actor=EDITOR)


def test_a_faulty_upload_lists_every_problem_and_keeps_the_data(make_app, ds):
    bad = HEAD + "fiscal_revenue,9,Q3,abc,6,55.37,6,\nnope,9,Q3,1,,,,\nfai,13,Q3,,5,,16,170\n"
    at = make_app(page=DATA_PAGE)
    at.file_uploader(key="data_upload").upload("bad.csv", bad.encode(), "text/csv").run()
    assert not at.exception
    text = at.error[0].value
    for part in (
        "第2行（fiscal_revenue 财政收入），“ytd_value”列：“abc”不是数字",
        "第3行，“id”列：“nope”不是模板中的指标代码",
        "第4行（fai 固定资产投资），“months_elapsed”列：须为 1 至 12 的整数",
        "第4行（fai 固定资产投资），“prior_share_pct”列：170 须在 0 至 100 之间",
    ):
        assert part in text
    assert "row " not in text and "column" not in text  # no English in the Chinese UI
    assert not [b for b in at.button if b.key == "data_apply"]
    assert qp(at, "data") == ds.data_id


def test_switching_back_to_the_shipped_data(make_app, ds):
    new = stored_q3()
    at = make_app(f"data={new.data_id}", page=DATA_PAGE)
    assert qp(at, "data") == new.data_id
    at.selectbox(key="data_pick").select(ds.data_id).run()
    at.button(key="data_use").click().run()
    assert not at.exception
    assert qp(at, "data") == ds.data_id
    assert any("数据截至：2021年上半年" in c.value for c in at.caption)


def test_english_labels_follow_the_period(make_app):
    new = stored_q3()
    at = make_app(f"data={new.data_id}&lang=en", page="app_pages/investment.py")
    assert not at.exception
    assert any("Data as of: 2021 Q1–Q3 (Jan–Sep)" in c.value for c in at.caption)
    labels = [s.label for s in at.slider]
    assert any("Q4" in x for x in labels) and not any("H2" in x for x in labels)


def test_the_command_line_reads_a_data_link_from_the_store(capsys, ds):
    import json

    from cli.main import main

    new = stored_q3()
    assert main(["--json", "--scenario", f"data={new.data_id}&new_jobs=300"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    jobs = rows["new_jobs"]
    assert (rows["fiscal_revenue"]["period"], jobs["ytd_value"], jobs["outcome"]) == (
        "Q3",
        2000,
        "miss",
    )
    assert main(["--json", "--scenario", "data=0123456789ab"]) == 2
    assert "data: no dataset '0123456789ab'" in capsys.readouterr().err
    assert main(["--json", "--scenario", "hist=0123456789ab"]) == 2
    assert "no stored history file" in capsys.readouterr().err


def test_sensitivity_band_and_grid_follow_the_period():
    from model.period import share_band, share_grid

    assert share_band(6) == (40.0, 50.0)
    assert share_grid(6) == [35.0, 37.5, 40.0, 42.5, 45.0, 47.5, 50.0, 52.5, 55.0, 57.5, 60.0]
    assert share_band(9) == (65.0, 75.0) and share_band(3) == (15.0, 25.0)
    assert min(share_grid(1)) >= 1.0 and max(share_grid(11)) <= 99.0


def test_stored_figures_keep_their_sources(ds):
    again = from_canonical(canonical(ds), ds)  # the shipped data, through the store's text
    assert [i.figures for i in again.indicators] == [i.figures for i in ds.indicators]
    text = Q3.replace("prior_share_pct\n", "prior_share_pct,source\n").replace(
        "fiscal_revenue,9,Q3,45,6,55.37,6,", "fiscal_revenue,9,Q3,45,6,55.37,6,,财政局9月快报"
    )
    new = dataset_from_table(read_table(text.encode(), "q3.csv"), ds)
    stored = from_canonical(canonical(new), ds)
    fiscal = stored.get("fiscal_revenue").figures
    assert (
        fiscal["h1_value"].quote == "财政局9月快报" and fiscal["h1_value"].section == "上传表格 Q3"
    )
    assert fiscal["target_value"] == ds.get("fiscal_revenue").figures["target_value"]  # speech
    assert stored.data_id == new.data_id


def test_saved_scenarios_and_exports_record_the_data_id(tmp_path, capsys):
    import csv
    import io
    import json

    from cli.main import main

    new = stored_q3()
    q = f"data={new.data_id}&new_jobs=700"
    assert main(["scenarios", "save", "三季度方案", "--scenario", q]) == 0
    capsys.readouterr()
    assert main(["scenarios", "list", "--json"]) == 0
    row = next(r for r in json.loads(capsys.readouterr().out) if r["name"] == "三季度方案")
    assert row["data_id"] == new.data_id and row["query"] == "new_jobs=700"
    out = tmp_path / "q3.csv"
    assert main(["export", "--scenario", q, "--format", "csv", "-o", str(out)]) == 0
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    jobs = next(r for r in rows if r[1] == "城镇新增就业")
    cells = dict(zip(rows[0], jobs, strict=True))
    assert cells["数据编号"] == new.data_id and jobs[2] == "可达标"  # 2,000 + 700 ≥ 2,600
    assert any("四季度" in h for h in rows[0]) and not any("下半年" in h for h in rows[0])


def test_an_amounts_pace_is_monthly_whatever_the_period():
    from model.scenario import Scenario

    ds3 = q3()
    jobs = project(ds3, Scenario()).get("new_jobs")
    # Q1–Q3 2,000 of 2,600: the pace of 2,000 / 9 a month brings 2,000 × 3/9 = 666.7 in Q4
    assert jobs.h2_assumption == pytest.approx(2000 * 3 / 9)
    assert jobs.projected_fy_value == pytest.approx(2000 + 2000 / 3)
    assert jobs.pace_ratio == pytest.approx(600 / (2000 / 3))  # 0.9: the pace suffices
    assert jobs.status == "on_track" and jobs.outcome == "reach"
    low = project(ds3, Scenario(preset="conservative")).get("new_jobs")
    assert low.h2_assumption == pytest.approx(2000 / 3 * 0.9)
    # at mid-year the monthly pace ratio is the plain ratio of amounts
    h1 = project(load_dataset(), Scenario()).get("new_jobs")
    assert h1.pace_ratio == pytest.approx(h1.required_h2_amount / h1.h1_value)


def test_an_xlsx_upload_and_an_unreachable_database(make_app, monkeypatch, ds):
    from report.template_writer import write_template

    xlsx = write_template(q3(), "xlsx", with_actuals=True)
    at = make_app(page=DATA_PAGE)
    at.file_uploader(key="data_upload").upload("q3.xlsx", xlsx, "application/octet-stream").run()
    assert not at.exception and not at.error
    assert any(q3().data_id in s.value for s in at.subheader)  # the same figures, the same id

    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    down = make_app("data=abcdefabcdef&fai=20", page=DATA_PAGE)  # never read by this process
    assert not down.exception
    # the link is kept as it is (never rewritten to the default data), and it says why
    assert qp(down, "data") == "abcdefabcdef" and qp(down, "fai") == "20"
    assert any("数据库无法连接" in e.value and "abcdefabcdef" in e.value for e in down.error)
    assert not down.dataframe  # no other figures shown in its place


def test_the_title_and_subtitle_follow_the_period_but_the_shipped_label_does_not(make_app):
    new = stored_q3()
    at = make_app(f"data={new.data_id}&lang=en", page="app_pages/overview.py")
    assert at.title[0].value == "Liudong Q1–Q3 target check"
    assert any("what must Q4 deliver" in c.value for c in at.caption)
    data = make_app(f"data={new.data_id}", page=DATA_PAGE)
    table = next(d.value for d in data.dataframe if "数据编号" in d.value.columns)
    shipped = table.set_index("数据编号").loc[load_dataset().data_id]
    assert shipped["说明"].startswith("2021年上半年（1—6月）")  # its own period, not Q1–Q3's


def test_the_command_line_stores_lists_and_makes_default(
    tmp_path, capsys, make_app, ds, monkeypatch
):
    import json

    from cli.main import main

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'own.sqlite3'}")  # its own store

    path = tmp_path / "q3.csv"
    path.write_bytes(Q3.encode("gbk"))
    assert main(["data", "store", str(path), "--label", "三季度快报"]) == 0
    new_id = capsys.readouterr().out.strip()
    assert new_id == q3().data_id
    assert main(["data", "list", "--json"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows[new_id]["label"] == "三季度快报" and rows[new_id]["period"] == "Q3"
    assert rows[ds.data_id]["default"] is True
    assert main(["data", "default", new_id]) == 0
    try:
        at = make_app(page="app_pages/overview.py")  # a new session without data=
        assert qp(at, "data") == new_id
    finally:
        assert main(["data", "default", "shipped"]) == 0
    bad = tmp_path / "bad.csv"
    bad.write_text(HEAD + "fai,12,Q3,,5,,16,170\nnope,9,Q3,,,,,\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["data", "store", str(bad)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) >= 3 and all(line.startswith("error: data: row ") for line in err)
    assert main(["data", "default", "0123456789ab"]) == 2


def test_an_upload_identical_to_the_data_in_use_offers_nothing_to_apply(make_app):
    """The shipped template uploaded back unchanged: said to be the same, and no 应用 (it
    had stored a copy under the shipped id with the upload's label: user test)."""
    from report.template_writer import write_template

    at = make_app(page=DATA_PAGE, editor=True)
    text = write_template(load_dataset(), with_actuals=True)
    at.file_uploader(key="data_upload").upload("same.csv", text, "text/csv").run()
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == [
        f"上传的数据与当前数据完全相同（数据编号 {load_dataset().data_id}）。"
    ]
    assert "data_apply" not in [b.key for b in at.button]
