"""Published addresses: what the site serves, what it has ever served, and the redirects between.

Communes print short links and QR codes on posters and post links in Zalo groups; a link that
once worked must keep working. So the repository records every published URL
(`published-urls.txt`), and `formfill lint` refuses a catalogue in which a recorded URL is
neither served any more nor redirected (`redirects.yaml`) to a page that is. Short links
(`/l/<short_link>/`) are redirects too, made from each page's `short_link`.

URLs here are paths relative to the site root, as MkDocs writes them with directory URLs:
'' (home), 'thu-tuc/dang-ky-cap-giay-chung-nhan-lan-dau/', 'lich-luu-dong/tat-ca.ics'.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from formfill.catalog import Catalog, display_path
from formfill.located_yaml import load_located
from formfill.problems import Problem, suggest
from formfill.site.addresses import addresses

REGISTRY_FILE = "published-urls.txt"
REDIRECTS_FILE = "redirects.yaml"
_REGISTRY_HEADER = """\
# Every address this site has published (one per line, relative to site_url). Communes print
# them on posters and post them in Zalo groups, so none may disappear: `formfill lint` fails
# when one is no longer served and redirects.yaml does not send it to a page that is.
# New addresses are added with `formfill urls --record`; never delete a line.
"""


@dataclass
class Redirects:
    """redirects.yaml: old URL -> the URL that replaced it, with every problem located."""

    targets: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def load_redirects(root: Path, served: set[str]) -> Redirects:
    """Read redirects.yaml. Each target must be served now, and an old URL must not be."""
    path = root / REDIRECTS_FILE
    out = Redirects()
    if not path.exists() or not any(line.strip() and not line.lstrip().startswith("#")
                                    for line in path.read_text(encoding="utf-8").splitlines()):
        return out  # no file, or only the explanatory comments: nothing redirected yet
    doc = load_located(path, display_path(path, root))
    out.problems += doc.problems
    data = doc.data or {}
    if not isinstance(data, dict):
        out.problems.append(doc.problem((), "-", "tệp cần là các dòng 'địa chỉ cũ: địa chỉ mới'."))
        return out
    for old, new in data.items():
        old_url, new_url = str(old).lstrip("/"), str(new or "").lstrip("/")
        if old_url in served:
            out.problems.append(doc.problem((old,), str(old), "địa chỉ cũ này vẫn là một trang "
                                            "đang có; chỉ chuyển hướng địa chỉ không còn nữa.",
                                            key=True))
        elif new_url not in served:
            hint = suggest(new_url, served)
            out.problems.append(doc.problem((old,), str(old), f"địa chỉ mới '{new_url}' không "
                                            "phải là trang nào của trang web."
                                            + (f" Có phải ý bạn là '{hint}'?" if hint else "")))
        else:
            out.targets[old_url] = new_url
    return out


def resolve(redirects: Redirects, url: str, served: set[str]) -> str | None:
    """Where an old URL now leads: its own line in redirects.yaml, or, under a redirected page,
    the same sub-page of the new one ('thu-tuc/a/nguon/' follows 'thu-tuc/a/: thu-tuc/b/'),
    so that renaming a page needs one line, not one per sub-page."""
    if url in redirects.targets:
        return redirects.targets[url]
    for old, new in sorted(redirects.targets.items(), key=lambda kv: -len(kv[0])):
        if old.endswith("/") and url.startswith(old):
            moved = new + url[len(old):]
            if moved in served:
                return moved
    return None


def redirect_map(root: Path, served: set[str], redirects: Redirects) -> dict[str, str]:
    """Old URL -> current URL for every recorded address that moved, and every line of
    redirects.yaml: the redirect pages the site must carry."""
    moved = dict(redirects.targets)
    for _, url in read_registry(root):
        if url not in served:
            target = resolve(redirects, url, served)
            if target is not None:
                moved[url] = target
    return moved


def read_registry(root: Path) -> list[tuple[int, str]]:
    """(line number, URL) for every address recorded as published."""
    path = root / REGISTRY_FILE
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(n, line.strip().lstrip("/")) for n, line in enumerate(lines, 1)
            if line.strip() and not line.lstrip().startswith("#")]


def check_published(root: Path, served: set[str], redirects: Redirects) -> list[Problem]:
    """Every recorded URL is still served, or redirected; new URLs not yet recorded: a warning."""
    recorded = read_registry(root)
    where = REGISTRY_FILE
    problems = []
    for line, url in recorded:
        if url in served or resolve(redirects, url, served) is not None:
            continue
        shown = "/" + url
        problems.append(Problem(where, line, 1, shown, f"địa chỉ '{shown}' đã được đăng (có thể "
                                "đã in trên áp phích, gửi qua Zalo) nhưng nay không còn. Nếu đã "
                                f"đổi tên, thêm vào {REDIRECTS_FILE} dòng '{url}: <địa chỉ mới>'; "
                                "nếu đã bỏ, chuyển nó về trang gần nhất."))
    new = sorted(served - {u for _, u in recorded})
    if new and recorded:
        listed = ", ".join("/" + u for u in new[:5]) + (" ..." if len(new) > 5 else "")
        problems.append(Problem(where, None, None, "-", f"có {len(new)} địa chỉ mới chưa ghi vào "
                                f"{REGISTRY_FILE} ({listed}); chạy 'formfill urls --record' khi "
                                "đăng trang web.", "warning"))
    return problems


def record(root: Path, served: set[str]) -> list[str]:
    """Append the served URLs not recorded yet to the registry; never removes a line."""
    path = root / REGISTRY_FILE
    known = {u for _, u in read_registry(root)}
    new = sorted(served - known)
    if not path.exists():
        path.write_text(_REGISTRY_HEADER, encoding="utf-8")
    if new:
        with path.open("a", encoding="utf-8") as out:
            out.writelines(f"{u or '/'}\n" for u in new)
    return new


def served_urls(catalog: Catalog) -> set[str]:
    """Every page URL the site built from `catalog` serves, short links included."""
    return set(addresses(catalog))


def check_catalog_urls(catalog: Catalog) -> list[Problem]:
    """`formfill lint`'s check: no published address lost, and redirects.yaml well formed."""
    served = served_urls(catalog)
    redirects = load_redirects(catalog.root, served)
    return redirects.problems + check_published(catalog.root, served, redirects)
