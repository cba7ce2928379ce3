"""`formfill desk`: fill one walk-in household's forms from a page in the browser.

A small Flask application served by waitress on 127.0.0.1 only. It builds the form from the
fields the chosen procedure's forms read, checks what staff type with the same validation and
Vietnamese messages as `formfill fill` (the data goes through the same reader,
`read_households`, from the session's own list file), and fills, converts and shows the forms
and the slip with the same `fill` and `print_session`. Everything typed is kept only in the
session's output folder (`ho-tai-quay.yaml` and the household folders), which
`formfill purge` removes.

The parts; each may import only the ones listed before it:

- `fields`: which fields each procedure's forms need, grouped as on paper;
- `form_data`: a posted form decoded into a household (`nested`, `input_name`);
- `service`: the session's state and actions (`Desk`, `form_entries`, `DESK_LIST`);
- `app`: the Flask application, its guards and routes (`create_app`), and `serve`.

This module only re-exports their public names, so `from formfill.desk import serve` and
`create_app` keep working; new code imports from the part itself.
"""

from __future__ import annotations

from formfill.desk.app import LOOPBACK_NAMES, create_app, serve
from formfill.desk.form_data import input_name, nested
from formfill.desk.service import DESK_LIST, Desk, form_entries

__all__ = ["DESK_LIST", "LOOPBACK_NAMES", "Desk", "create_app", "form_entries", "input_name",
           "nested", "serve"]
