"""Each rep's result against a fair baseline: what an average rep achieves with the same selling
time, on the same mix of deals.

The inputs are small per-rep tables from the engine: the deal mix (closed deals, wins, bookings
and log deal sizes per rep and *cell*, a cell being a segment by default, or segment x region,
segment x product...), each rep's exposure in months (hire, leaving and ramp; see
:mod:`.exposure`), and the quotas prorated to the window. From them, per cell c:

- ``p_c``, the organisation's win rate; ``m_c``, bookings per closed deal; ``mu_c``, the typical
  (log-mean) won deal;
- ``f_c``, closed deals per month of a rep's time spent on that cell. A rep's time is split
  across cells in proportion to the time their closed deals take (``n_ic / f_c``), and
  ``f_c`` = the cell's deals / the months allocated to it, solved together by a fixed point and
  smoothed towards the organisation's rate with ``CELL_SMOOTHING_MONTHS`` of prior time so a
  tiny cell cannot set its own rate.

Then a rep's **work months** ``W_i = Σ_c n_ic / f_c`` are the months an average rep would need
for the deals they closed, and their bookings split exactly into three parts, each 1.0 for a rep
exactly like the organisation:

- **volume** ``V_i = W_i / exposure_i``: deals closed against an average rep's deal flow on the
  same mix in the same selling time;
- **conversion** ``C_i = wins_i / Σ_c n_ic p_c``: wins against the organisation's win rate on the
  same deals;
- **deal size** ``S_i = bookings_i / Σ_c n_ic m_c / C_i``: average won deal against the
  organisation's on the same mix;

and **bookings index** ``B_i / E_i = V_i x C_i x S_i`` with ``E_i = (exposure_i / W_i) x
Σ_c n_ic m_c``, the bookings an average rep would have had in their selling time on their mix.
Attainment is bookings over the quota prorated to the rep's part of the window.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa

FloatArray = npt.NDArray[np.float64]
RepKey = tuple[str, str]
CELL_SMOOTHING_MONTHS = 6.0


@dataclass(frozen=True)
class RepResults:
    """Per-rep results and baselines, arrays aligned with ``keys`` (see the module docstring).

    Money is in cents. ``closed``, ``wins``, ``bookings_cents`` are the rep's window totals;
    ``exposure`` months of selling time; ``work_months`` W; ``volume``, ``conversion``,
    ``deal_size`` the three parts of ``bookings_index``. ``expected_wins`` is Σ n p (wins on the
    rep's deals at the organisation's rates); ``expected_wins_time`` the wins an average rep
    would have in the rep's selling time on the same mix; ``expected_bookings_cents`` E (same,
    for bookings); ``deal_value_cents`` Σ n m (what the organisation books on the rep's deals).
    ``sized``, ``log_size_mean`` and the pooled ``log_size_var`` describe won deal sizes on the log
    scale relative to each cell's typical deal (``log_size_shift``, mean over sized deals) and to
    the organisation's (``log_size_shift_org``). ``size_shift`` and ``size_shift_org`` are the
    same comparisons for the rep's average won deal (ln of actual / expected average, on the same
    mix or the organisation's), with ``size_variance`` and ``size_variance_org`` their sampling
    variances (the cells' spread of amounts over the rep's sized deals, by the delta method):
    bookings are sums, so what they depend on is the average deal, not the typical one; with many
    products at very different prices the two tell different stories. ``quota_cents`` is the
    quota prorated to the rep's selling days in the window (NaN without a quota), ``quota_days``
    the days covered.
    ``shares[i, c]`` is the share of the rep's closed deals in ``cells[c]``.
    """

    keys: tuple[RepKey, ...]
    cells: tuple[str, ...]
    closed: FloatArray
    wins: FloatArray
    bookings_cents: FloatArray
    exposure: FloatArray
    work_months: FloatArray
    expected_wins: FloatArray
    win_variance: FloatArray
    expected_wins_time: FloatArray
    expected_bookings_cents: FloatArray
    deal_value_cents: FloatArray
    sized: FloatArray
    log_size_shift: FloatArray
    log_size_shift_org: FloatArray
    log_size_var: float
    size_shift: FloatArray
    size_shift_org: FloatArray
    size_variance: FloatArray
    size_variance_org: FloatArray
    quota_cents: FloatArray
    quota_days: FloatArray
    shares: FloatArray
    cell_rate: FloatArray
    cell_value: FloatArray
    cell_flow: FloatArray

    @property
    def rep_ids(self) -> tuple[str, ...]:
        return tuple(rep_id for _, rep_id in self.keys)

    def position(self) -> dict[RepKey, int]:
        return {key: i for i, key in enumerate(self.keys)}

    def _ratio(self, top: FloatArray, bottom: FloatArray) -> FloatArray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.asarray(np.where(bottom > 0, top / bottom, np.nan), dtype=np.float64)

    @property
    def volume(self) -> FloatArray:
        return self._ratio(self.work_months, self.exposure)

    @property
    def conversion(self) -> FloatArray:
        return self._ratio(self.wins, self.expected_wins)

    @property
    def deal_size(self) -> FloatArray:
        value_index = self._ratio(self.bookings_cents, self.deal_value_cents)
        return self._ratio(value_index, self.conversion)

    @property
    def bookings_index(self) -> FloatArray:
        return self._ratio(self.bookings_cents, self.expected_bookings_cents)

    @property
    def attainment(self) -> FloatArray:
        return self._ratio(self.bookings_cents, self.quota_cents)

    @property
    def win_rate(self) -> FloatArray:
        return self._ratio(self.wins, self.closed)

    @property
    def avg_deal_cents(self) -> FloatArray:
        return self._ratio(self.bookings_cents, self.wins)


def _matrix(
    rows: npt.NDArray[np.intp], cols: npt.NDArray[np.intp], values: object, shape: tuple[int, int]
) -> FloatArray:
    out = np.zeros(shape, dtype=np.float64)
    np.add.at(out, (rows, cols), np.asarray(values, dtype=np.float64))
    return out


def cell_flow(n: FloatArray, exposure: FloatArray, *, iterations: int = 200) -> FloatArray:
    """Closed deals per month of a rep's time in each cell (``f_c`` in the module docstring)."""
    overall = float(n.sum() / exposure.sum())
    flow = np.full(n.shape[1], overall)
    for _ in range(iterations):
        effort = n / flow[None, :]
        total = effort.sum(axis=1, keepdims=True)
        time = np.divide(effort, total, out=np.zeros_like(effort), where=total > 0)
        months = (exposure[:, None] * time).sum(axis=0)
        updated = (n.sum(axis=0) + CELL_SMOOTHING_MONTHS * overall) / (
            months + CELL_SMOOTHING_MONTHS
        )
        if np.allclose(updated, flow, rtol=1e-9, atol=0):
            return np.asarray(updated, dtype=np.float64)
        flow = updated
    return np.asarray(flow, dtype=np.float64)


def _average_size(
    n_sized: FloatArray,
    *,
    book: FloatArray,
    squares: FloatArray,
    cell_sized: FloatArray,
    sized: FloatArray,
    reps: int,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """ln(average won deal / expected average) on the rep's mix and on the organisation's, and
    their sampling variances: Var(mean) = Σ_c n_c s²_c / N², over the expected average²."""
    cell_mean = np.divide(
        book.sum(axis=0), cell_sized, out=np.zeros(len(cell_sized)), where=cell_sized > 0
    )
    spread = squares.sum(axis=0) - cell_sized * cell_mean**2
    cell_var = np.divide(
        np.maximum(spread, 0.0),
        cell_sized - 1,
        out=np.zeros(len(cell_sized)),
        where=cell_sized > 1,
    )
    org_mean = float(book.sum() / cell_sized.sum()) if cell_sized.sum() > 0 else 0.0
    has = (sized > 0) & (org_mean > 0)
    nan = np.full(reps, np.nan)
    actual = np.divide(book.sum(axis=1), sized, out=nan.copy(), where=has)
    expected = np.divide(n_sized @ cell_mean, sized, out=nan.copy(), where=has)
    mean_var = np.divide(n_sized @ cell_var, sized**2, out=nan.copy(), where=has)
    with np.errstate(divide="ignore", invalid="ignore"):
        shift = np.where(has & (actual > 0) & (expected > 0), np.log(actual / expected), np.nan)
        shift_org = np.where(has & (actual > 0), np.log(actual / org_mean), np.nan)
        variance = np.maximum(mean_var / expected**2, 1e-9)
        variance_org = np.maximum(mean_var / org_mean**2, 1e-9) if org_mean > 0 else nan
    return shift, shift_org, variance, variance_org


def rep_results(
    mix: pa.Table,
    *,
    exposure: dict[RepKey, float],
    quotas: dict[RepKey, tuple[float, float]] | None = None,
) -> RepResults:
    """The baselines of the module docstring from a :func:`~uplift.analytics.metrics.deal_mix`
    table (one row per rep and cell), each rep's exposure in months (a rep missing from it
    gets 12) and their prorated quota as (cents, days covered)."""
    data = mix.to_pydict()
    if not data["rep_id"]:
        raise ValueError("no closed deals in the window")
    joined = [f"{s}\x1f{r}" for s, r in zip(data["source"], data["rep_id"], strict=True)]
    rep_keys, rows = np.unique(np.asarray(joined, dtype=object), return_inverse=True)
    cells, cols = np.unique(np.asarray(data["cell"], dtype=object), return_inverse=True)
    pairs = (str(k).split("\x1f", 1) for k in rep_keys)
    keys: tuple[RepKey, ...] = tuple((source, rep_id) for source, rep_id in pairs)
    shape = (len(rep_keys), len(cells))

    def cellwise(column: str) -> FloatArray:
        return _matrix(rows, cols, data[column], shape)

    n, won, book = cellwise("deals_closed"), cellwise("deals_won"), cellwise("bookings_cents")
    n_sized, log_sum, log_sq = (
        cellwise("won_with_amount"),
        cellwise("log_amount_sum"),
        cellwise("log_amount_squares"),
    )
    months = np.asarray([exposure.get(k, 12.0) for k in keys], dtype=np.float64)
    months = np.maximum(months, 0.25)
    per_cell = n.sum(axis=0)
    rate = won.sum(axis=0) / per_cell
    value = book.sum(axis=0) / per_cell
    flow = cell_flow(n, months)
    work = (n / flow[None, :]).sum(axis=1)
    expected_wins = n @ rate
    deal_value = n @ value
    time_scale = np.divide(months, work, out=np.zeros_like(months), where=work > 0)
    sized = n_sized.sum(axis=1)
    cell_sized = n_sized.sum(axis=0)
    cell_log_mean = np.divide(
        log_sum.sum(axis=0), cell_sized, out=np.zeros(len(cells)), where=cell_sized > 0
    )
    org_log_mean = float(log_sum.sum() / cell_sized.sum()) if cell_sized.sum() > 0 else 0.0
    centred_sum = (log_sum - n_sized * cell_log_mean[None, :]).sum(axis=1)
    centred_sq = (
        log_sq - 2 * cell_log_mean[None, :] * log_sum + n_sized * cell_log_mean[None, :] ** 2
    ).sum(axis=1)
    shift = np.divide(centred_sum, sized, out=np.full(len(keys), np.nan), where=sized > 0)
    within = np.where(sized > 0, centred_sq - sized * np.nan_to_num(shift) ** 2, 0.0)
    dof = float(sized.sum() - np.count_nonzero(sized))
    log_var = float(np.maximum(within, 0).sum() / dof) if dof > 0 else 1.0
    mix_shift = np.divide(
        n_sized @ (cell_log_mean - org_log_mean), sized, out=np.zeros(len(keys)), where=sized > 0
    )
    average = _average_size(
        n_sized,
        book=book,
        squares=cellwise("bookings_squares"),
        cell_sized=cell_sized,
        sized=sized,
        reps=len(keys),
    )
    quota = quotas or {}
    return RepResults(
        keys=keys,
        cells=tuple(str(c) for c in cells),
        closed=n.sum(axis=1),
        wins=won.sum(axis=1),
        bookings_cents=book.sum(axis=1),
        exposure=months,
        work_months=work,
        expected_wins=expected_wins,
        win_variance=n @ (rate * (1 - rate)),
        expected_wins_time=time_scale * expected_wins,
        expected_bookings_cents=time_scale * deal_value,
        deal_value_cents=deal_value,
        sized=sized,
        log_size_shift=shift,
        log_size_shift_org=shift + mix_shift,
        log_size_var=max(log_var, 1e-6),
        size_shift=average[0],
        size_shift_org=average[1],
        size_variance=average[2],
        size_variance_org=average[3],
        quota_cents=np.asarray([quota.get(k, (np.nan, 0.0))[0] for k in keys]),
        quota_days=np.asarray([quota.get(k, (np.nan, 0.0))[1] for k in keys]),
        shares=n / n.sum(axis=1)[:, None],
        cell_rate=rate,
        cell_value=value,
        cell_flow=flow,
    )
