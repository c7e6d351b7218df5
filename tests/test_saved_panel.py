"""The sidebar's saved-scenario panel with many scenarios (AppTest): it searches (a text box
over names and notes) and pages (20 a page) instead of giving every scenario widgets, and
lists the newest 5 versions of one with the whole history on demand (issue 29)."""

from __future__ import annotations

import pytest

from store import Store
from tests.conftest import EDITOR
from tests.helpers import qp

NAMES = [f"方案{i:03d}" for i in range(45)]


@pytest.fixture
def many(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'many.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    s = Store(url).acting_as(EDITOR)
    for i, n in enumerate(NAMES):
        s.save(n, f"fai={i}", "2021H1.2", note="会前" if i % 10 == 0 else None)
    s.delete("方案044")
    return s


def _open(at):
    at.session_state["store_panel_open"] = True
    at.run()
    assert not at.exception
    return at


def _listed(at) -> list[str]:
    """The scenario names the panel lists (bold, one a row)."""
    return [m.value.strip("*").split("**")[0] for m in at.markdown if m.value.startswith("**方案")]


def _opens(at) -> list[str]:
    return [b.key for b in at.button if b.key and b.key.startswith("store_open_")]


def test_a_viewer_sees_20_a_page_and_turns_the_pages(make_app, many):
    at = _open(make_app())
    assert _listed(at) == NAMES[:20]
    assert _opens(at) == [f"store_open_{i}" for i in range(20)]  # widgets for one page only
    assert any(c.value == "第 1–20 个，共 44 个" for c in at.caption)
    assert at.button(key="store_prev").disabled and not at.button(key="store_next").disabled
    at.button(key="store_next").click().run()
    assert _listed(at) == NAMES[20:40]
    at.button(key="store_next").click().run()
    assert _listed(at) == NAMES[40:44]  # 方案044 is deleted: not listed for a viewer
    assert any(c.value == "第 41–44 个，共 44 个" for c in at.caption)
    assert at.button(key="store_next").disabled
    assert not any(b.key and b.key.startswith("store_restore_") for b in at.button)
    at.button(key="store_open_1").click().run()  # opening from page 3 opens that one
    assert not at.exception
    assert at.session_state["store_page"] == 2


def test_the_search_box_narrows_the_list_and_starts_at_page_one(make_app, many):
    at = _open(make_app())
    at.button(key="store_next").click().run()
    at.text_input(key="store_search").input("会前").run()
    assert _listed(at) == ["方案000", "方案010", "方案020", "方案030", "方案040"]  # notes too
    assert any(c.value == "第 1–5 个，共 5 个" for c in at.caption)
    assert at.session_state["store_page"] == 0
    with pytest.raises(KeyError):  # one page: no page buttons
        at.button(key="store_next")
    at.text_input(key="store_search").input("方案01").run()
    assert _listed(at) == NAMES[10:20]
    at.text_input(key="store_search").input("没有这个").run()
    assert _listed(at) == [] and any("没有名称或备注含“没有这个”" in c.value for c in at.caption)


def test_an_editor_sees_the_newest_versions_and_the_whole_history_on_demand(make_app, many):
    for q in range(6):
        many.save("方案000", f"fai={100 + q}", "2021H1.2", replace=True)  # 7 versions
    at = _open(make_app(editor=True))
    assert any(c.value == "最近 5 个版本（共 7 个）" for c in at.caption)
    picker = at.radio(key="store_version_number")
    assert [o.split(" · ")[0] for o in picker.options] == [f"第 {n} 版" for n in (7, 6, 5, 4, 3)]
    assert picker.value == 6  # the previous version: bringing back the newest changes nothing
    assert "情景参数：fai=105" in picker.options[0] and "情景参数：fai=104" in picker.options[1]
    assert [b.key for b in at.button if b.key and b.key.startswith("store_restore_")] == [
        "store_restore_0"
    ]  # the deleted 方案044 can be brought back
    at.session_state["store_versions_all"] = True  # what opening the expander does
    at.run()
    picker = at.radio(key="store_version_number")
    assert [o.split(" · ")[0] for o in picker.options][-2:] == ["第 2 版", "第 1 版"]
    assert len(picker.options) == 7 and picker.value == 6
    assert "备注：会前" in picker.options[-1]  # version 1 had the note
    picker.set_value(1).run()
    at.button(key="store_revert").click().run()
    assert not at.exception and any("已恢复为第 1 版" in x.value for x in at.success)
    assert Store().get("方案000").query == "fai=0"
    assert at.radio(key="store_version_number").value == 7  # the new newest is 8


def test_opening_a_saved_scenario_fills_the_save_form_so_saving_again_keeps_the_note(
    make_app, many
):
    at = _open(make_app(editor=True))
    at.button(key="store_open_0").click().run()  # 方案000, saved with the note 会前
    assert not at.exception and qp(at, "fai") == "0"
    assert at.text_input(key="store_name").value == "方案000"
    assert at.text_input(key="store_note").value == "会前"
    assert at.checkbox(key="store_replace").value  # saving again makes its next version
    at.button(key="store_save").click().run()
    assert not at.exception and any("已保存" in s.value for s in at.success)
    saved = Store().get("方案000")
    assert (saved.note, saved.query) == ("会前", "fai=0")
    assert [v.action for v in Store().history("方案000")] == ["save", "replace"]
    at.button(key="store_open_1").click().run()  # 方案001 has no note: the box is emptied
    assert at.text_input(key="store_name").value == "方案001"
    assert at.text_input(key="store_note").value == ""


def test_audit_actions_are_said_in_words():
    from report.access_text import action

    assert action("zh", "scenario.replace") == "覆盖保存情景"
    assert action("en", "scenario.replace") == "Scenario saved over"
    assert action("zh", "account.signin_failed") == "登录失败"
    assert action("zh", "data.default") == "设定默认数据"
    assert action("zh", "session.new_kind") == "session.new_kind"  # no words: the code
