"""jcm-mrv: emission-reduction quantification (MRV) for Japan's Joint Crediting Mechanism.

The public API (imported lazily, so that ``import jcm_mrv`` stays light). Each job
returns an :class:`~jcm_mrv.outcome.Outcome` (result, every finding, status) and never
raises for bad input:

- :func:`validate`: check methodology and project files (and a project's monitoring
  data);
- :func:`calculate`: a project's reference emissions, project emissions and emission
  reductions per monitoring period, with rounding, eligibility and the split of its
  credits;
- :func:`estimate`: the ex-ante estimate (annual RE, PE and ER, totals over the
  crediting period and the durable years) and the programme screening;
- :func:`calculate_portfolio`: many projects at once, in worker processes, with
  totals by country, methodology and scheme;
- :func:`allocate`: split credits (from a project, a saved calculation or a number)
  between the governments and the participants;
- :func:`verify`: recompute a project and compare it with claimed figures (a result
  JSON or a table), returning a :class:`~jcm_mrv.verification.VerificationReport`.

Lower-level functions: :func:`validate_paths` (a report of findings),
:func:`load_methodology`, :func:`load_project` (read and check one file).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jcm_mrv._version import __version__

if TYPE_CHECKING:
    from jcm_mrv.api import (
        Calculation,
        Credits,
        Validation,
        allocate,
        bundle,
        calculate,
        calculate_portfolio,
        estimate,
        reproduce,
        validate,
        verify,
    )
    from jcm_mrv.methodology.loader import load_methodology
    from jcm_mrv.outcome import Outcome, Status
    from jcm_mrv.project.loader import load_project
    from jcm_mrv.validation import validate_paths

__all__ = [
    "Calculation",
    "Credits",
    "Outcome",
    "Status",
    "Validation",
    "__version__",
    "allocate",
    "bundle",
    "calculate",
    "calculate_portfolio",
    "estimate",
    "load_methodology",
    "load_project",
    "reproduce",
    "validate",
    "validate_paths",
    "verify",
]

_LAZY = {
    "Calculation": "jcm_mrv.api",
    "Credits": "jcm_mrv.api",
    "Validation": "jcm_mrv.api",
    "allocate": "jcm_mrv.api",
    "calculate": "jcm_mrv.api",
    "estimate": "jcm_mrv.api",
    "calculate_portfolio": "jcm_mrv.api",
    "validate": "jcm_mrv.api",
    "Outcome": "jcm_mrv.outcome",
    "Status": "jcm_mrv.outcome",
    "load_methodology": "jcm_mrv.methodology.loader",
    "load_project": "jcm_mrv.project.loader",
    "validate_paths": "jcm_mrv.validation",
    "verify": "jcm_mrv.api",
    "bundle": "jcm_mrv.api",
    "reproduce": "jcm_mrv.api",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'jcm_mrv' has no attribute {name!r}")
