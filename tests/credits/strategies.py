"""Strategies and helpers shared by the credit allocation tests."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

from jcm_mrv.credits import Participant


def participants_from_weights(weights: list[int]) -> list[Participant]:
    """Participants P1, P2 … whose shares are the weights normalised to sum to exactly 1."""
    total = sum(weights)
    return [Participant(f"P{i + 1}", Fraction(w, total)) for i, w in enumerate(weights)]


participant_lists = st.lists(st.integers(1, 20), min_size=1, max_size=5).map(
    participants_from_weights
)
shares = st.fractions(min_value=0, max_value=1, max_denominator=200)
