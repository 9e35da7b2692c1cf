"""Fixtures for the whole suite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from jcm_mrv.fileformats.safepaths import ROOTS_VARIABLE

TESTS = Path(__file__).parent


@pytest.fixture(autouse=True, scope="session")
def _fixture_methodologies_are_readable() -> Iterator[None]:
    """Projects written to tmp_path name fixture methodologies under tests/ by path.

    Files named in a project are read only from inside its folder; the tests folder is
    allowed the documented way, as a shared folder in ``JCM_MRV_DATA_ROOTS``.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ROOTS_VARIABLE, str(TESTS))
        yield
