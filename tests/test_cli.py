"""``python -m model``: table, JSON and every kind of bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cli.main import JSON_FIELDS, main
from model.data import ROOT

REQUIRED = (
    "id name_zh unit kind h1_value h1_growth_pct target_value target_growth_pct h1_share_pct "
    "h2_assumption projected_fy_value projected_fy_growth_pct required_h2_growth_pct "
    "required_h2_amount progress_pct status reachable"
).split()


def run_json(capsys, *args):
    assert main(["--json", *args]) == 0
    return {row["id"]: row for row in json.loads(capsys.readouterr().out)}


def test_json_has_every_indicator_and_field(capsys, ds):
    rows = run_json(capsys)
    assert list(rows) == [i.id for i in ds.indicators]
    for row in rows.values():
        for f in REQUIRED:
            assert f in row
    assert set(JSON_FIELDS) >= set(REQUIRED)


def test_json_figures(capsys):
    rows = run_json(capsys, "--scenario", "fiscal_revenue=7&fai=30&fai.h1_share=45")
    f = rows["fiscal_revenue"]
    assert f["required_h2_growth_pct"] == pytest.approx(5.72, abs=0.005)
    assert f["projected_fy_value"] == pytest.approx(55.69, abs=0.005)
    assert f["status"] == "on_track" and f["reachable"] is True
    fai = rows["fai"]
    assert fai["h2_assumption"] == 30 and fai["h1_share_pct"] == 45
    assert fai["projected_fy_growth_pct"] == pytest.approx(0.45 * -3.2 + 0.55 * 30)
    assert fai["projected_fy_value"] is None and fai["reachable"] is False
    jobs = rows["new_jobs"]
    assert jobs["required_h2_amount"] == 1072 and jobs["required_h2_growth_pct"] is None
    assert rows["tertiary_va"]["status"] == "insufficient_data"


def test_table_output(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "fiscal_revenue" in out
    fiscal = next(line for line in out.splitlines() if line.startswith("fiscal_revenue"))
    assert "<= H1 pace" in fiscal and "reach" in fiscal  # the pace needed, not a verdict
    # the required rest-of-year growth as every page shows it: 5.7206 rounded once, up, to 5.8
    assert " 5.80 " in fiscal and "5.72" not in fiscal
    gdp = next(line for line in out.splitlines() if line.startswith("gdp"))
    assert " reach " in gdp  # 8.5% at the H1 pace of 8.5%: level with the target reaches it


@pytest.mark.parametrize(
    "query, key",
    [
        ("nope=1", "nope"),
        ("fai=", "fai"),
        ("fai=abc", "fai"),
        ("fai=nan", "fai"),
        ("fai=inf", "fai"),
        ("fai.h1_share=120", "fai.h1_share"),
        ("fai.h1_share=-1", "fai.h1_share"),
        ("fai=1&fai=2", "fai"),
        ("new_jobs=1e9", "new_jobs"),
    ],
)
def test_bad_scenario_exits_2_with_one_line(query, key):
    proc = subprocess.run(
        [sys.executable, "-m", "model", "--scenario", query],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and key in lines[0] and "Traceback" not in proc.stderr


def test_bad_data_file_exits_2(tmp_path, capsys):
    p = tmp_path / "x.toml"
    p.write_text("nonsense = [", encoding="utf-8")
    assert main(["--data", str(p)]) == 2
    assert "not valid TOML" in capsys.readouterr().err


def test_second_level_commands_join_the_groups_protocol(capsys):
    """cli/admin.py is a group of GROUPS like the others: its first words (users, audit) and
    the second words it adds under another group's (scenarios history|revert, data
    delete|defaults) are parsed by the one parser and run by the group that adds them."""
    import argparse

    from cli import admin, data, scenarios, year
    from cli.main import GROUPS, SUBCOMMANDS, _group

    assert GROUPS == (scenarios, data, admin, year)
    assert SUBCOMMANDS == (
        "scenarios", "compare", "export", "data", "template", "users", "audit", "path", "review"
    )  # fmt: skip
    assert admin.ACTIONS == {"scenarios": ("history", "revert"), "data": ("delete", "defaults")}
    parser = argparse.ArgumentParser(prog="python -m model")
    sub = parser.add_subparsers(dest="command", required=True)
    actions: dict = {}
    for group in GROUPS:
        group.add_parsers(sub, actions)
    assert set(actions["scenarios"].choices) == {
        *("save", "list", "delete", "restore", "rename", "collisions"),
        *("history", "revert"),
    }
    assert set(actions["data"].choices) == {"store", "list", "default", "delete", "defaults"}
    runs = {
        ("scenarios", "history", "x"): admin,
        ("scenarios", "revert", "x", "1"): admin,
        ("scenarios", "list"): scenarios,
        ("data", "delete", "abcdefabcdef"): admin,
        ("data", "defaults"): admin,
        ("data", "list"): data,
        ("users", "list"): admin,
        ("audit", "list"): admin,
        ("template", "-o", "t.csv"): data,
    }
    for argv, group in runs.items():
        assert _group(parser.parse_args(list(argv))) is group, argv
    assert main(["scenarios", "history", "nope"]) == 2  # run through GROUPS, one line
    assert capsys.readouterr().err == "error: name: no saved scenario 'nope'\n"
