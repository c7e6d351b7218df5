"""The scenario's types, at the bottom of ``model`` (the projection, the drivers and the
parser of :mod:`model.scenario` build on them): :class:`Scenario`, what a link or the sliders
set, and :class:`ScenarioIssue`, a rejected value. The data's types (Dataset, Indicator,
Figure) are in :mod:`model.data`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

#: The driver id of an indicator's remainder (its parts other than the named ones).
REST_DRIVER = "rest"


@dataclass(frozen=True)
class ScenarioIssue:
    """A rejected scenario value: the key, a machine code and a one-line English message.

    ``code`` is one of: unknown_key, empty, not_a_number, not_finite, out_of_range,
    repeated, bad_choice, vintage_mismatch, unknown_data (a ``data`` id that is not the
    dataset's: it is not stored here, so the default data is shown), unknown_hist,
    implausible (a value in range whose consequence is not: e.g. a prior-year level implying
    an H1 growth outside the range), too_long (a value longer than its cap: ``high`` is the
    most characters). ``low``/``high`` give the accepted range
    where ``code`` is out_of_range; ``choices`` the accepted values for bad_choice.
    """

    key: str
    code: str
    message: str
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scenario:
    """H2 assumptions and overridden assumptions; absent keys take their defaults.

    - ``h2``: indicator id → H2 growth (%) or H2 amount (unit of the indicator).
    - ``assumptions``: (indicator id, param) → value.
    - ``drivers``: (indicator id, driver id) → H2 growth (%) of that part.
    - ``preset``: preset id, or None for the H1 pace (g2 = g1; H2 = H1).
    """

    h2: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    assumptions: Mapping[tuple[str, str], float] = field(
        default_factory=lambda: MappingProxyType({})
    )
    drivers: Mapping[tuple[str, str], float] = field(default_factory=lambda: MappingProxyType({}))
    preset: str | None = None
    lang: str = "zh"
    meeting: bool = False
    vintage: str | None = None
    compare: tuple[str, ...] = ()
    data_id: str | None = None  # the dataset the link names (``data=``)
    hist_id: str | None = None  # the stored history file in use (``hist=``); None: default

    def with_h2(self, indicator_id: str, value: float | None) -> Scenario:
        """A copy with the H2 assumption of ``indicator_id`` set (None: back to default)."""
        h2 = dict(self.h2)
        if value is None:
            h2.pop(indicator_id, None)
        else:
            h2[indicator_id] = float(value)
        return replace(self, h2=MappingProxyType(h2))

    def with_assumption(self, indicator_id: str, param: str, value: float | None) -> Scenario:
        """A copy with assumption ``indicator_id.param`` set (None: back to default)."""
        a = dict(self.assumptions)
        if value is None:
            a.pop((indicator_id, param), None)
        else:
            a[(indicator_id, param)] = float(value)
        return replace(self, assumptions=MappingProxyType(a))

    def with_driver(self, indicator_id: str, driver_id: str, value: float | None) -> Scenario:
        """A copy with the H2 growth of driver ``indicator_id.driver_id`` set (None: default)."""
        d = dict(self.drivers)
        if value is None:
            d.pop((indicator_id, driver_id), None)
        else:
            d[(indicator_id, driver_id)] = float(value)
        return replace(self, drivers=MappingProxyType(d))
