"""Property tests: random formulas compute what numpy computes; hostile text never runs."""

from __future__ import annotations

import builtins
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NamedTuple

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from jcm_mrv.findings import codes
from jcm_mrv.formula import FormulaError, SymbolInfo, analyse, compile_formula, parse, render

from .conftest import AXES, INDICES, chiller_symbols

Env = dict[str, np.ndarray]

# Dimensionless symbols varying by (p, i), p, i and nothing; arrays of 3 periods x 4 units.
SHAPES = {"a": (3, 4), "b": (3, 1), "c": (1, 4), "d": (1, 1)}
VARIES = {"a": {"p", "i"}, "b": {"p"}, "c": {"i"}, "d": set()}
SYMBOLS = {name: SymbolInfo(name, "dimensionless", frozenset(VARIES[name])) for name in SHAPES}


class Term(NamedTuple):
    """A random formula: its text, the indices it varies by, and a numpy reference."""

    text: str
    indices: frozenset[str]
    reference: Callable[[Env], np.ndarray]


def reference_sum(values: np.ndarray, axis: int) -> np.ndarray:
    """Sum along an axis with math.fsum, row by row (NaN/inf as numpy gives them)."""
    moved = np.moveaxis(np.broadcast_to(values, values.shape), axis, -1)
    out = np.empty(moved.shape[:-1])
    for position in np.ndindex(*moved.shape[:-1]):
        run = [float(v) for v in moved[position]]
        if all(math.isfinite(v) for v in run):
            try:
                out[position] = math.fsum(run)
                continue
            except OverflowError:
                pass
        out[position] = np.sum(run)
    return np.expand_dims(out, axis)


def number() -> st.SearchStrategy[Term]:
    return st.floats(0.0, 100.0, allow_nan=False).map(
        lambda v: Term(repr(v), frozenset(), lambda env: np.array(v))
    )


def symbol() -> st.SearchStrategy[Term]:
    return st.sampled_from(sorted(SHAPES)).map(
        lambda n: Term(n, frozenset(VARIES[n]), lambda env: env[n])
    )


BINARY = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide, "**": np.power}


def binary(op: str, left: Term, right: Term) -> Term:
    func = BINARY[op]
    return Term(
        f"({left.text}) {op} ({right.text})",
        left.indices | right.indices,
        lambda env: func(left.reference(env), right.reference(env)),
    )


def call(name: str, func: Callable[..., np.ndarray], *args: Term) -> Term:
    return Term(
        f"{name}({', '.join(a.text for a in args)})",
        frozenset().union(*(a.indices for a in args)),
        lambda env: func(*(a.reference(env) for a in args)),
    )


def where(left: Term, right: Term, then: Term, otherwise: Term) -> Term:
    return Term(
        f"where(({left.text}) < ({right.text}), {then.text}, {otherwise.text})",
        left.indices | right.indices | then.indices | otherwise.indices,
        lambda env: np.where(
            left.reference(env) < right.reference(env),
            then.reference(env),
            otherwise.reference(env),
        ),
    )


def total(term: Term, index: str) -> Term:
    axis = AXES[index]
    return Term(
        f"sum({term.text}, {index})",
        term.indices - {index},
        lambda env: reference_sum(np.asarray(term.reference(env), dtype=float), axis),
    )


def extend(children: st.SearchStrategy[Term]) -> st.SearchStrategy[Term]:
    return st.one_of(
        st.builds(binary, st.sampled_from(sorted(BINARY)), children, children),
        st.builds(lambda t: Term(f"-({t.text})", t.indices, lambda e: -t.reference(e)), children),
        st.builds(lambda a, b: call("min", np.minimum, a, b), children, children),
        st.builds(lambda a, b: call("max", np.maximum, a, b), children, children),
        st.builds(lambda a: call("abs", np.abs, a), children),
        st.builds(lambda a: call("exp", np.exp, a), children),
        st.builds(where, children, children, children, children),
        children.filter(lambda t: "i" in t.indices).map(lambda t: total(t, "i")),
        children.filter(lambda t: "p" in t.indices).map(lambda t: total(t, "p")),
    )


TERMS = st.recursive(st.one_of(number(), symbol()), extend, max_leaves=10)
VALUES = st.floats(-20.0, 20.0, allow_nan=False, width=32)


@st.composite
def environments(draw: st.DrawFn) -> Env:
    return {
        name: np.array(
            draw(st.lists(VALUES, min_size=math.prod(shape), max_size=math.prod(shape))),
            dtype=np.float64,
        ).reshape(shape)
        for name, shape in SHAPES.items()
    }


