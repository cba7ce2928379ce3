"""The Catalog: everything read from the catalogue folders, plus every problem found, and the
lookups every reader of it needs (an entry by any of its names, a kind of document by any
spelling)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from formfill.catalog.communes import (
    Commune,
)
from formfill.catalog.entries import (
    Guide,
    Journey,
    Procedure,
    SharedFee,
    SharedText,
)
from formfill.catalog.forms import Form
from formfill.catalog.site_index import Category, DocumentKind, Glossary, SiteIndex
from formfill.problems import Problem
from formfill.vietnamese import fold


@dataclass
class Catalog:
    """Everything read from the catalogue folders, plus every problem found."""

    root: Path
    entries: dict[str, Procedure | Guide] = field(default_factory=dict)
    journeys: dict[str, Journey] = field(default_factory=dict)
    glossary: Glossary | None = None
    forms: dict[str, Form] = field(default_factory=dict)
    index: SiteIndex | None = None
    problems: list[Problem] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)  # entry or form id -> its YAML file
    communes: dict[str, Commune] = field(default_factory=dict)
    shared_fees: dict[str, SharedFee] = field(default_factory=dict)  # procedures/_fees.yaml
    shared_texts: dict[str, SharedText] = field(default_factory=dict)  # procedures/_facts.yaml
    shared_text_notes: set[str] = field(default_factory=set)  # review notes they put on pages
    shared_text_users: dict[str, set[str]] = field(default_factory=dict)  # id -> page ids
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def category(self, category_id: str) -> Category | None:
        if self.index is None:
            return None
        return next((c for c in self.index.categories if c.id == category_id), None)

    def find_entry(self, text: str) -> Procedure | Guide | None:
        """The procedure a cell names: by id, short title, official title or alias."""
        if text in self.entries:
            return self.entries[text]
        if "entry_names" not in self.cache:  # folded once: lists name procedures on every row
            names: dict[str, Procedure | Guide] = {}
            for entry in self.entries.values():
                for name in (entry.id, entry.short_title, entry.title, *entry.aliases):
                    names.setdefault(fold(" ".join(name.split())).lower(), entry)
            self.cache["entry_names"] = names
        return self.cache["entry_names"].get(fold(" ".join(text.split())).lower())

    def document_kind(self, text: str) -> DocumentKind | None:
        """The kind of document a spreadsheet cell names: by id, name or alias, any accents."""
        if "kind_names" not in self.cache:
            self.cache["kind_names"] = {
                fold(n).lower().strip(): kind
                for kind in reversed(self.index.document_kinds if self.index else [])
                for n in (kind.id, kind.name, *kind.aliases)}
        return self.cache["kind_names"].get(fold(text).lower().strip())

    def in_category(self, category_id: str) -> list[Procedure | Guide]:
        return [e for e in self.entries.values() if e.category == category_id]

    def used_by(self, form_id: str) -> list[Procedure | Guide]:
        return [e for e in self.entries.values() if any(d.form == form_id for d in e.documents)]


