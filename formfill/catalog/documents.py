"""Reading one catalogue file: parse it with positions (formfill.located_yaml), validate it
against its model, and turn each pydantic error into a Problem at file:line:column, a
misspelled key reported once as "did you mean". Also `lint --fix`'s NFC rewrite."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    ValidationError,
)

from formfill.catalog.entries import (
    UNION_TAGS,
)
from formfill.located_yaml import LocatedDocument, load_located, nfc_problems
from formfill.problems import format_path, pydantic_message, suggest


def _allowed_keys(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The keys valid at `loc` inside `model`, following nested models and lists of models."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields:
            return []
        info = next((f for n, f in fields.items() if n == part or f.alias == part), None)
        if info is None:
            return []
        current = _model_in(info.annotation)
    fields = getattr(current, "model_fields", {})
    return [f.alias or n for n, f in fields.items()]


def _model_in(annotation: Any) -> Any:
    """The BaseModel inside list[X], X | None, Annotated[...], if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def validate_document(doc: LocatedDocument, model: type[BaseModel]) -> BaseModel | None:
    """Validate parsed YAML against `model`, turning each pydantic error into a located Problem."""
    if doc.data is None:
        return None
    if not isinstance(doc.data, dict):
        doc.problems.append(doc.problem((), "-", "tệp cần là một nhóm các dòng 'khóa: giá trị'."))
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        errs = exc.errors()
        # A misspelled key is reported once, as "did you mean 'summary'?", not also as
        # "missing 'summary'": collect the unknown keys per parent first.
        unknown: dict[tuple[str | int, ...], list[str]] = {}
        for err in errs:
            if err["type"] == "extra_forbidden" and err["loc"]:
                at = tuple(p for p in err["loc"] if p not in UNION_TAGS)
                unknown.setdefault(at[:-1], []).append(str(at[-1]))
        for err in errs:
            loc = tuple(p for p in err["loc"] if isinstance(p, str | int)
                        and p not in UNION_TAGS)
            if err["type"] == "missing":
                name = loc[-1] if loc else ""
                if name in doc.unparsed_keys:
                    continue  # its line had a syntax error, already reported
                if any(suggest(k, [str(name)]) for k in unknown.get(loc[:-1], [])):
                    continue  # reported as a typo of this key
                parent = loc[:-1]
                doc.problems.append(doc.problem(parent, format_path(loc),
                                                pydantic_message(err), key=True))
            elif err["type"] == "extra_forbidden":
                message = pydantic_message(err, _allowed_keys(model, loc[:-1]))
                doc.problems.append(doc.problem(loc, format_path(loc), message, key=True))
            else:
                doc.problems.append(doc.problem(loc, format_path(loc), pydantic_message(err)))
        return None


def display_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


@dataclass
class LoadedFile:
    doc: LocatedDocument
    item: Any


def load_file(path: Path, root: Path,
          model_for: Callable[[LocatedDocument], type[BaseModel] | None]) -> LoadedFile:
    """Parse one file and validate it with the model `model_for` picks for its content."""
    doc = load_located(path, display_path(path, root))
    item = None
    if doc.data is not None:
        model = model_for(doc)
        if model is not None:
            item = validate_document(doc, model)
        doc.problems.extend(nfc_problems(doc))
    return LoadedFile(doc, item)




def normalise_files(paths: list[Path]) -> list[Path]:
    """Rewrite files to NFC in place (`lint --fix`). YAML syntax is ASCII, so this is safe."""
    changed = []
    for path in paths:
        text = path.read_text(encoding="utf-8-sig")
        fixed = unicodedata.normalize("NFC", text)
        if fixed != text:
            path.write_text(fixed, encoding="utf-8")
            changed.append(path)
    return changed
