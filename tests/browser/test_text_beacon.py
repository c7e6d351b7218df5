"""Text stays text in a real browser (issue 29, finding 3): a dataset whose label, file name
and sources, and a saved scenario whose name and note, carry Markdown links, images and HTML
to a beacon address; opening its pages sends no request there and draws no link or image to
it, and the text is shown as typed."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.helpers import wait_idle
from tests.hostile import FILE, LABEL, NAME, QUOTE, store_markdown_dataset

pytestmark = pytest.mark.browser

BEACON_HOST = "127.0.0.1:9"


def test_no_request_goes_to_the_beacon_and_the_text_is_shown_as_typed(server, server_db, browser):
    ds = store_markdown_dataset(server_db)

    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    beacon: list[str] = []
    ctx.on(
        "request", lambda r: beacon.append(r.url) if urlparse(r.url).netloc == BEACON_HOST else None
    )
    page = ctx.new_page()
    page.set_default_timeout(30_000)
    try:
        for path, shown in (
            (f"?data={ds.data_id}", LABEL),
            (f"economy?data={ds.data_id}", FILE),
            (f"sources?data={ds.data_id}", QUOTE),
            (f"compare?data={ds.data_id}&s={NAME}&s=plain", NAME),
        ):
            page.goto(f"{server}/{path}")
            page.locator('[data-testid="stApp"]').wait_for()
            wait_idle(page)
            page.wait_for_function(  # as typed (a bare address holds an invisible joiner)
                "s => document.body.innerText.replaceAll('\\u2060', '').includes(s)", arg=shown
            )
            links = page.locator(f'a[href*="{BEACON_HOST}"]')
            assert links.count() == 0, (
                path,
                [
                    links.nth(i).evaluate(
                        "e => e.parentElement.parentElement.outerHTML.slice(0, 600)"
                    )
                    for i in range(links.count())
                ],
            )
            assert page.locator(f'img[src*="{BEACON_HOST}"]').count() == 0, path
            assert page.locator(".katex").count() == 0, path  # $x$ stays dollars and an x
        page.wait_for_timeout(500)
        assert beacon == []
    finally:
        ctx.close()
