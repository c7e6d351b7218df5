"""Roles in the app (AppTest): an anonymous session sees no write control and changes
nothing stored, even clicking one drawn before its sign-in went away; an editor signs in
with a local account and can; the OIDC configuration path; the first-editor hint; the 操作记录
page; the database going away mid-session (SQLite path, PostgreSQL behind a proxy stopped)."""

from __future__ import annotations

import socket
import threading
import uuid

import pytest
from sqlalchemy import create_engine, text

from model.history import DEFAULT_HISTORY_PATH
from store import Actor, Store
from tests.conftest import ADMIN, EDITOR, EDITOR_NAME, editor_account, sign_in
from tests.helpers import Q3, pg_url, q3, qp, sign_out, stored_q3
from ui.auth import oidc_providers

OVERVIEW = "app_pages/overview.py"
DATA_PAGE = "app_pages/data.py"
METHOD = "app_pages/method.py"
AUDIT = "app_pages/audit.py"
WRITE_KEYS = ("store_save", "store_del_0", "store_ren_0", "store_restore_0", "store_revert")


def _snapshot(url: str | None = None) -> dict:
    store = Store(url)
    with store.engine.connect() as c:
        return {
            t: c.execute(text(f"SELECT * FROM {t} ORDER BY 1")).all()
            for t in ("scenarios", "scenario_versions", "datasets", "default_history", "audit")
        }


def _keys(at) -> set[str]:
    return {w.key for w in at.button} | {w.key for w in at.text_input}


def _signin_form(at) -> bool:
    """Whether the sidebar draws the local sign-in form (posting to /session/login)."""
    return any('action="/session/login"' in h.value for h in at.html)


@pytest.fixture
def fresh_db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'roles.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def _seed() -> None:
    s = Store().acting_as(EDITOR)
    s.save("书记方案", "fiscal_revenue=7", "2021H1.2")
    s.save("草稿", "fai=1", "2021H1.2")
    s.delete("草稿")
    stored_q3()
    editor_account()


def test_an_anonymous_session_sees_no_write_control_and_changes_nothing(make_app, fresh_db, ds):
    _seed()
    before = _snapshot()
    at = make_app("fiscal_revenue=7")
    at.session_state["store_panel_open"] = True
    at.run()
    assert not at.exception
    keys = _keys(at)
    assert "store_open_0" in keys  # opening a saved scenario is reading
    assert not keys & set(WRITE_KEYS), keys & set(WRITE_KEYS)
    assert any("只读" in c.value for c in at.caption)

    data = make_app(page=DATA_PAGE)
    data.file_uploader(key="data_upload").upload("q3.csv", Q3.encode(), "text/csv").run()
    assert not data.exception and not data.error  # checking an upload is for everyone
    assert any(q3().data_id in s.value for s in data.subheader)
    keys = _keys(data)
    assert {"data_apply", "data_default", "data_delete", "data_label"}.isdisjoint(keys)
    assert "data_use" in keys  # switching this session's own data is reading
    assert any("需要编辑权限" in c.value for c in data.caption)

    method = make_app(page=METHOD)
    lines = DEFAULT_HISTORY_PATH.read_text(encoding="utf-8").splitlines()
    trimmed = "\n".join(x for x in lines if ",2020," not in x).encode()
    method.file_uploader(key="history_upload").upload("trimmed.csv", trimmed, "text/csv").run()
    assert not method.exception and not method.error
    assert qp(method, "hist") is None  # not stored, not in the link
    assert any("需要编辑登录" in i.value for i in method.info)

    audit = make_app(page=AUDIT)
    assert not audit.exception and any("仅对编辑开放" in i.value for i in audit.info)
    assert not audit.dataframe
    assert _snapshot() == before  # nothing stored changed


def test_a_write_control_clicked_after_the_sign_in_went_away_is_refused(make_app, fresh_db):
    _seed()
    at = make_app("fiscal_revenue=9", editor=True)
    at.session_state["store_panel_open"] = True
    at.run()
    assert set(WRITE_KEYS) <= _keys(at) | {"store_del_0"}
    before = _snapshot()
    at.text_input(key="store_name").set_value("新方案")
    cookie = at.session_state["auth_cookie"]
    for key in ("store_save", "store_restore_0", "store_revert"):
        at.session_state["auth_cookie"] = ""  # no session cookie: the state alone decides
        at.session_state["auth_actor"] = Actor("anonymous", "viewer")  # e.g. a forged state
        at.session_state["store_panel_open"] = True
        at.button(key=key).click().run()
        assert not at.exception
        assert any("refused, the editor role is needed" in e.value for e in at.error), key
        at.session_state["auth_cookie"] = cookie
        at.session_state["auth_actor"] = Actor(EDITOR_NAME, "editor")
        at.run()
    assert _snapshot() == before


