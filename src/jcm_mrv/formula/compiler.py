"""Compile an analysed formula once into a function over numpy arrays.

Conventions: ``axes`` maps each index name to an array axis (``{"p": 0, "i": 1}``);
every array in the environment has ``ndim == len(axes)``, with size 1 on the axes of
indices it does not vary by, so numpy broadcasting lines values up. Values are in
each symbol's declared unit: the unit factors (and kelvin offsets) found by the
analysis are applied here.

Arithmetic runs under ``np.errstate(all="ignore")``: a division by zero or an
overflow gives inf or NaN, never an exception; the engine reports such values.
``min`` and ``max`` propagate NaN (a missing value is never hidden by a smaller one).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import reduce
from typing import Any

import numpy as np
import numpy.typing as npt

from jcm_mrv.findings import codes
from jcm_mrv.formula import plan
from jcm_mrv.formula.analysis import Analysis, Kind
from jcm_mrv.formula.bounded import COMPARISON, Bound, build_bounded
from jcm_mrv.formula.errors import FormulaError
from jcm_mrv.formula.nodes import Expr
from jcm_mrv.formula.symbols import Band
from jcm_mrv.numeric import accurate_sum

Array = npt.NDArray[Any]
_Kernel = Callable[[Mapping[str, Array]], Array]

_ARITHMETIC: dict[str, Callable[[Array, Array], Array]] = {
    "+": np.add,
    "-": np.subtract,
    "*": np.multiply,
    "/": np.divide,
    "**": np.power,
}


@dataclass(frozen=True)
class CompiledFormula:
    """A formula ready to run: call it with a mapping of symbol name → numpy array.

    ``unit`` is the unit of the result (the declared unit if one was given),
    ``indices`` the indices it varies by, ``names`` the symbols whose arrays it reads
    from the environment (lookup tables are built in and not among them), ``kind``
    whether it gives numbers (float arrays) or a condition (bool arrays).
    """

    expr: Expr
    kind: Kind
    unit: str | None
    indices: frozenset[str]
    names: tuple[str, ...]
    axes: Mapping[str, int]
    plan: plan.Step
    """The lowered steps (what :func:`jcm_mrv.formula.exact.evaluate_exact` runs)."""
    _kernel: _Kernel
    _bounded: Callable[[Mapping[str, Array], Mapping[str, Bound]], tuple[Array, Bound]]

    def __call__(self, env: Mapping[str, Array]) -> Array:
        """Evaluate on arrays in the symbols' declared units; never raises on bad values."""
        with np.errstate(all="ignore"):
            result = np.asarray(self._kernel(env))
        if result.ndim < len(self.axes):  # a formula of constants only
            result = result.reshape((1,) * (len(self.axes) - result.ndim) + result.shape)
        return np.array(result, dtype=bool if self.kind == "condition" else np.float64)

    def bounded(self, env: Mapping[str, Array], bounds: Mapping[str, Bound]) -> tuple[Array, Bound]:
        """The value with a rigorous bound on its distance to the exact value.

        ``bounds`` gives each input's bound (:mod:`jcm_mrv.formula.bounded`); the value
        is computed like :meth:`__call__`'s but with plain sums (the bound covers them).
        Call it under ``np.errstate(all="ignore")``.
        """
        value, bound = self._bounded(env, bounds)
        value = np.asarray(value, dtype=np.float64)
        if value.ndim < len(self.axes):  # a formula of constants only
            value = value.reshape((1,) * (len(self.axes) - value.ndim) + value.shape)
        return value, bound


def compile_formula(analysis: Analysis, axes: Mapping[str, int]) -> CompiledFormula:
    """Compile an analysis without problems; raise its first problem otherwise.

    ``axes`` must give an axis for every index the formula sums over or varies by.
    """
    if analysis.problems:
        raise analysis.problems[0]
    if analysis.plan is None or analysis.kind is None:  # pragma: no cover - defensive
        raise FormulaError(codes.FORMULA_SYNTAX, "formula has not been analysed", 1)
    ndim = len(axes)
    return CompiledFormula(
        expr=analysis.expr,
        kind=analysis.kind,
        unit=analysis.unit,
        indices=analysis.indices,
        names=tuple(n for n in analysis.names if n in plan.loaded_names(analysis.plan)),
        axes=dict(axes),
        plan=analysis.plan,
        _kernel=_Builder(axes, ndim).build(analysis.plan),
        _bounded=build_bounded(analysis.plan, axes),
    )


