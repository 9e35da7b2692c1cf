"""The methodologies bundled with jcm-mrv, found by identifier and version."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jcm_mrv.fileformats.yamlfile import YamlDocument, read_yaml_file


@dataclass(frozen=True)
class BundledEntry:
    """One bundled methodology file and the identity read from it.

    Identity keys of the wrong type read as empty: the catalogue shows what it can, and
    ``validate`` says what is wrong.
    """

    id: str
    version: str
    title: str
    path: Path
    countries: tuple[str, ...] = ()
    sectoral_scopes: tuple[int, ...] = ()
    status: str = ""
    family: str = ""
    proponent: str = ""
    approved: str = ""
    page: str = ""
    unconfirmed: tuple[str, ...] = ()


def bundled_directory() -> Path:
    """Where the bundled methodology files are.

    An installed wheel carries them inside the package; a source checkout (or an
    editable install) has them in the repository's ``methodologies/`` folder.
    """
    packaged = Path(__file__).resolve().parent.parent / "_bundled" / "methodologies"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "methodologies"


@lru_cache(maxsize=1)
def bundled() -> tuple[BundledEntry, ...]:
    """Every bundled methodology, sorted by identifier and version."""
    found = (_entry(path) for path in sorted(bundled_directory().glob("*.y*ml")))
    return tuple(sorted((e for e in found if e), key=lambda e: (e.id, e.version)))


def find_bundled(ident: str, version: str | None = None) -> BundledEntry | None:
    """The bundled methodology with this id (and version; the latest when not given).

    Bundled files are named after their identifier (``JCM_TH_AM001.yaml``), so one file
    is read when that file has the version asked for; every file otherwise (another
    version, or the latest of several).
    """
    if version is not None and (named := named_bundled(ident, version)) is not None:
        return named[0]
    matches = [e for e in bundled() if e.id == ident and (version is None or e.version == version)]
    return matches[-1] if matches else None


def named_bundled(ident: str, version: str) -> tuple[BundledEntry, YamlDocument] | None:
    """The bundled file named after ``ident`` and its document, when it holds that version.

    What :func:`find_bundled` looks at first, with the document a calculation checks:
    the file is read and parsed once, for its identity and its content. ``None`` when
    the file is missing or holds another methodology or version (:func:`find_bundled`
    then looks at every file).
    """
    path = bundled_directory() / f"{ident}.yaml"
    if not path.is_file():
        return None
    document = read_yaml_file(path)
    entry = _identity(path, document.data)
    if entry is None or (entry.id, entry.version) != (ident, version):
        return None
    return entry, document


def _entry(path: Path) -> BundledEntry | None:
    """The identity read from a methodology file, or ``None`` if it has none."""
    if not path.is_file():
        return None
    return _identity(path, read_yaml_file(path).data)


def _identity(path: Path, data: object) -> BundledEntry | None:
    """The identity in a methodology file's parsed ``data``, or ``None`` if it has none."""
    if not isinstance(data, dict):
        return None
    ident, version, title = data.get("id"), data.get("version"), data.get("title")
    if not (isinstance(ident, str) and isinstance(version, str)):
        return None
    countries, scopes = data.get("countries"), data.get("sectoral_scopes")
    source = data.get("source")
    source = source if isinstance(source, dict) else {}
    unconfirmed = source.get("unconfirmed")
    return BundledEntry(
        ident,
        version,
        str(title or ""),
        path,
        countries=tuple(str(c) for c in countries) if isinstance(countries, list) else (),
        sectoral_scopes=tuple(s for s in scopes if isinstance(s, int))
        if isinstance(scopes, list)
        else (),
        status=str(data.get("status") or ""),
        family=_text(data.get("family")),
        proponent=_text(data.get("proponent")),
        approved=_text(data.get("approved")),
        page=_text(source.get("page")),
        unconfirmed=tuple(str(u) for u in unconfirmed) if isinstance(unconfirmed, list) else (),
    )


def _text(value: object) -> str:
    """An identity value as text (a YAML date reads as a date); empty when absent."""
    return "" if value is None or isinstance(value, dict | list) else str(value)