def test_an_editor_signs_in_with_a_local_account_and_writes_are_recorded(make_app, fresh_db):
    editor_account()
    at = make_app("fiscal_revenue=7")
    sign_in(at, password="wrong password")
    assert not at.exception
    assert any("登录失败：账号或密码不正确" in e.value for e in at.error)  # in the UI language
    assert "auth_actor" not in at.session_state and "signin" not in at.query_params
    assert at.query_params["fiscal_revenue"] == "7"  # the scenario kept, the code removed
    assert not at.warning  # the code is no unknown key of the link
    assert any("刷新或打开链接不会退出" in c.value for c in at.caption)  # the form says so
    assert any("闲置 8 小时或登录满 7 天" in c.value for c in at.caption)
    sign_in(at)
    assert any(f"已登录：{EDITOR_NAME}（编辑）" in c.value for c in at.caption)
    at.session_state["store_panel_open"] = True
    at.run()
    at.text_input(key="store_name").set_value("书记方案")
    at.button(key="store_save").click().run()
    assert not at.exception and any("已保存" in s.value for s in at.success)
    saved = Store().get("书记方案")
    assert (saved.query, saved.author) == ("fiscal_revenue=7", EDITOR_NAME)
    row = Store().audit_log(actor=EDITOR)[0]
    assert (row.actor, row.action, row.target, row.after) == (
        EDITOR_NAME,
        "scenario.save",
        "书记方案",
        "v1",
    )

    at.switch_page(AUDIT).run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if "操作" in d.value.columns)
    # the wrong password above left its row (from a loopback peer without X-Real-IP)
    assert list(table["操作"])[:3] == ["保存情景", "登录失败", "添加账号"]  # in words
    assert list(table.columns)[0] == "时间（北京时间）"
    # the time in Beijing time, as the exports say it (the store keeps UTC)
    from report.voice import Voice

    assert list(table["时间（北京时间）"])[0] == Voice("zh").date(row.at)
    failed = Store().audit_log(actor=EDITOR)[1]
    assert (failed.target, failed.before, failed.after) == (EDITOR_NAME, "wrong", "127.0.0.1")
    assert list(table["操作人"])[0] == EDITOR_NAME

    at.switch_page(OVERVIEW).run()
    sign_out(at)
    assert not any("已登录" in c.value for c in at.caption)
    at.session_state["store_panel_open"] = True
    at.run()
    assert "store_save" not in _keys(at)


def test_revert_from_the_sidebar_brings_a_version_back(make_app, fresh_db):
    s = Store().acting_as(EDITOR)
    s.save("书记方案", "fiscal_revenue=7", "2021H1.2", note="第一版")
    s.save("书记方案", "fiscal_revenue=9", "2021H1.2", replace=True)
    at = make_app(editor=True)
    at.session_state["store_panel_open"] = True
    at.run()
    picker = at.radio(key="store_version_number")
    assert picker.value == 1  # the previous version, not the newest
    assert picker.options[0].startswith("第 2 版 · ") and "覆盖保存情景" in picker.options[0]
    assert "情景参数：fiscal_revenue=9" in picker.options[0] and "备注" not in picker.options[0]
    assert "情景参数：fiscal_revenue=7 · 备注：第一版" in picker.options[1]
    from report.voice import Voice

    newest = Store().history("书记方案")[-1]  # kept in UTC, shown in Beijing time
    assert f"第 2 版 · {Voice('zh').date(newest.at)} · {EDITOR.name} · " in picker.options[0]
    at.button(key="store_revert").click().run()
    assert not at.exception and any("已恢复为第 1 版" in x.value for x in at.success)
    assert Store().get("书记方案").query == "fiscal_revenue=7"
    assert [v.action for v in Store().history("书记方案")] == ["save", "replace", "revert"]


def test_with_no_account_the_app_says_how_to_create_the_first_editor(make_app, fresh_db):
    at = make_app()
    assert not at.exception
    hint = [c.value for c in at.caption if "users add" in c.value]
    assert hint and "--role editor --password-stdin" in hint[0]
    assert not _signin_form(at)


OIDC = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-long-random-secret",
    "client_id": "whatif",
    "client_secret": "s3cret",
    "server_metadata_url": "https://idp.example.org/.well-known/openid-configuration",
}


