"""The session sign-in in the app (AppTest): the sidebar's forms post to the routes with the
page and query to come back to; a refused sign-in's code becomes one line and leaves the
address; the cookie a session connected with signs it in, and a session ended in the store
(signed out in another tab, account removed or demoted) is seen at the next check."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from store import Store
from tests.conftest import ADMIN, EDITOR_NAME, editor_account, sign_in
from tests.helpers import qp

INVESTMENT = "app_pages/investment.py"


@pytest.fixture
def fresh_db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'session_app.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def _forms(at) -> list[str]:
    return [h.value for h in at.html if "<form" in h.value]


def _next(form: str) -> tuple[str, dict[str, list[str]]]:
    """The path and query of a form's ``next`` field."""
    value = html.unescape(re.search(r'name="next" value="([^"]*)"', form).group(1))
    parts = urlsplit(value)
    return parts.path, parse_qs(parts.query)


def _signed_in(at) -> bool:
    return any(f"已登录：{EDITOR_NAME}（编辑）" in c.value for c in at.caption)


def _recheck(at) -> None:
    at.session_state["auth_checked_at"] = float("-inf")  # as 10 s of use later
    at.run()


def test_the_sign_in_form_posts_to_the_route_with_the_page_and_query_to_come_back_to(
    make_app, fresh_db
):
    editor_account()
    at = make_app("fai=25&focus=fai", page=INVESTMENT, run=False)
    at.session_state["auth_panel_open"] = True
    at.run()
    assert not at.exception
    (form,) = _forms(at)
    assert 'method="post" action="/session/login"' in form
    assert 'name="account"' in form and 'name="password" type="password"' in form
    path, query = _next(form)
    assert path == "/investment" and query["fai"] == ["25"] and query["focus"] == ["fai"]
    assert query == {  # all of the page's query
        k: v if isinstance(v, list) else [v] for k, v in at.query_params.items()
    }
    assert '<label for="signin-account">账号</label>' in form
    assert '<label for="signin-password">密码</label>' in form
    assert ">登录</button>" in form
    assert any("闲置 8 小时或登录满 7 天" in c.value for c in at.caption)
    # in English, English words
    en = make_app("lang=en", run=False)
    en.session_state["auth_panel_open"] = True
    en.run()
    (form,) = _forms(en)
    assert ">Account</label>" in form and ">Sign in</button>" in form
    assert _next(form)[0] == "/" and _next(form)[1]["lang"] == ["en"]
    assert any("after 8 hours idle or 7 days" in c.value for c in en.caption)


def test_signed_in_the_sidebar_offers_sign_out_as_a_post_back_to_the_page(make_app, fresh_db):
    at = make_app("fiscal_revenue=7", editor=True)
    assert _signed_in(at)
    (form,) = _forms(at)
    assert 'method="post" action="/session/logout"' in form
    assert _next(form)[0] == "/" and _next(form)[1]["fiscal_revenue"] == ["7"]
    assert ">退出登录</button>" in form


@pytest.mark.parametrize(
    ("code", "said"),
    [
        ("refused", "登录失败：账号或密码不正确"),
        ("unavailable", "登录失败：数据库暂时无法连接"),
        ("<b>x</b>", "登录失败：账号或密码不正确"),  # an unknown code: the one answer
    ],
)
def test_a_refused_sign_in_is_one_line_and_its_code_leaves_the_address(
    make_app, fresh_db, code, said
):
    editor_account()
    at = make_app(f"fiscal_revenue=7&signin={code}")
    assert not at.exception
    assert [e.value for e in at.error if said in e.value] and len(at.error) == 1
    assert "signin" not in at.query_params and qp(at, "fiscal_revenue") == "7"
    assert not at.warning  # not an unknown key of the link
    at.run()  # said once
    assert not at.error


def test_a_session_ended_in_the_store_is_seen_at_the_next_check(make_app, fresh_db):
    at = make_app(editor=True)
    cookie = at.session_state["auth_cookie"]
    assert _signed_in(at) and at.session_state["auth_actor"].session
    Store().end_session(cookie)  # signed out in another tab
    _recheck(at)
    assert not _signed_in(at) and "auth_actor" not in at.session_state
    assert at.session_state["auth_cookie"] == ""  # nothing more to ask the store
    # a new sign-in; then the account is demoted: the session reads the new role
    sign_in(at)
    assert _signed_in(at)
    Store().remove_user(EDITOR_NAME, actor=ADMIN)
    _recheck(at)
    assert not any("已登录" in c.value for c in at.caption)
    Store().add_user(EDITOR_NAME, "viewer", actor=ADMIN, password="another one 22")
    sign_in(at, password="another one 22")
    assert any(f"已登录：{EDITOR_NAME}（查看）" in c.value for c in at.caption)
