"""formfill: land-procedure guidance site and household form filler.

The library API and the CLI are the same functions, one import away:

    from formfill import fill, lint, list_forms, load_catalog, template_fields
    checked = lint(".")                                # formfill lint
    catalog = checked.catalog                          # (or load_catalog("."))
    forms = list_forms(catalog)                        # formfill forms
    placed = template_fields(catalog, "mau-15")        # formfill fields mau-15
    report = fill(Path("households.xlsx"), Path("out"), catalog)   # formfill fill
"""

from formfill.catalog import Catalog, load_catalog
from formfill.fill import fill, fill_household
from formfill.forms_list import FormListing, list_forms
from formfill.household import Household
from formfill.household_io import HouseholdBatch, read_households
from formfill.lint import LintReport, lint
from formfill.results import FillReport
from formfill.template_fields import TemplateFields, template_fields
from formfill.version import __version__
from formfill.workbook import write_workbook

__all__ = [
    "Catalog",
    "FillReport",
    "FormListing",
    "Household",
    "HouseholdBatch",
    "LintReport",
    "TemplateFields",
    "__version__",
    "fill",
    "fill_household",
    "lint",
    "list_forms",
    "load_catalog",
    "read_households",
    "template_fields",
    "write_workbook",
]
