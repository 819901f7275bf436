"""The mix adjustment: each rep's result against what the organisation achieves on the same deals.

For every mix cell c (a segment by default) the organisation's closed deals give

- the win rate p_c = wins_c / closed_c, and
- the bookings per closed deal m_c = bookings_c / closed_c (a lost deal is worth 0), with the
  per-deal variance v_c = Σx²/closed_c - m_c².

A rep with n_ic closed deals in cell c is then *expected*, at the organisation's average
performance on exactly their mix, to have E = Σ_c n_ic p_c wins (or Σ_c n_ic m_c bookings). The
mix-adjusted performance is the index O/E: observed over expected, 1.0 being "as the
organisation does on these deals", 1.3 being 30 % better. This is indirect standardisation, the
method behind standardised mortality ratios. Its standard error is √V / E with
V = Σ_c n_ic p_c(1 - p_c) (or Σ_c n_ic v_c): the sampling noise of a rep who performs exactly at
the expectation (the funnel-plot convention), which stays positive for reps with no win at all.

The index removes differences in *mix*; it does not remove anything the cells do not capture
(territory quality within a segment, lead allocation). The organisation's rates include the rep's
own deals, which matters only for very small organisations.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from uplift.analytics.performance.config import PrimaryMetric

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class MixAdjustment:
    """Per-rep observed and expected results on the primary metric (arrays aligned with
    ``sources``/``rep_ids``), plus what the "why" text and the opportunity need.

    ``closed[i]``, ``wins[i]`` and ``bookings_cents[i]`` are the rep's closed deals, wins and
    won amounts; ``observed``/``expected`` are wins or bookings (cents); ``index`` is
    observed/expected (NaN when nothing is expected); ``se`` its standard error.
    ``expected_bookings_cents[i]`` is what the organisation would book on the rep's closed deals
    (used to value the gap). ``shares[i, c]`` is the share of the rep's closed deals in
    ``cells[c]``; ``cell_rate``/``cell_value`` are the organisation's win rate and bookings per
    closed deal in each cell.
    """

    metric: PrimaryMetric
    sources: tuple[str, ...]
    rep_ids: tuple[str, ...]
    cells: tuple[str, ...]
    closed: FloatArray
    wins: FloatArray
    bookings_cents: FloatArray
    observed: FloatArray
    expected: FloatArray
    index: FloatArray
    se: FloatArray
    expected_bookings_cents: FloatArray
    shares: FloatArray
    cell_rate: FloatArray
    cell_value: FloatArray

    @property
    def organisation_rate(self) -> float:
        """All wins over all closed deals in the window."""
        return float(self.wins.sum() / self.closed.sum())

    def position(self) -> dict[tuple[str, str], int]:
        return {key: i for i, key in enumerate(zip(self.sources, self.rep_ids, strict=True))}


def _matrix(
    rows: npt.NDArray[np.intp], cols: npt.NDArray[np.intp], values: object, shape: tuple[int, int]
) -> FloatArray:
    out = np.zeros(shape, dtype=np.float64)
    np.add.at(out, (rows, cols), np.asarray(values, dtype=np.float64))
    return out


def mix_adjustment(mix: pa.Table, metric: PrimaryMetric) -> MixAdjustment:
    """Observed, expected and the O/E index per rep from a :func:`~uplift.analytics.metrics.
    deal_mix` table (one row per rep and cell)."""
    data = mix.to_pydict()
    if not data["rep_id"]:
        raise ValueError("no closed deals in the window")
    keys = [f"{s}\x1f{r}" for s, r in zip(data["source"], data["rep_id"], strict=True)]
    rep_keys, rows = np.unique(np.asarray(keys, dtype=object), return_inverse=True)
    cells, cols = np.unique(np.asarray(data["cell"], dtype=object), return_inverse=True)
    shape = (len(rep_keys), len(cells))
    n = _matrix(rows, cols, data["deals_closed"], shape)
    won = _matrix(rows, cols, data["deals_won"], shape)
    book = _matrix(rows, cols, data["bookings_cents"], shape)
    squares = _matrix(rows, cols, data["bookings_squares"], shape)
    per_cell = n.sum(axis=0)
    rate = won.sum(axis=0) / per_cell
    value = book.sum(axis=0) / per_cell
    value_var = np.maximum(squares.sum(axis=0) / per_cell - value**2, 0.0)
    closed = n.sum(axis=1)
    wins = won.sum(axis=1)
    bookings = book.sum(axis=1)
    expected_bookings = n @ value
    if metric == "win_rate":
        observed, expected, variance = wins, n @ rate, n @ (rate * (1 - rate))
    else:
        observed, expected, variance = bookings, expected_bookings, n @ value_var
    with np.errstate(divide="ignore", invalid="ignore"):
        index = np.where(expected > 0, observed / expected, np.nan)
        se = np.where(expected > 0, np.sqrt(variance) / expected, np.nan)
    split = [str(key).split("\x1f", 1) for key in rep_keys]
    return MixAdjustment(
        metric=metric,
        sources=tuple(s for s, _ in split),
        rep_ids=tuple(r for _, r in split),
        cells=tuple(str(c) for c in cells),
        closed=closed,
        wins=wins,
        bookings_cents=bookings,
        observed=observed,
        expected=expected,
        index=index,
        se=se,
        expected_bookings_cents=expected_bookings,
        shares=n / closed[:, None],
        cell_rate=rate,
        cell_value=value,
    )
