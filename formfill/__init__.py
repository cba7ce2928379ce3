"""formfill: land-procedure guidance site and household form filler.

The library API and the CLI are the same functions: `formfill.load_catalog` is what
`formfill lint` runs.
"""

from formfill.catalog import Catalog, load_catalog

__version__ = "0.1.0"
__all__ = ["Catalog", "__version__", "load_catalog"]
