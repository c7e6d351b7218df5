"""Entry point: page config, navigation and the shared sidebar. No model code here.

``streamlit run app.py`` (``make run``) finds ``app`` below, Streamlit's ASGI app with the
local sign-in's two routes (``/session/login``, ``/session/logout``: ui.session_web), and
serves it; that server runs this same file as the script of every run (as ``__main__``)."""

from __future__ import annotations

import streamlit as st

if __name__ != "__main__":  # imported by the ASGI server (uvicorn): the app, nothing drawn
    from starlette.middleware import Middleware

    from ui.html_head import HtmlHead
    from ui.session_web import routes

    _base = st.get_option("server.baseUrlPath")
    app = st.App(__file__, routes=routes(_base), middleware=[Middleware(HtmlHead, base=_base)])
else:  # a run of the app
    from report.access_text import tr
    from ui import auth, sidebar, style, warm
    from ui.state import get_dataset, init_state, set_page, sync_url, t

    auth.take_signin_code()  # a refused sign-in's code: out of the address before it is read
    ds = get_dataset()
    sc = init_state(ds)
    lang = sc.lang

    st.set_page_config(
        page_title=t(lang, "app_title"),
        page_icon="📈",
        layout="wide",
        initial_sidebar_state="auto",
    )

    pages = [
        # the overview is at "/"; "/overview" is a hidden page that switches to it (a default
        # page's own url_path is not an address the browser accepts)
        st.Page(
            "app_pages/overview.py", title=t(lang, "nav_overview"), url_path="home", default=True
        ),
        st.Page("app_pages/economy.py", title=t(lang, "nav_economy"), url_path="economy"),
        st.Page("app_pages/industry.py", title=t(lang, "nav_industry"), url_path="industry"),
        st.Page("app_pages/investment.py", title=t(lang, "nav_investment"), url_path="investment"),
        st.Page("app_pages/land.py", title=t(lang, "nav_land"), url_path="land"),
        st.Page("app_pages/compare.py", title=t(lang, "nav_compare"), url_path="compare"),
        st.Page("app_pages/review.py", title=t(lang, "nav_review"), url_path="review"),
        st.Page("app_pages/data.py", title=t(lang, "nav_data"), url_path="data"),
        st.Page("app_pages/method.py", title=t(lang, "nav_method"), url_path="method"),
        st.Page("app_pages/sources.py", title=t(lang, "nav_sources"), url_path="sources"),
        st.Page("app_pages/audit.py", title=tr(lang, "nav_audit"), url_path="audit"),
        st.Page("app_pages/overview_alias.py", url_path="overview", visibility="hidden"),
    ]
    page = st.navigation(pages, position="top" if sc.meeting else "sidebar")
    set_page(page.url_path)  # a focus= belongs to its topic page only
    sync_url(ds)  # a page switch drops the query string: put the scenario back
    style.base()
    style.document_language(t(lang, "html_lang"))
    if sc.meeting:
        style.meeting_mode()
        sidebar.meeting_bar(ds)
    sidebar.as_of(ds)  # 数据截至, on every page
    try:
        page.run()
    finally:  # also after a page's st.stop()
        if not sc.meeting:
            sidebar.draw(ds)  # after the page: a first visitor gets the figures before the sidebar
    warm.freeze("first-run")  # what the first run loaded lives as long as the process
