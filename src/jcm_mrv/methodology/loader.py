"""Load a methodology file: read YAML safely, check the schema, then the semantics."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from jcm_mrv.fileformats.schema_errors import schema_findings
from jcm_mrv.fileformats.yamlfile import YamlDocument, read_yaml_file
from jcm_mrv.findings import Finding
from jcm_mrv.findings.errors import InputError
from jcm_mrv.methodology.checks import CheckedMethodology, check_methodology
from jcm_mrv.methodology.model import Methodology


@dataclass
class LoadedMethodology:
    """The outcome of loading one methodology file: the model if it could be built."""

    document: YamlDocument
    methodology: Methodology | None = None
    checked: CheckedMethodology | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def file(self) -> str:
        """The file name as given."""
        return self.document.file

    @property
    def sha256(self) -> str:
        """SHA-256 of the file's bytes."""
        return self.document.sha256


def load_methodology(path: Path | str, *, label: str | None = None) -> LoadedMethodology:
    """Read and check a methodology file; findings say everything that is wrong with it."""
    document = read_yaml_file(Path(path), label=label)
    if document.data is None:
        return LoadedMethodology(document=document, findings=list(document.findings))
    return check_methodology_document(document)


def check_methodology_document(document: YamlDocument) -> LoadedMethodology:
    """Check an already-read YAML document as a methodology."""
    loaded = LoadedMethodology(document=document, findings=list(document.findings))
    try:
        methodology = Methodology.model_validate(document.data)
    except ValidationError as exc:
        loaded.findings.extend(schema_findings(exc, document, Methodology))
        return loaded
    loaded.methodology = methodology
    loaded.checked = check_methodology(methodology, document)
    loaded.findings.extend(loaded.checked.findings)
    return loaded


def looks_like_path(reference: str) -> bool:
    """True when a methodology reference names a file rather than an identifier."""
    return reference.lower().endswith((".yaml", ".yml")) or "/" in reference or "\\" in reference


def resolve_methodology(reference: str, version: str | None = None) -> LoadedMethodology:
    """Load a bundled methodology by identifier (and version), or a methodology file.

    ``reference`` is an identifier such as ``JCM_TH_AM001`` (the latest bundled version
    unless ``version`` is given) or the path of a methodology file. Raises
    :class:`~jcm_mrv.findings.errors.InputError` when it is not found or has errors (the
    findings say which).
    """
    from jcm_mrv.findings import has_errors
    from jcm_mrv.methodology.registry import bundled, find_bundled

    if looks_like_path(reference):
        path = Path(reference)
        if not path.is_file():
            raise InputError(f"methodology file {reference} not found")
    else:
        entry = find_bundled(reference, version)
        if entry is None:
            known = [f"{e.id} {e.version}" for e in bundled() if e.id == reference]
            if known:
                hint = f"bundled versions: {', '.join(known)}"
            else:
                from jcm_mrv.findings.suggest import did_you_mean

                hint = did_you_mean(reference, [e.id for e in bundled()]) or (
                    "see 'jcm-mrv methodologies list'"
                )
            wanted = reference + (f" version {version}" if version else "")
            raise InputError(f"no bundled methodology {wanted}; {hint}")
        path = entry.path
    loaded = load_methodology(path)
    if loaded.methodology is None or has_errors(loaded.findings):
        raise InputError(
            f"methodology {path} has errors; run 'jcm-mrv validate {path}'", loaded.findings
        )
    if version is not None and loaded.methodology.version != version:
        raise InputError(
            f"{path} is {loaded.methodology.id} version {loaded.methodology.version}, "
            f"not version {version}"
        )
    return loaded