@settings(max_examples=300, deadline=None)
@given(TERMS, environments())
def test_compiled_formula_computes_what_numpy_computes(term: Term, env: Env) -> None:
    analysis = analyse(parse(term.text), SYMBOLS, INDICES)
    if analysis.problems:
        # The only refusal a well-formed random formula may meet: a part made of numbers
        # only without a finite value (0.0/0.0, 9**9**9), refused at load time.
        assert {p.code.code for p in analysis.problems} == {"JCM-F008"}, term.text
        return
    assert analysis.problems == (), term.text
    assert analysis.indices == term.indices
    result = compile_formula(analysis, AXES)(env)
    with np.errstate(all="ignore"):
        expected = np.broadcast_to(term.reference(env), result.shape)
    np.testing.assert_allclose(result, expected, rtol=1e-12, equal_nan=True, err_msg=term.text)


@settings(max_examples=300, deadline=None)
@given(TERMS)
def test_render_round_trips(term: Term) -> None:
    expr = parse(term.text)
    assert parse(render(expr)) == expr


# --- hostile input -------------------------------------------------------------------

CALLS: list[str] = []

DISALLOWED = [
    "__import__('os').system('echo hacked')",
    "jcm_sentinel()",
    "__import__('builtins').jcm_sentinel()",
    "().__class__.__bases__[0].__subclasses__()",
    "open('/tmp/jcm_formula_sentinel', 'w')",
    "exec('jcm_sentinel()')",
    "eval('jcm_sentinel()')",
    "getattr(a, 'real')",
    "globals()",
    "a.real",
    "a[0]",
    "lambda: jcm_sentinel()",
    "[jcm_sentinel() for _ in a]",
    "(jcm_sentinel() for _ in a)",
    "'s'",
    "b's'",
    "f'{jcm_sentinel()}'",
    "True",
    "None",
    "a if b else c",
    "a // 2",
    "a % 2",
    "a @ b",
    "a | b",
    "~a",
    "a is b",
    "a in b",
    "max(a, b=jcm_sentinel())",
    "max(*a)",
    "(x := 1)",
    "{1: 2}",
    "{1}",
    "(1, 2)",
    "[1]",
    "1j",
    "a; b",
    "a = 1",
    "import os",
]
ALLOWED = ["a", "b * 2", "sum(a, i)", "max(a, b)", "where(a > b, c, d)", "-d ** 2"]
TEMPLATES = [
    "{ok} + {bad}",
    "{bad} * {ok}",
    "max({ok}, {bad})",
    "where({bad} > 0, {ok}, {ok})",
    "sum({bad}, i)",
    "abs({bad})",
    "({bad})",
    "not {bad}",
    "{ok} < {bad}",
]


@contextmanager
def sentinel() -> Iterator[list[str]]:
    """Install a builtin that records every call, so any execution would show."""
    CALLS.clear()
    builtins.jcm_sentinel = lambda *args: CALLS.append("called")  # type: ignore[attr-defined]
    try:
        yield CALLS
    finally:
        del builtins.jcm_sentinel  # type: ignore[attr-defined]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(DISALLOWED), st.sampled_from(ALLOWED), st.sampled_from(TEMPLATES))
def test_disallowed_syntax_is_refused_and_never_runs(bad: str, ok: str, template: str) -> None:
    text = template.format(ok=ok, bad=bad)
    with sentinel() as calls:
        try:
            parse(text)
        except FormulaError as error:
            assert error.code in {
                codes.FORMULA_SYNTAX,
                codes.FORMULA_DISALLOWED,
                codes.FORMULA_ARGUMENTS,
            }
            assert 1 <= error.column <= len(text) + 1
        else:
            raise AssertionError(f"accepted {text!r}")
    assert calls == []


def test_dunder_names_are_just_unknown_names() -> None:
    with sentinel() as calls:
        analysis = analyse(parse("__builtins__ + jcm_sentinel"), SYMBOLS, INDICES)
    assert [p.code for p in analysis.problems] == [codes.FORMULA_UNKNOWN_NAME] * 2
    assert calls == []


FORMULA_ALPHABET = st.sampled_from(
    [
        *"abcdipT_12.e+-*/()<>=!, ",
        *["sum", "min", "max", "abs", "where", "lookup", "and", "or", "not", "COP_RE", "**"],
        *["'", "[", "]", "{", "}", ":", "#", "@", "%", "~", "\n", "\\", "η", "ｘ", "\x00"],
    ]
)
TEXTS = st.one_of(st.text(), st.lists(FORMULA_ALPHABET, max_size=40).map("".join))
ANALYSIS_SYMBOLS = {**SYMBOLS, **chiller_symbols()}


@settings(max_examples=500, deadline=None)
@given(TEXTS)
def test_parse_and_analyse_raise_nothing_but_formula_errors(text: str) -> None:
    try:
        expr = parse(text)
    except FormulaError as error:
        assert 1 <= error.column <= len(text) + 1
        return
    for expect in ("number", "condition"):  # both kinds: neither may crash
        analysis = analyse(expr, ANALYSIS_SYMBOLS, INDICES, expect=expect)
        for problem in analysis.problems:
            assert isinstance(problem, FormulaError)
    assert parse(render(expr)) == expr
