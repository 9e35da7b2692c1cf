"""The one exit-code table of the command line (documented in the README).

A job's code (0, 1 or 2) is decided by :meth:`jcm_mrv.outcome.Outcome.exit_code`;
the command line's ``main`` adds 3, 130 and 141.
"""

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes shared by every command."""

    OK = 0
    """Clean: the job was done and nothing worth failing on was found."""
    FINDINGS = 1
    """The job was done but found errors (or warnings under ``--strict``)."""
    UNUSABLE_INPUT = 2
    """Usage error, or input that cannot be read or used at all."""
    INTERNAL_ERROR = 3
    """A bug in jcm-mrv: please report it."""
    INTERRUPTED = 130
    """Ctrl-C (SIGINT): the job was stopped; no output file is left half-written."""
    OUTPUT_CLOSED = 141
    """Standard output was closed by its reader (``jcm-mrv … | head``), as for SIGPIPE."""
