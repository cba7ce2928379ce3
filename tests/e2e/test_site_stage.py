"""`formfill site --out`: the staged folder, and the mistakes a maintainer can make around it."""

from __future__ import annotations

from pathlib import Path

import yaml

from formfill.site.markdown_text import split_front_matter, with_anchors
from tests.conftest import copy_project, run_formfill


def test_every_heading_gets_the_anchor_links_use() -> None:
    markdown = ("---\ntitle: x\n---\n\n# Điều kiện\n\n## Giấy tờ [cần](a.md) chuẩn bị\n\n"
                "## Điều kiện\n\n## Đã có {#da-co}\n\n```\n# not a heading\n```\n")
    out = with_anchors(markdown)
    assert "# Điều kiện {#dieu-kien}" in out
    assert "## Giấy tờ [cần](a.md) chuẩn bị {#giay-to-can-chuan-bi}" in out
    assert "## Điều kiện {#dieu-kien_1}" in out  # unique, as Python-Markdown's toc makes it
    assert "## Đã có {#da-co}" in out and "{#da-co} {#" not in out
    assert "# not a heading\n" in out
    assert split_front_matter(out)[0] == {"title": "x"}


def test_the_staged_folder_is_plain_mkdocs_input(tmp_path: Path) -> None:
    out = tmp_path / "stage"
    result = run_formfill("site", "--out", str(out))
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load((out / "mkdocs.yml").read_text("utf-8"))
    assert config["plugins"] == {"search": {"enabled": False}} and config["docs_dir"] == "docs"
    assert (out / "docs" / "thu-tuc" / "dang-ky-cap-giay-chung-nhan-lan-dau.md").is_file()
    short = (out / "docs" / "l" / "so-do-lan-dau" / "index.html").read_text("utf-8")
    assert 'url=../../thu-tuc/dang-ky-cap-giay-chung-nhan-lan-dau/"' in short
    # staging again into the same folder replaces it
    (out / "docs" / "left-over.md").write_text("# x\n", "utf-8")
    assert run_formfill("site", "--out", str(out)).returncode == 0
    assert not (out / "docs" / "left-over.md").exists()


def test_a_folder_with_other_files_is_never_emptied(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "important.txt").write_text("keep", "utf-8")
    result = run_formfill("site", "--out", str(out))
    assert result.returncode == 1
    assert "thư mục đã có tệp khác" in result.stderr and "Traceback" not in result.stderr
    assert (out / "important.txt").read_text("utf-8") == "keep"


def test_a_broken_settings_file_is_located(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    settings = project / "site.yml"
    settings.write_text(settings.read_text("utf-8").replace("theme:\n", "theme: [\n", 1), "utf-8")
    result = run_formfill("site", "--root", str(project), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "site.yml:" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()  # nothing half-written


def test_engine_code_in_the_settings_is_left_out_and_said(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    settings = project / "site.yml"
    settings.write_text(settings.read_text("utf-8") + "plugins:\n  - search\nhooks:\n  - x.py\n",
                        "utf-8")
    out = tmp_path / "out"
    result = run_formfill("site", "--root", str(project), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "site.yml: plugins: bị bỏ qua" in result.stdout
    assert "site.yml: hooks: bị bỏ qua" in result.stdout
    config = yaml.safe_load((out / "mkdocs.yml").read_text("utf-8"))
    assert "hooks" not in config and config["plugins"] == {"search": {"enabled": False}}
