"""The JSON Schemas editors use are committed; they must match the models."""

from __future__ import annotations

import json

from formfill.catalog import json_schemas
from tests.conftest import ROOT, run_formfill


def test_committed_schemas_match_the_models() -> None:
    for name, schema in json_schemas().items():
        committed = json.loads((ROOT / "schema" / name).read_text(encoding="utf-8"))
        assert committed == schema, f"schema/{name} is stale: run 'formfill schema'"


def test_every_catalogue_file_points_editors_at_its_schema() -> None:
    expected = {"procedures": "procedure.json", "templates": "form.json"}
    for folder, schema in expected.items():
        for path in (ROOT / folder).glob("*.yaml"):
            first = path.read_text(encoding="utf-8").split("\n", 1)[0]
            wanted = {"_index.yaml": "index.json", "_glossary.yaml": "glossary.json",
                      "_fees.yaml": "fees.json", "_facts.yaml": "facts.json"}.get(
                path.name, schema)
            assert first == f"# yaml-language-server: $schema=../schema/{wanted}", path.name


def test_schema_describes_keys_in_vietnamese(tmp_path) -> None:
    result = run_formfill("schema", "--out", str(tmp_path))
    assert result.returncode == 0
    schema = json.loads((tmp_path / "procedure.json").read_text(encoding="utf-8"))
    fee = schema["$defs"]["Fee"]["properties"]
    assert "HĐND" in fee["set_by"]["description"]
    assert set(schema["discriminator"]["mapping"]) == {"procedure", "guide", "journey"}
