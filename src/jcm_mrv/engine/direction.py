"""The direction of a parameter decided from actual values, per point and period.

Where :func:`jcm_mrv.methodology.direction.directions` finds that a parameter's effect
on ER "depends" (a chiller's consumption raises ER when its corrected COP exceeds the
reference COP and lowers it otherwise), :func:`local_directions` decides it for each
monitoring point and period from the values of a calculation.

How: forward-mode differentiation of the equations' plans, carried out on the same
arrays the engine evaluates, with a running bound on the rounding error of every value
and every derivative (first-order error analysis, each operation adding one unit
roundoff of its result). The sign of ∂ER/∂x is reported only where the derivative's
magnitude exceeds a safe multiple of its error bound; elsewhere it is unknown (NaN).
A finite perturbation was rejected: its sign is that of a secant, which a switch
(``where``, ``min``, a lookup band edge) between the two evaluations can reverse, and
its rounding error has no bound that the method itself provides.

Steps of a function count as locally flat (``where`` away from its switch, ``lookup``
inside a band) and unknown at the switch itself: a condition whose two sides are
equal within their error bounds, ``min``/``max`` of tied arguments, ``abs`` at zero.
Anything the differentiation cannot represent (a step type it does not know, a sum
whose derivative would need two axes for one index) makes every sign unknown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from jcm_mrv.engine.evaluation import CompiledMethodology
from jcm_mrv.formula import Band, plan
from jcm_mrv.formula.bounded import COMPARISON  # what each comparison means on arrays
from jcm_mrv.methodology.model import PERIOD_INDEX

Array = np.ndarray[Any, np.dtype[Any]]

ROUNDOFF = float(np.finfo(np.float64).eps)
"""Error bound per operation, relative to its result (twice the unit roundoff)."""

SAFETY = 16.0
"""A derivative's sign is trusted only when its magnitude exceeds this many error bounds."""


class _Unrepresentable(Exception):
    """The derivative cannot be carried on the engine's axes (or a step is unknown)."""


@dataclass(frozen=True)
class _Dual:
    """A value and its derivative by the parameter, each with an error bound.

    ``indices`` are the indices the value varies by; ``collapsed`` are indices of the
    parameter that a sum has removed from the value but that the derivative keeps
    (``derivative[..., j, ...]`` is the derivative by the parameter's element ``j``).
    """

    value: Array
    error: Array
    derivative: Array
    derivative_error: Array
    indices: frozenset[str]
    collapsed: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _Truth:
    """A condition's value, and where a small change of the parameter cannot flip it."""

    value: Array
    stable: Array


def local_directions(
    compiled: CompiledMethodology,
    env: Mapping[str, Array],
    parameter: str,
    tables: Mapping[str, tuple[Band, ...]] | None = None,
) -> Array:
    """The sign of ∂ER/∂parameter for every period and element of the parameter.

    ``env`` holds the parameter values exactly as :meth:`CompiledMethodology.evaluate`
    takes them (arrays in the methodology's units, one axis per index); ``tables``
    the bands of project-supplied lookup tables, as given to
    :meth:`CompiledMethodology.build`. The result has the broadcast shape of ER per
    period and the parameter's array, e.g. ``(periods, points)`` for a monitored
    value per point or a project-specific value per point: +1.0 where a small
    increase of that element raises that period's ER, -1.0 where it lowers it, 0.0
    where it has no effect, NaN where the sign is not certain (rounding, a switch, a
    missing value) and everywhere for a choice parameter (``SITE``: its options are
    not quantities, so no small increase of one exists).
    """
    checked = compiled.checked
    differ = _Differentiator(compiled, env, parameter, tables or {})
    ndim = len(compiled.axes)
    periods = max((np.shape(a)[0] for a in env.values() if np.ndim(a)), default=1)
    own = np.shape(env[parameter]) if parameter in env else (1,) * ndim  # a table: none
    shape = np.broadcast_shapes(own, (periods,) + (1,) * (ndim - 1))
    output = checked.methodology.outputs.emission_reductions
    info = checked.symbols.get(parameter)
    if info is not None and info.choices is not None:
        return np.full(shape, np.nan)  # an option has no small increase: never a sign
    try:
        for name in checked.order:
            differ.equation(name)
        result = differ.done[output]
        if PERIOD_INDEX in result.collapsed:
            raise _Unrepresentable  # ER does not vary by the period the parameter does
    except _Unrepresentable:
        return np.full(shape, np.nan)
    size = np.abs(result.derivative)
    certain = size > SAFETY * result.derivative_error
    exact_zero = (result.derivative == 0.0) & (result.derivative_error == 0.0)
    with np.errstate(invalid="ignore"):
        signs = np.where(certain, np.sign(result.derivative), np.where(exact_zero, 0.0, np.nan))
    return np.array(np.broadcast_to(signs, np.broadcast_shapes(signs.shape, shape)))


