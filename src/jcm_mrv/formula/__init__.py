"""A safe, unit-checked formula language for JCM methodology equations.

``parse`` reads formula text against an allow-list (nothing is ever evaluated),
``analyse`` checks names, types, units and indices and returns every problem,
``compile_formula`` turns a sound analysis into a function over numpy arrays, and
``render`` writes a tree back as normalised text.

>>> from jcm_mrv.formula import parse, analyse, compile_formula, SymbolInfo
>>> import numpy as np
>>> symbols = {
...     "EG_i_p": SymbolInfo("EG_i_p", "kWh", frozenset({"p", "i"})),
...     "EF_RE": SymbolInfo("EF_RE", "tCO2/MWh", frozenset()),
... }
>>> analysis = analyse(parse("sum(EG_i_p * EF_RE, i)"), symbols, {"p", "i"},
...                    declared_unit="tCO2")
>>> formula = compile_formula(analysis, {"p": 0, "i": 1})
>>> formula({"EG_i_p": np.array([[1000.0, 2000.0]]), "EF_RE": np.array([[0.5]])})
array([[1.5]])
"""

from __future__ import annotations

from jcm_mrv.formula.analysis import Analysis, analyse
from jcm_mrv.formula.compiler import CompiledFormula, compile_formula
from jcm_mrv.formula.errors import FormulaError
from jcm_mrv.formula.nodes import Expr, referenced_names
from jcm_mrv.formula.parser import MAX_DEPTH, MAX_LENGTH, parse
from jcm_mrv.formula.render import render
from jcm_mrv.formula.symbols import Band, SymbolInfo

__all__ = [
    "MAX_DEPTH",
    "MAX_LENGTH",
    "Analysis",
    "Band",
    "CompiledFormula",
    "Expr",
    "FormulaError",
    "SymbolInfo",
    "analyse",
    "compile_formula",
    "parse",
    "referenced_names",
    "render",
]