def test_oidc_providers_are_read_as_st_login_reads_them():
    assert oidc_providers(None) == [] and oidc_providers({}) == []
    assert oidc_providers(OIDC) == ["default"]
    assert oidc_providers({k: v for k, v in OIDC.items() if k != "cookie_secret"}) == []
    named = {
        "redirect_uri": OIDC["redirect_uri"],
        "cookie_secret": "x",
        "microsoft": {k: OIDC[k] for k in ("client_id", "client_secret", "server_metadata_url")},
        "my_idp": {k: OIDC[k] for k in ("client_id", "client_secret", "server_metadata_url")},
        "partial": {"client_id": "x"},
    }
    assert oidc_providers(named) == ["microsoft"]  # st.login refuses names with "_"


def test_the_oidc_path_signs_in_with_st_login_and_roles_come_from_the_list(make_app, fresh_db):
    Store().add_user("boss@example.org", "editor", actor=ADMIN, oidc=True)
    at = make_app(run=False)
    at.secrets["auth"] = OIDC
    at.user = {"is_logged_in": False}
    at.run()
    assert not at.exception
    keys = _keys(at)
    assert "auth_login_default" in keys and not _signin_form(at)  # st.login, no form
    at.user = {"is_logged_in": True, "email": "Boss@example.org"}
    at.session_state["store_panel_open"] = True
    at.run()
    assert any("已登录：boss@example.org（编辑）" in c.value for c in at.caption)
    assert "store_save" in _keys(at) and "auth_logout" in _keys(at)
    other = make_app(run=False)
    other.secrets["auth"] = OIDC
    other.user = {"is_logged_in": True, "email": "someone@example.org"}
    other.session_state["store_panel_open"] = True
    other.run()
    assert any("someone@example.org（查看）" in c.value for c in other.caption)
    assert "store_save" not in _keys(other)


PAGES = (OVERVIEW, "app_pages/investment.py", "app_pages/compare.py", DATA_PAGE, METHOD, AUDIT)


def _goes_away(make_app, monkeypatch, stop) -> None:
    """A session on stored Q3 data; the database goes away (``stop``); every page still
    works on the session's data with one line saying so, and the link keeps its data=."""
    import ui.state

    new = q3()
    at = make_app(f"data={new.data_id}&fai=20", page=OVERVIEW)
    assert not at.exception and qp(at, "data") == new.data_id
    ui.state._STORED.clear()  # nothing left in the process's memo: only the session holds it
    stop()
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, page
        assert qp(at, "data") == new.data_id and qp(at, "fai") == "20", page
        assert any("数据库暂时无法连接" in w.value for w in at.warning), page
        assert any("数据截至：2021年前三季度" in c.value for c in at.caption), page
    at.session_state["store_panel_open"] = True
    at.run()
    assert not at.exception


def test_the_database_going_away_mid_session_sqlite(make_app, fresh_db, monkeypatch):
    stored_q3()
    _goes_away(
        make_app,
        monkeypatch,
        lambda: monkeypatch.setenv("DATABASE_URL", "sqlite:////proc/no/such/dir/x.sqlite3"),
    )


class _Proxy:
    """A TCP forwarder to PostgreSQL that can be stopped: the server going away."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.conns: list[socket.socket] = []
        self.running = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while self.running:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass

    def stop(self) -> None:
        self.running = False
        try:
            self.sock.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept (Linux)
        except OSError:
            pass
        self.sock.close()
        for c in self.conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
                c.close()
            except OSError:
                pass


def test_the_database_going_away_mid_session_postgresql(make_app, monkeypatch):
    from sqlalchemy.engine import make_url

    base = pg_url()
    name = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    real = make_url(base)
    proxy = _Proxy(real.host or "127.0.0.1", real.port or 5432)
    try:
        url = real.set(host="127.0.0.1", port=proxy.port, database=name)
        monkeypatch.setenv("DATABASE_URL", url.render_as_string(hide_password=False))
        stored_q3()
        _goes_away(make_app, monkeypatch, proxy.stop)
    finally:
        proxy.stop()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_a_link_to_a_withdrawn_dataset_still_opens_it_marked_withdrawn(make_app, fresh_db):
    new = stored_q3()
    Store().delete_data("data", new.data_id, actor=EDITOR)
    at = make_app(f"data={new.data_id}&fai=20", page=OVERVIEW)
    assert not at.exception
    assert qp(at, "data") == new.data_id
    assert any("数据截至：2021年前三季度" in c.value for c in at.caption)  # its own figures
    assert any(f"本链接使用的数据 {new.data_id} 已被编辑撤下" in w.value for w in at.warning)
    data = make_app(page=DATA_PAGE)
    table = next(d.value for d in data.dataframe if "数据编号" in d.value.columns)
    assert new.data_id not in list(table["数据编号"])  # no longer offered