class _Builder:
    """Turns plan steps into nested closures (built once, run many times)."""

    def __init__(self, axes: Mapping[str, int], ndim: int) -> None:
        self.axes = axes
        self.ndim = ndim

    def build(self, step: plan.Step) -> _Kernel:
        match step:
            case plan.Load(name=name):
                return self.load(name)
            case plan.Const(value=value):
                constant = np.full((1,) * self.ndim, value, dtype=np.float64)
                return lambda env: constant
            case plan.Arithmetic(op=op, left=left, right=right):
                return _binary(_ARITHMETIC[op], self.build(left), self.build(right))
            case plan.Negate(operand=operand):
                return _unary(np.negative, self.build(operand))
            case plan.Absolute(operand=operand):
                return _unary(np.abs, self.build(operand))
            case plan.Exponential(operand=operand):
                return _unary(np.exp, self.build(operand))
            case plan.Rescale(operand=operand, scale=scale, offset=offset):
                inner = self.build(operand)
                if offset == 0.0:
                    return lambda env: inner(env) * scale
                return lambda env: inner(env) * scale + offset
            case plan.Comparison(ops=ops, operands=operands):
                return self.comparison(ops, operands)
            case plan.Logic(op=op, operands=operands):
                combine = np.logical_and if op == "and" else np.logical_or
                return _fold(combine, [self.build(o) for o in operands])
            case plan.LogicalNot(operand=operand):
                return _unary(np.logical_not, self.build(operand))
            case plan.Extremum(func=func, operands=operands):
                pick = np.minimum if func == "min" else np.maximum
                return _fold(pick, [self.build(o) for o in operands])
            case plan.Choose(condition=condition, then=then, otherwise=otherwise):
                test, a, b = self.build(condition), self.build(then), self.build(otherwise)
                return lambda env: np.where(test(env), a(env), b(env))
            case plan.Total(operand=operand, index=index):
                inner, axis = self.build(operand), self.axes[index]
                return lambda env: accurate_sum(inner(env), axis)
            case plan.TableLookup(bands=bands, key=key):
                return _lookup(bands, self.build(key))
        raise AssertionError(f"unexpected step {step!r}")  # pragma: no cover

    def load(self, name: str) -> _Kernel:
        ndim = self.ndim

        def load(env: Mapping[str, Array]) -> Array:
            values = np.asarray(env[name], dtype=np.float64)
            if values.ndim != ndim:
                raise ValueError(f"values of {name!r} have {values.ndim} axes, expected {ndim}")
            return values

        return load

    def comparison(self, ops: tuple[str, ...], operands: tuple[plan.Step, ...]) -> _Kernel:
        kernels = [self.build(o) for o in operands]
        tests = [COMPARISON[op] for op in ops]

        def compare(env: Mapping[str, Array]) -> Array:
            values = [kernel(env) for kernel in kernels]
            results = [test(values[k], values[k + 1]) for k, test in enumerate(tests)]
            return reduce(np.logical_and, results)

        return compare


def _unary(func: Callable[[Array], Array], inner: _Kernel) -> _Kernel:
    return lambda env: func(inner(env))


def _binary(func: Callable[[Array, Array], Array], left: _Kernel, right: _Kernel) -> _Kernel:
    return lambda env: func(left(env), right(env))


def _fold(func: Callable[[Array, Array], Array], kernels: list[_Kernel]) -> _Kernel:
    return lambda env: reduce(func, (kernel(env) for kernel in kernels))


def _lookup(bands: tuple[Band, ...], key: _Kernel) -> _Kernel:
    ordered = sorted(bands, key=lambda b: -math.inf if b.lower is None else b.lower)
    lowers = np.array([-math.inf if b.lower is None else b.lower for b in ordered])
    uppers = np.array([math.inf if b.upper is None else b.upper for b in ordered])
    values = np.array([b.value for b in ordered], dtype=np.float64)
    if not ordered:
        return lambda env: np.full_like(key(env), np.nan)

    def lookup(env: Mapping[str, Array]) -> Array:
        keys = key(env)
        position = np.searchsorted(lowers, keys, side="right") - 1
        safe = np.clip(position, 0, len(values) - 1)
        inside = (position >= 0) & (keys < uppers[safe])
        return np.where(inside, values[safe], np.nan)

    return lookup
