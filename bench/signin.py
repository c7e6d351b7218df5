"""The time a failed sign-in takes, by kind — wrong password, unknown name, locked address,
a 50 MB password — so that nothing tells which names exist (issue 29). Printed figures, not
assertions:

    python -m bench.signin [--n 15]

Runs on a throw-away SQLite store (``DATABASE_URL`` is not used).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from model.messages import Problem
from store import Actor, Store

ADMIN = Actor("cli:bench", "admin")
PW = "long enough 1"


def _ms(s: Store, name: str, password: str, address: str) -> float:
    t0 = time.perf_counter()
    try:
        s.sign_in(name, password, address)
    except Problem:
        pass
    return (time.perf_counter() - t0) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.signin")
    parser.add_argument("--n", type=int, default=15)
    n = parser.parse_args().n
    with tempfile.TemporaryDirectory() as tmp:
        s = Store(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        s.add_user("ed1", "editor", actor=ADMIN, password=PW)
        _ms(s, "nobody", PW, "192.0.2.9")  # the unknown names' dummy hash is made once
        for _ in range(5):  # lock 192.0.2.1 out of ed1
            _ms(s, "ed1", "a wrong guess", "192.0.2.1")
        kinds = {
            "right password": ("ed1", PW, "198.51.100.1"),
            "wrong password": ("ed1", "a wrong guess", "198.51.100.2"),
            "unknown name": ("nobody", PW, "198.51.100.3"),
            "locked address": ("ed1", PW, "192.0.2.1"),
            "50 MB password": ("ed1", "x" * 50_000_000, "198.51.100.4"),
        }
        for label, (name, password, address) in kinds.items():
            times = []
            for i in range(n):
                if label == "wrong password" and i % 4 == 3:
                    s.unlock_user("ed1", actor=ADMIN)  # stay below the lock
                times.append(_ms(s, name, password, address))
            print(
                f"- {label}: median {statistics.median(times):.1f} ms, "
                f"min {min(times):.1f} ms, max {max(times):.1f} ms (n={n})"
            )


if __name__ == "__main__":
    main()
