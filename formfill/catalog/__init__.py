"""The catalogue: procedures, guides, journeys, forms, communes, and how the site groups them.

A package of small modules, one home for each concept (the map of the code and the import
rule are in CONTRIBUTING.md; tests/unit/test_import_cycles.py keeps cycles out):

    base.py        the base model and the types every file shares (ids, texts, legal refs)
    entries.py     procedures, guides, journeys; shared fees and texts
    forms.py       the spec of an official form (templates/<id>.yaml)
    site_index.py  categories, kinds of documents, the help box; the glossary
    communes.py    communes, offices, mobile sessions and schedules, and their loading
    model.py       the Catalog that holds them all, and its lookups
    documents.py   reading and validating one file, with located problems
    checks.py      checks across files
    schema.py      JSON Schema export (`formfill schema`)
    loader.py      `load_catalog`, the only module that imports all of the above

Nothing here reads a DOCX or imports the renderer: checking a form's template is the forms
side's job (formfill.templates), composed with loading by formfill.lint. This module only
names what the rest of formfill uses, so `from formfill.catalog import Procedure` keeps working.
"""

from formfill.catalog.base import (
    SLUG_PATTERN,
    LegalRef,
    Model,
    ReviewNote,
    ShortLink,
    Slug,
    Source,
    Text,
)
from formfill.catalog.communes import (
    OFFICE_LABELS,
    Commune,
    Schedule,
    Session,
    load_communes,
    parse_clock,
)
from formfill.catalog.documents import display_path, load_file, normalise_files
from formfill.catalog.entries import (
    FEE_KIND_LABELS,
    Document,
    Fee,
    Guide,
    Journey,
    Procedure,
    ProcessingTime,
)
from formfill.catalog.forms import Form, ReplacedForm
from formfill.catalog.loader import load_catalog
from formfill.catalog.model import Catalog
from formfill.catalog.schema import json_schemas, write_schemas
from formfill.catalog.site_index import Category, DocumentKind, Glossary, SiteIndex

__all__ = [
    "FEE_KIND_LABELS",
    "OFFICE_LABELS",
    "SLUG_PATTERN",
    "Catalog",
    "Category",
    "Commune",
    "Document",
    "DocumentKind",
    "Fee",
    "Form",
    "Glossary",
    "Guide",
    "Journey",
    "LegalRef",
    "Model",
    "Procedure",
    "ProcessingTime",
    "ReplacedForm",
    "ReviewNote",
    "Schedule",
    "Session",
    "ShortLink",
    "SiteIndex",
    "Slug",
    "Source",
    "Text",
    "display_path",
    "json_schemas",
    "load_catalog",
    "load_communes",
    "load_file",
    "normalise_files",
    "parse_clock",
    "write_schemas",
]
