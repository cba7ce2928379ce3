"""`load_catalog`: read every catalogue file, validate all of them, check cross-references, and
return the entries with every problem found, each located at file:line:column. It never raises
on bad input: the caller decides whether problems stop it (lint exits 1, the site build fails).

The only module of the package that imports all the others."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
)

from formfill.catalog.checks import (
    _check_journeys_and_glossary,
    _check_references,
    _check_short_links,
    _freshness_warnings,
    _use_shared_fees,
    _use_shared_texts,
)
from formfill.catalog.communes import (
    load_communes,
)
from formfill.catalog.documents import (
    LoadedFile,
    display_path,
    load_file,
)
from formfill.catalog.entries import (
    ENTRY_MODELS,
    FACTS_FILE,
    FEES_FILE,
    FeeTable,
    Journey,
    SharedTextTable,
)
from formfill.catalog.forms import Form
from formfill.catalog.model import Catalog
from formfill.catalog.site_index import GLOSSARY_FILE, INDEX_FILE, Glossary, SiteIndex
from formfill.consistency import contradictions
from formfill.located_yaml import LocatedDocument
from formfill.problems import Problem
from formfill.readability import first_screen_problems


def _entry_model(doc: LocatedDocument) -> type[BaseModel] | None:
    kind = doc.data.get("kind") if isinstance(doc.data, dict) else None
    if kind in ENTRY_MODELS:
        return ENTRY_MODELS[kind]
    if not isinstance(doc.data, dict):
        doc.problems.append(doc.problem((), "-", "tệp cần là một nhóm các dòng 'khóa: giá trị'."))
    elif kind is None:
        if "kind" not in doc.unparsed_keys:
            doc.problems.append(doc.problem((), "kind", "thiếu trường bắt buộc 'kind' "
                                            "(procedure, guide hoặc journey).", key=True))
    else:
        doc.problems.append(doc.problem(("kind",), "kind", f"giá trị '{kind}' không hợp lệ. "
                                        "Chọn một trong: procedure, guide, journey."))
    return None


def load_catalog(root: Path | str = ".", *, schedules: Sequence[Path | str] = ()) -> Catalog:
    """Read `procedures/`, `templates/` and `communes/` under `root`, validate, and cross-check.

    `schedules` are extra schedule files or folders of them (relative to `root`), such as the
    sample schedules in `examples/`. The forms' DOCX templates are not read here: that is the
    forms side's check (formfill.templates.load_checked_catalog, used by lint, fill and
    doctor), so the catalogue never depends on the renderer.
    """
    root = Path(root)
    catalog = Catalog(root=root)
    proc_dir, tmpl_dir = root / "procedures", root / "templates"
    if not proc_dir.is_dir():
        catalog.problems.append(Problem(display_path(proc_dir, root), None, None, "-",
                                        "không tìm thấy thư mục thủ tục 'procedures/'."))
        return catalog

    docs: dict[str, LocatedDocument] = {}  # every entry file that parsed, valid or not

    def register(loaded: LoadedFile, table: dict[str, Any]) -> None:
        doc, item = loaded.doc, loaded.item
        catalog.problems.extend(doc.problems)
        if table is catalog.entries and isinstance(doc.data, dict):
            docs[doc.path.stem] = doc
        if item is None:
            return
        if isinstance(item, Journey):
            table = catalog.journeys
        if item.id != doc.path.stem:
            twin = doc.path.with_name(f"{item.id}.yaml")
            copied = (f" Mã này đang là của tệp {display_path(twin, root)}: nếu bạn chép tệp, hãy "
                      "đặt mã mới." if twin.exists() else "")
            catalog.problems.append(doc.problem(("id",), "id", f"mã '{item.id}' phải trùng tên "
                                                f"tệp '{doc.path.stem}'.{copied}"))
            return
        if item.id in catalog.files:
            other = catalog.files[item.id]
            other_kind = "mẫu đơn" if other.parent.name == "templates" else "thủ tục"
            catalog.problems.append(doc.problem(("id",), "id", f"mã '{item.id}' bị trùng với "
                                                f"{other_kind} trong {display_path(other, root)}."))
            return
        catalog.files[item.id] = doc.path
        table[item.id] = item

    def load_single(name: str, model: type[BaseModel]) -> tuple[LocatedDocument | None, Any]:
        """One of the `_`-files beside the procedures (index, glossary): its document and item."""
        path = proc_dir / name
        if not path.exists():
            return None, None
        loaded = load_file(path, root, lambda _: model)
        catalog.problems.extend(loaded.doc.problems)
        return loaded.doc, loaded.item

    index_doc, catalog.index = load_single(INDEX_FILE, SiteIndex)
    if index_doc is None:
        catalog.problems.append(Problem(display_path(proc_dir / INDEX_FILE, root), None, None, "-",
                                        "thiếu tệp danh sách chủ đề procedures/_index.yaml."))
    glossary_doc, catalog.glossary = load_single(GLOSSARY_FILE, Glossary)
    fees_doc, fee_table = load_single(FEES_FILE, FeeTable)
    facts_doc, fact_table = load_single(FACTS_FILE, SharedTextTable)

    form_files = sorted(tmpl_dir.glob("*.yaml")) if tmpl_dir.is_dir() else []
    for path in form_files:
        register(load_file(path, root, lambda _: Form), catalog.forms)
    for path in sorted(proc_dir.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        register(load_file(path, root, _entry_model), catalog.entries)

    _use_shared_fees(catalog, docs, fees_doc, fee_table)
    _use_shared_texts(catalog, docs, facts_doc, fact_table)
    catalog.problems.extend(contradictions(catalog.entries, docs))
    catalog.problems.extend(first_screen_problems(catalog.entries, docs))
    _check_references(catalog, docs, index_doc, {p.stem for p in form_files})
    _check_journeys_and_glossary(catalog, docs, glossary_doc)
    commune_docs = load_communes(catalog, [root / s for s in schedules], docs)
    _check_short_links(catalog, docs, commune_docs)
    catalog.problems.extend(_freshness_warnings(catalog))
    catalog.problems.sort(key=Problem.sort_key)
    return catalog


