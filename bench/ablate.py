"""Start the real app with some of its parts switched off (issue 18, item 7).

    python -m bench.ablate PARTS streamlit-run-arguments…

``PARTS`` is a comma-separated list of names of :data:`PARTS` (empty: the whole app). Each
part is a function of the app's own modules, replaced in this server process by one that
draws nothing, before Streamlit starts; the app's scripts (``app.py``, its pages) are run
unchanged. Used by :mod:`bench.shell` to split a page load into what each part costs.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any

#: part → (module, function, what the stand-in returns)
PARTS: dict[str, tuple[str, str, Any]] = {
    # the shell, on every page
    "sidebar": ("ui.sidebar", "draw", None),  # language, preset, meeting, share, sign-in…
    "signin": ("ui.auth", "sidebar_panel", None),  # the sign-in box of the sidebar
    "saved": ("ui.saved", "sidebar_panel", None),  # the saved-scenario panel (closed)
    "style": ("ui.style", "base", None),  # the injected CSS
    "asof": ("ui.sidebar", "as_of", None),  # 数据截至 line and database status
    "url": ("ui.state", "sync_url", None),  # the scenario put back into the URL
    "freeze": ("ui.warm", "freeze", False),  # gc.freeze after the first run
    # the overview's parts
    "chart": ("ui.charts", "draw", None),  # every chart
    "briefing": ("report.briefing", "briefing", ""),  # the briefing text
    "downloads": ("ui.saved", "downloads", None),  # the export buttons
    # a topic page's parts
    "detail": ("ui.panels", "indicator_detail", None),  # the panel below its live part
    "syncmark": ("ui.panels", "sync_mark", None),  # the run mark after the panel
    "progress": ("report.answer", "progress_html", None),  # the panel's progress bar
}


def switch_off(parts: list[str]) -> None:
    """Replace each part's function by one that draws nothing (``ValueError`` if unknown)."""
    for part in parts:
        if part not in PARTS:
            raise ValueError(f"unknown part {part!r}; one of {', '.join(PARTS)}")
        module, name, value = PARTS[part]

        def nothing(*_a: Any, _value: Any = value, **_k: Any) -> Any:
            return _value

        stand_in: Callable[..., Any] = nothing
        setattr(importlib.import_module(module), name, stand_in)


def main() -> None:
    parts = [p for p in sys.argv[1].split(",") if p]
    switch_off(parts)
    sys.argv = ["streamlit", *sys.argv[2:]]
    from streamlit.web.cli import main as streamlit_main

    streamlit_main()


if __name__ == "__main__":
    main()
