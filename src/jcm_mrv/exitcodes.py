"""The one exit-code table of the command line (documented in the README)."""

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
