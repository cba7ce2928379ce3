"""JSON Schema for each kind of catalogue file (`formfill schema`), named as the
`# yaml-language-server: $schema=` lines in the YAML files use them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    Field,
    TypeAdapter,
)

from formfill.catalog.communes import (
    Commune,
    Schedule,
)
from formfill.catalog.entries import (
    FeeTable,
    Guide,
    Journey,
    Procedure,
    SharedTextTable,
)
from formfill.catalog.forms import Form
from formfill.catalog.site_index import Glossary, SiteIndex


def json_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schema per kind of file, named as the `# yaml-language-server: $schema=` lines use."""
    entry = TypeAdapter(Annotated[Procedure | Guide | Journey, Field(discriminator="kind")]
                        ).json_schema(by_alias=True)
    entry["title"] = "Thủ tục, hướng dẫn hoặc các bước"
    return {
        "commune.json": Commune.model_json_schema(by_alias=True),
        "schedule.json": Schedule.model_json_schema(by_alias=True),
        "procedure.json": entry,
        "form.json": Form.model_json_schema(by_alias=True),
        "index.json": SiteIndex.model_json_schema(by_alias=True),
        "glossary.json": Glossary.model_json_schema(by_alias=True),
        "fees.json": FeeTable.model_json_schema(by_alias=True),
        "facts.json": SharedTextTable.model_json_schema(by_alias=True),
    }


def write_schemas(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in json_schemas().items():
        path = out_dir / name
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


