#!/usr/bin/env python3
"""Measure the release zips: their size, what takes the room, and the offline install time.

Usage: python bench/release.py [--runs 3] [--dist DIR]
Without --dist the zips are built first (release/build.py, timed; needs the package index).
The Linux zip is then installed --runs times, each into a fresh folder with the network cut off
(`unshare -rn`, a namespace without interfaces, when this machine allows it), and the median
wall time is reported, as staff would wait for it at the laptop. The Windows install cannot be
timed here.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def mb(size: float) -> str:
    return f"{size / 2**20:.1f} MB"


def build(dist: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "release" / "build.py"), "--out", str(dist)],
                   check=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    return time.perf_counter() - started


def breakdown(zip_path: Path) -> dict[str, int]:
    """Compressed bytes per part: the wheels by Python version (or shared), the guide, rest."""
    parts: dict[str, int] = defaultdict(int)
    with zipfile.ZipFile(zip_path) as archive:
        for info in archive.infolist():
            rel = info.filename.split("/", 1)[1]
            if rel.startswith("goi/"):
                tags = rel.rsplit("-", 3)
                abi = tags[-2] if len(tags) == 4 else "none"
                parts[f"wheels {abi}" if abi.startswith("cp3") else "wheels, any Python"] += (
                    info.compress_size)
            elif rel.startswith("trang-huong-dan/"):
                parts["offline guide"] += info.compress_size
            else:
                parts["installer"] += info.compress_size
    return dict(sorted(parts.items()))


def namespace_works() -> bool:
    try:
        return subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0
    except OSError:
        return False


def install_once(zip_path: Path, prefix: list[str]) -> float:
    with tempfile.TemporaryDirectory(prefix="formfill-install-") as tmp:
        work = Path(tmp)
        with zipfile.ZipFile(zip_path) as archive:
            archive.extractall(work / "usb")
        folder = next((work / "usb").iterdir())
        user = work / "user"
        user.mkdir()
        env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
        env.update(HOME=str(user), XDG_DATA_HOME=str(user / "share"), PYTHON=sys._base_executable,
                   PIP_CONFIG_FILE=os.devnull, PATH="/usr/local/bin:/usr/bin:/bin")
        started = time.perf_counter()
        subprocess.run([*prefix, "sh", str(folder / "cai-dat.sh"), "--thu-muc",
                        str(user / "formfill")], check=True, env=env, cwd=work,
                       stdout=subprocess.DEVNULL)
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dist", help="use the zips already in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="formfill-dist-") as tmp:
        dist = Path(args.dist) if args.dist else Path(tmp)
        if not args.dist:
            print(f"build (both zips): {build(dist):.0f} s")
        for zip_path in sorted(dist.glob("formfill-*.zip")):
            print(f"{zip_path.name}: {mb(zip_path.stat().st_size)}")
            for part, size in breakdown(zip_path).items():
                print(f"    {part:22} {mb(size)}")
        linux = next(dist.glob("formfill-*-linux-x64.zip"))
        prefix = ["unshare", "-rn"] if namespace_works() else []
        times = [install_once(linux, prefix) for _ in range(args.runs)]
        how = "network namespace, no interfaces" if prefix else "pip --no-index only"
        print(f"offline install of {linux.name} ({how}), Python "
              f"{sys.version_info[0]}.{sys.version_info[1]}: "
              + ", ".join(f"{t:.1f}" for t in times)
              + f" s; median {statistics.median(times):.1f} s")


if __name__ == "__main__":
    main()
