"""Benjamini-Hochberg and Benjamini-Yekutieli q-values agree with statsmodels."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.multitest import multipletests

from uplift.analytics.stats import benjamini_hochberg, benjamini_yekutieli, qvalues

p_value_vectors = st.lists(
    st.one_of(
        st.floats(min_value=0.0, max_value=1.0, allow_nan=False),
        st.sampled_from([0.0, 0.01, 0.05, 0.5, 1.0]),  # ties and edges
    ),
    min_size=1,
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(p_value_vectors)
def test_benjamini_hochberg_matches_statsmodels(p_values: list[float]) -> None:
    expected = multipletests(p_values, method="fdr_bh")[1]

    np.testing.assert_allclose(benjamini_hochberg(p_values), expected, rtol=0, atol=1e-12)


@settings(max_examples=300, deadline=None)
@given(p_value_vectors)
def test_benjamini_yekutieli_matches_statsmodels(p_values: list[float]) -> None:
    expected = multipletests(p_values, method="fdr_by")[1]

    np.testing.assert_allclose(benjamini_yekutieli(p_values), expected, rtol=0, atol=1e-12)


def test_hand_computed_bh() -> None:
    # m = 4: 0.01·4/1 = 0.04, 0.02·4/2 = 0.04, 0.03·4/3 = 0.04, 0.5·4/4 = 0.5 (input order kept)
    np.testing.assert_allclose(qvalues([0.5, 0.02, 0.01, 0.03]), [0.5, 0.04, 0.04, 0.04])


def test_missing_p_values_stay_missing_and_do_not_count() -> None:
    result = qvalues([0.01, np.nan, 0.04])

    assert np.isnan(result[1])
    np.testing.assert_allclose(result[[0, 2]], [0.02, 0.04])
    assert np.all(np.isnan(qvalues([np.nan, np.nan])))


def test_out_of_range_p_values_are_refused() -> None:
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        qvalues([0.2, 1.2])
