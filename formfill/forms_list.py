"""The catalogue's forms as a list, for `formfill forms` and anyone else: each form's id, number,
title, how faithful its DOCX is to the official form, and the procedures that use it.

    from formfill import load_catalog, list_forms
    for form in list_forms(load_catalog(".")):
        print(form.id, form.layout_label, form.used_by)
"""

from __future__ import annotations

from dataclasses import dataclass

from formfill.catalog import Catalog

# A form's `layout` (templates/<id>.yaml), as staff read it.
LAYOUT_LABELS = {"official": "bản chính thức", "official-text": "lời văn chính thức",
                 "reconstructed": "dựng lại"}


@dataclass(frozen=True)
class FormListing:
    id: str
    number: str
    title: str
    layout: str  # official, official-text, reconstructed
    used_by: tuple[str, ...]  # the short titles of the procedures and guides that use it

    @property
    def layout_label(self) -> str:
        return LAYOUT_LABELS.get(self.layout, LAYOUT_LABELS["reconstructed"])


def list_forms(catalog: Catalog) -> list[FormListing]:
    """Every form of the catalogue, by id."""
    return [FormListing(id=form.id, number=form.number, title=form.title, layout=form.layout,
                        used_by=tuple(e.short_title for e in catalog.used_by(form.id)))
            for form in sorted(catalog.forms.values(), key=lambda f: f.id)]