class _Differentiator:
    def __init__(
        self,
        compiled: CompiledMethodology,
        env: Mapping[str, Array],
        parameter: str,
        tables: Mapping[str, tuple[Band, ...]],
    ) -> None:
        self.compiled = compiled
        self.checked = compiled.checked
        self.env = env
        self.parameter = parameter
        self.tables = tables
        self.ndim = len(compiled.axes)
        self.own = self.checked.symbols[parameter].indices
        self.done: dict[str, _Dual] = {}

    def equation(self, name: str) -> None:
        analysis = self.checked.analyses[name]
        if analysis.plan is None:
            raise _Unrepresentable
        self.done[name] = self.number(analysis.plan)

    def zeros(self) -> Array:
        return np.zeros((1,) * self.ndim)

    def constant(self, values: Array, indices: frozenset[str]) -> _Dual:
        zero = self.zeros()
        return _Dual(values, np.zeros_like(values), zero, zero, indices)

    def axis(self, index: str) -> int:
        if index in self.compiled.axes:
            return self.compiled.axes[index]
        return self.compiled.axes[self.compiled.index]  # a methodology without index

    def number(self, step: plan.Step) -> _Dual:
        match step:
            case plan.Load(name=name):
                return self.load(name)
            case plan.Const(value=value):
                return self.constant(np.full((1,) * self.ndim, value), frozenset())
            case plan.Arithmetic(op=op, left=left, right=right):
                return self.arithmetic(op, self.number(left), self.number(right))
            case plan.Negate(operand=operand):
                a = self.number(operand)
                return replace(a, value=-a.value, derivative=-a.derivative)
            case plan.Rescale(operand=operand, scale=scale, offset=offset):
                return _rescale(self.number(operand), scale, offset)
            case plan.Absolute(operand=operand):
                return _absolute(self.number(operand))
            case plan.Exponential(operand=operand):
                return _exponential(self.number(operand))
            case plan.Extremum(func=func, operands=operands):
                duals = [self.number(o) for o in operands]
                result = duals[0]
                for other in duals[1:]:
                    result = _extremum(func, result, other)
                return result
            case plan.Choose(condition=condition, then=then, otherwise=otherwise):
                return _choose(self.condition(condition), self.number(then), self.number(otherwise))
            case plan.Total(operand=operand, index=index):
                return self.total(self.number(operand), index)
            case plan.TableLookup(bands=bands, key=key, table=table):
                if table is not None and table in self.tables:
                    bands = self.tables[table]
                return self.lookup(bands, self.number(key), table)
        raise _Unrepresentable  # a step (function) this differentiation does not know

    def load(self, name: str) -> _Dual:
        if name in self.done:
            return self.done[name]
        values = np.asarray(self.env[name], dtype=np.float64)
        indices = self.checked.symbols[name].indices
        if name != self.parameter:
            return self.constant(values, indices)
        one = np.ones((1,) * self.ndim)
        return _Dual(values, np.zeros_like(values), one, np.zeros_like(one), indices)

    def arithmetic(self, op: str, a: _Dual, b: _Dual) -> _Dual:
        indices, collapsed = _joined(a, b)
        with np.errstate(all="ignore"):
            if op in ("+", "-"):
                sign = 1.0 if op == "+" else -1.0
                value = a.value + sign * b.value
                error = a.error + b.error + ROUNDOFF * np.abs(value)
                derivative = a.derivative + sign * b.derivative
                derivative_error = (
                    a.derivative_error + b.derivative_error + ROUNDOFF * np.abs(derivative)
                )
            elif op == "*":
                value, error, derivative, derivative_error = _product(a, b)
            elif op == "/":
                value, error, derivative, derivative_error = _quotient(a, b)
            else:
                value, error, derivative, derivative_error = _power(a, b)
        return _Dual(value, error, derivative, derivative_error, indices, collapsed)

    def total(self, a: _Dual, index: str) -> _Dual:
        axis = self.axis(index)
        n = a.value.shape[axis]
        value = np.sum(a.value, axis=axis, keepdims=True)  # the bound covers naive sums
        error = np.sum(a.error, axis=axis, keepdims=True) + ROUNDOFF * (
            np.abs(value) + n * np.sum(np.abs(a.value), axis=axis, keepdims=True)
        )
        if index in self.own:
            # ∂(Σ_j a_j)/∂x_k = ∂a_k/∂x_k: the derivative keeps the axis, now collapsed
            return _Dual(
                value,
                error,
                a.derivative,
                a.derivative_error,
                a.indices - {index},
                a.collapsed | {index},
            )
        derivative = np.sum(a.derivative, axis=axis, keepdims=True)
        m = a.derivative.shape[axis]
        derivative_error = np.sum(a.derivative_error, axis=axis, keepdims=True) + ROUNDOFF * (
            np.abs(derivative) + m * np.sum(np.abs(a.derivative), axis=axis, keepdims=True)
        )
        return _Dual(value, error, derivative, derivative_error, a.indices - {index}, a.collapsed)

    def lookup(self, bands: tuple[Band, ...], key: _Dual, table: str | None) -> _Dual:
        keys = key.value
        value = np.full(keys.shape, np.nan)
        near_edge = np.zeros(keys.shape, dtype=bool)
        for band in bands:
            lower = -np.inf if band.lower is None else band.lower
            upper = np.inf if band.upper is None else band.upper
            value = np.where((keys >= lower) & (keys < upper), band.value, value)
            for edge in (lower, upper):
                near_edge |= np.abs(keys - edge) <= key.error
        moves = (key.derivative != 0.0) | (key.derivative_error != 0.0)
        # inside a band a lookup is flat; at an edge a small change can jump to the next
        flat = np.where(near_edge & moves, np.nan, 0.0)
        own = 1.0 if table == self.parameter else 0.0  # raising every value of the table
        derivative = np.where(np.isnan(value), np.nan, own + flat)
        # a key within its rounding of an edge may fall in either band: value unknown
        error = np.where(near_edge & (key.error > 0.0), np.inf, 0.0)
        return _Dual(
            value,
            error,
            derivative,
            np.zeros_like(derivative),
            key.indices,
            key.collapsed,
        )

    def condition(self, step: plan.Step) -> _Truth:
        match step:
            case plan.Comparison(ops=ops, operands=operands):
                duals = [self.number(o) for o in operands]
                return _comparison(ops, duals)
            case plan.Logic(op=op, operands=operands):
                truths = [self.condition(o) for o in operands]
                combine = np.logical_and if op == "and" else np.logical_or
                value = truths[0].value
                stable = truths[0].stable
                for truth in truths[1:]:
                    value = combine(value, truth.value)
                    stable = stable & truth.stable
                return _Truth(value, stable)
            case plan.LogicalNot(operand=operand):
                truth = self.condition(operand)
                return _Truth(np.logical_not(truth.value), truth.stable)
        raise _Unrepresentable


