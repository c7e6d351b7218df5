"""Words of sign-in, roles, versions and the audit trail (issue 16): the ``[access]`` table of
the catalogue (``data/locale/<lang>.toml``), said through :func:`tr`."""

from __future__ import annotations

from model import catalogue


def tr(lang: str, key: str, /, **kwargs: object) -> str:
    """The label ``key`` in ``lang`` (Chinese by default), formatted with ``kwargs``."""
    text = catalogue.entries("en" if lang == "en" else "zh")[key]
    return text.format(**kwargs) if kwargs else text


def action(lang: str, code: str) -> str:
    """An audit action in words (``scenario.replace`` → 覆盖保存情景); a code the catalogue
    has no words for (a newer store's) as it is."""
    words = catalogue.entries("en" if lang == "en" else "zh")
    return words.get(f"audit_action_{code.replace('.', '_')}", code)
