"""Load a methodology file: read YAML safely, check the schema, then the semantics."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from jcm_mrv.findings import Finding
from jcm_mrv.methodology.checks import CheckedMethodology, check_methodology
from jcm_mrv.methodology.model import Methodology
from jcm_mrv.schema_errors import schema_findings
from jcm_mrv.yamlfile import YamlDocument, read_yaml_file


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
