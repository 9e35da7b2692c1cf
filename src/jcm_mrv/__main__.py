"""``python -m jcm_mrv``: the same as the ``jcm-mrv`` command."""

from jcm_mrv.cli import run

run()
