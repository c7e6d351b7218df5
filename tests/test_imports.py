"""statsmodels stays off the first paint: pages without the baseline never import it."""

from __future__ import annotations

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
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
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
