"""Warm-up at server start, and a cheap post-run garbage collection.

Streamlit forces a full garbage collection after every script or fragment run
(``runner.postScriptGC``). With pandas, scipy, statsmodels and Altair loaded, the heap is
large and that collection holds the GIL long enough to delay the deltas of a keypress
(issue 12: 53% of the server's busy time). The objects that live for the whole process —
modules, the dataset, the fitted baseline, the chart specs — never become garbage, so they
are moved out of the collector's sight with :func:`gc.freeze` once they exist: after the
warm-up below, after the first script run, and after each one-off load later (the first fit
of an uploaded history file). Each freeze happens once per mark, so what it pins is bounded;
the collection after every run still frees each run's own cycles.

The warm-up runs in a background thread started on the first import of the app's modules
(Streamlit has no server-start hook): it loads the data, fits the baseline on the default
history and builds every chart spec, so the first visitor of a topic page does not pay for
them. ``LIUDONG_WARMUP=0`` turns it off (the tests of the first paint's imports do).
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Callable

WARMUP_ENV = "LIUDONG_WARMUP"
_lock = threading.Lock()
_frozen: set[str] = set()
_thread: threading.Thread | None = None


def freeze(mark: str) -> bool:
    """Collect, then freeze the surviving heap — once per ``mark``. Returns whether it froze."""
    with _lock:
        if mark in _frozen:
            return False
        _frozen.add(mark)
    gc.collect()
    gc.freeze()
    return True


def frozen_marks() -> frozenset[str]:
    """The marks frozen so far (for tests and the benchmark)."""
    with _lock:
        return frozenset(_frozen)


def start(job: Callable[[], None] | None = None) -> threading.Thread | None:
    """Start the warm-up thread running ``job`` once per process (unless ``LIUDONG_WARMUP=0``);
    the thread already started, or None. The job (:func:`ui.state.warm_up`) is passed in by
    its module, so this one imports nothing of the app (no import circle)."""
    global _thread
    if os.environ.get(WARMUP_ENV, "1") == "0":
        return None
    with _lock:
        if _thread is None and job is not None:
            _thread = threading.Thread(target=job, name="liudong-warmup", daemon=True)
            _thread.start()
        return _thread


def join(timeout: float | None = None) -> None:
    """Wait for the warm-up thread, if one was started (the benchmark measures after it)."""
    thread = _thread
    if thread is not None:
        thread.join(timeout)
