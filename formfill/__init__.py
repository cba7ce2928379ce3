"""formfill: land-procedure guidance site and household form filler.

The library API and the CLI are the same functions, one import away:

    from formfill import load_catalog, read_households, fill, write_workbook
    catalog = load_catalog(".")                        # formfill lint
    report = fill(Path("households.xlsx"), Path("out"), catalog)   # formfill fill
"""

from formfill.catalog import Catalog, load_catalog
from formfill.fill import fill, fill_household
from formfill.household import Household
from formfill.household_io import HouseholdBatch, read_households
from formfill.results import FillReport
from formfill.workbook import write_workbook

__version__ = "0.1.0"
__all__ = [
    "Catalog",
    "FillReport",
    "Household",
    "HouseholdBatch",
    "__version__",
    "fill",
    "fill_household",
    "load_catalog",
    "read_households",
    "write_workbook",
]