def _comparison(ops: tuple[str, ...], duals: list[_Dual]) -> _Truth:
    value: Array = np.ones((1,), dtype=bool)
    stable: Array = np.ones((1,), dtype=bool)
    for op, left, right in zip(ops, duals, duals[1:], strict=False):
        _joined(left, right)
        with np.errstate(invalid="ignore"):
            value = value & COMPARISON[op](left.value, right.value)
            apart = np.abs(left.value - right.value) > left.error + right.error
        # equal sides that the parameter does not move, computed without rounding, are
        # equal in the engine too; otherwise the engine's rounding could flip them
        fixed = _flat(left) & _flat(right) & (left.error == 0.0) & (right.error == 0.0)
        stable = stable & (apart | fixed)
    return _Truth(value, stable)


def _flat(a: _Dual) -> Array:
    return np.asarray((a.derivative == 0.0) & (a.derivative_error == 0.0))


def _joined(a: _Dual, b: _Dual) -> tuple[frozenset[str], frozenset[str]]:
    """The indices of a combination; refuse one whose derivative needs two axes for one."""
    if (a.collapsed & b.indices) or (b.collapsed & a.indices):
        raise _Unrepresentable
    return a.indices | b.indices, a.collapsed | b.collapsed


def _rescale(a: _Dual, scale: float, offset: float) -> _Dual:
    value = a.value * scale + offset
    error = abs(scale) * a.error + ROUNDOFF * (np.abs(value) + np.abs(a.value * scale))
    derivative = a.derivative * scale
    derivative_error = abs(scale) * a.derivative_error + ROUNDOFF * np.abs(derivative)
    return replace(
        a, value=value, error=error, derivative=derivative, derivative_error=derivative_error
    )


def _absolute(a: _Dual) -> _Dual:
    at_zero = np.abs(a.value) <= a.error
    flat = _flat(a)
    derivative = np.where(at_zero, np.where(flat, 0.0, np.nan), np.sign(a.value) * a.derivative)
    return replace(a, value=np.abs(a.value), derivative=derivative)


