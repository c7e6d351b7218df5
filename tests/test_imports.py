"""statsmodels stays off the first paint: pages without the baseline never import it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from model.data import ROOT

SCRIPT = """
import sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file({app!r}, default_timeout=60)
{switch}
at.run()
assert not at.exception, at.exception
print("statsmodels" in sys.modules)
"""


def imported_statsmodels(page: str | None) -> bool:
    switch = "" if page is None else f"at.switch_page({page!r})"
    code = SCRIPT.format(app=str(ROOT / "app.py"), switch=switch)
    env = {**os.environ, "LIUDONG_WARMUP": "0"}  # the background warm-up imports it on purpose
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, env=env
    )
    return out.stdout.strip().splitlines()[-1] == "True"


def test_overview_and_sources_do_not_import_statsmodels():
    assert imported_statsmodels(None) is False
    assert imported_statsmodels("app_pages/sources.py") is False


def test_the_baseline_page_does():
    # proves the check can fail: the page that fits the model imports it
    assert imported_statsmodels("app_pages/method.py") is True


def test_model_package_import_is_light():
    code = (
        "import sys, model, model.projection, model.baseline; print('statsmodels' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


WARM = """
import gc, json
from ui import warm, charts, state
t = warm.start()
t.join(120)
from model.data import load_dataset
info = charts.spec_built.cache_info()
units = {i.unit for i in load_dataset().indicators} | {""}
print(json.dumps([sorted(warm.frozen_marks()), info.currsize, info.misses,
                  [2, len(charts.SPEC_KINDS), len(units)], len(state._REPORTS),
                  gc.get_freeze_count()]))
"""


def test_warm_up_fits_and_builds_in_the_background_then_freezes():
    env = {**os.environ, "LIUDONG_WARMUP": "1"}
    out = subprocess.run(
        [sys.executable, "-c", WARM], cwd=ROOT, capture_output=True, text=True, check=True, env=env
    )
    marks, specs, built, (langs, kinds, units), reports, frozen = json.loads(
        out.stdout.strip().splitlines()[-1]
    )
    assert "warm-up" in marks and any(m.startswith("report:") for m in marks)
    # every spec a page may draw, each built once: 2 languages × 6 kinds (the month-by-month
    # path among them) × 7 units (6 + none)
    assert (langs, kinds, units) == (2, 6, 7)
    assert specs == built == langs * kinds * units == 84
    assert reports == 1 and frozen > 0


def test_file_watching_is_off_for_a_plain_streamlit_run():
    import tomllib

    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert cfg["server"]["fileWatcherType"] == "none" and cfg["server"]["runOnSave"] is False
