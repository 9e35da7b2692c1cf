"""jcm-mrv: emission-reduction quantification (MRV) for Japan's Joint Crediting Mechanism.

The public API (imported lazily, so that ``import jcm_mrv`` stays light):

- :func:`validate_paths`: check methodology and project files, returning findings;
- :func:`load_methodology`, :func:`load_project`: read and check one file;
- :func:`calculate`: a project's reference emissions, project emissions and emission
  reductions per monitoring period, with rounding and eligibility;
- :func:`verify`: recompute a project and compare it with claimed figures (a result
  JSON or a table), returning a :class:`~jcm_mrv.verification.VerificationReport`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jcm_mrv._version import __version__

if TYPE_CHECKING:
    from jcm_mrv.engine.calculation import calculate
    from jcm_mrv.methodology.loader import load_methodology
    from jcm_mrv.project.loader import load_project
    from jcm_mrv.validation import validate_paths
    from jcm_mrv.verification import verify

__all__ = [
    "__version__",
    "calculate",
    "load_methodology",
    "load_project",
    "validate_paths",
    "verify",
]

_LAZY = {
    "calculate": "jcm_mrv.engine.calculation",
    "load_methodology": "jcm_mrv.methodology.loader",
    "load_project": "jcm_mrv.project.loader",
    "validate_paths": "jcm_mrv.validation",
    "verify": "jcm_mrv.verification",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'jcm_mrv' has no attribute {name!r}")