def _exponential(a: _Dual) -> _Dual:
    """exp(a) and its derivative exp(a) a', with bounds that hold for any error of a.

    exp(a ± δ) - exp(a) lies within exp(a) expm1(δ) (not only to first order).
    """
    with np.errstate(over="ignore", invalid="ignore"):
        value = np.exp(a.value)
        error = value * np.expm1(a.error) + ROUNDOFF * value
        derivative = value * a.derivative
        derivative_error = (
            (value + error) * a.derivative_error
            + np.abs(a.derivative) * error
            + ROUNDOFF * np.abs(derivative)
        )
    return replace(
        a, value=value, error=error, derivative=derivative, derivative_error=derivative_error
    )


def _extremum(func: str, a: _Dual, b: _Dual) -> _Dual:
    indices, collapsed = _joined(a, b)
    with np.errstate(invalid="ignore"):
        first = a.value < b.value if func == "min" else a.value > b.value
        value = np.minimum(a.value, b.value) if func == "min" else np.maximum(a.value, b.value)
        tied = np.abs(a.value - b.value) <= a.error + b.error
    same = (a.derivative == b.derivative) & (a.derivative_error == b.derivative_error)
    derivative = np.where(first, a.derivative, b.derivative)
    derivative = np.where(tied & ~same, np.nan, derivative)
    return _Dual(
        value,
        np.where(first, a.error, b.error) + np.where(tied, a.error + b.error, 0.0),
        derivative,
        np.where(first, a.derivative_error, b.derivative_error),
        indices,
        collapsed,
    )


def _choose(truth: _Truth, then: _Dual, otherwise: _Dual) -> _Dual:
    indices, collapsed = _joined(then, otherwise)
    derivative = np.where(truth.value, then.derivative, otherwise.derivative)
    return _Dual(
        np.where(truth.value, then.value, otherwise.value),
        np.where(truth.value, then.error, otherwise.error),
        np.where(truth.stable, derivative, np.nan),
        np.where(truth.value, then.derivative_error, otherwise.derivative_error),
        indices,
        collapsed,
    )


_Parts = tuple[Array, Array, Array, Array]


def _product(a: _Dual, b: _Dual) -> _Parts:
    value = a.value * b.value
    error = np.abs(a.value) * b.error + np.abs(b.value) * a.error + a.error * b.error
    error = error + ROUNDOFF * np.abs(value)
    left, right = a.derivative * b.value, a.value * b.derivative
    derivative = left + right
    derivative_error = (
        np.abs(a.derivative) * b.error
        + a.derivative_error * (np.abs(b.value) + b.error)
        + np.abs(a.value) * b.derivative_error
        + a.error * (np.abs(b.derivative) + b.derivative_error)
        + 2 * ROUNDOFF * (np.abs(left) + np.abs(right))
    )
    return value, error, derivative, derivative_error


def _quotient(a: _Dual, b: _Dual) -> _Parts:
    margin = np.abs(b.value) - b.error  # how far the divisor is certainly from zero
    margin = np.where(margin > 0.0, margin, np.nan)  # near zero: nothing is certain
    value = a.value / b.value
    error = (a.error + np.abs(value) * b.error) / margin + ROUNDOFF * np.abs(value)
    # d(a/b) = (a' - (a/b) b') / b
    numerator = a.derivative - value * b.derivative
    numerator_error = (
        a.derivative_error
        + np.abs(value) * b.derivative_error
        + error * (np.abs(b.derivative) + b.derivative_error)
        + 2 * ROUNDOFF * (np.abs(a.derivative) + np.abs(value * b.derivative))
    )
    derivative = numerator / b.value
    derivative_error = (numerator_error + np.abs(derivative) * b.error) / margin + (
        ROUNDOFF * np.abs(derivative)
    )
    return value, error, derivative, derivative_error


def _power(a: _Dual, b: _Dual) -> _Parts:
    value = np.power(a.value, b.value)
    relative = np.where(a.error == 0.0, 0.0, a.error / np.abs(a.value))  # inf at zero
    exponent = np.unique(b.value)
    if not _flat(b).all() or exponent.size != 1:
        # a varying exponent: certain only where nothing here moves with the parameter
        error = np.abs(value) * (
            np.abs(b.value) * relative + np.abs(np.log(np.abs(a.value))) * b.error + 2 * ROUNDOFF
        )
        flat = _flat(a) & _flat(b)
        derivative = np.where(flat, 0.0, np.nan)
        return value, error, derivative, np.zeros_like(derivative)
    c = float(exponent[0])
    if c == 0.0:
        zero = np.zeros_like(value)
        return value, zero, zero, zero
    error = np.abs(value) * (abs(c) * relative + 2 * ROUNDOFF)
    slope = c * np.power(a.value, c - 1.0)
    derivative = slope * a.derivative
    derivative_error = np.abs(slope) * a.derivative_error + np.abs(derivative) * (
        abs(c - 1.0) * relative + 3 * ROUNDOFF
    )
    return value, error, derivative, derivative_error
