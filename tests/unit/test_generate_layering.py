"""The README's layering diagram is written from the import-linter contracts, never by hand."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.scripts import load_script

REPO_ROOT = Path(__file__).resolve().parents[2]


gen = load_script("generate_layering")

PYPROJECT = """
[tool.importlinter]
root_package = "jobtrack"

[[tool.importlinter.contracts]]
id = "layers"
name = "Top over bottom"
type = "layers"
layers = ["jobtrack.main", "jobtrack.a | jobtrack.b", "jobtrack.settings"]

[[tool.importlinter.contracts]]
id = "inner"
name = "Inside a"
type = "layers"
containers = ["jobtrack.a"]
layers = ["router", "service"]

[[tool.importlinter.contracts]]
id = "pure"
name = "Not a layers contract"
type = "forbidden"
source_modules = ["jobtrack.a"]
forbidden_modules = ["jobtrack.b"]
"""


def _files(tmp_path: Path) -> tuple[Path, Path]:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(PYPROJECT, encoding="utf-8")
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\nBefore.\n\n{gen.BEGIN}\nold\n{gen.END}\n\nAfter.\n")
    return pyproject, readme


def test_every_layers_contract_becomes_a_block_its_layers_top_to_bottom(tmp_path: Path) -> None:
    pyproject, _ = _files(tmp_path)
    assert gen.diagram(gen.layer_contracts(pyproject)) == (
        "```text\n"
        "jobtrack    # layers: Top over bottom\n"
        "  main\n"
        "  a | b\n"
        "  settings\n"
        "\n"
        "jobtrack.a    # inner: Inside a\n"
        "  router\n"
        "  service\n"
        "```\n"
    )


def test_check_fails_on_a_stale_diagram_and_writing_fixes_it_leaving_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pyproject, readme = _files(tmp_path)
    args = ["--readme", str(readme), "--pyproject", str(pyproject)]
    assert gen.main(["--check", *args]) == 1
    assert "run `make generate`" in capsys.readouterr().out
    assert gen.main(args) == 0
    assert gen.main(["--check", *args]) == 0
    text = readme.read_text()
    assert text.startswith("# Title\n\nBefore.\n\n")
    assert text.endswith(f"{gen.END}\n\nAfter.\n")
    assert "old" not in text


def test_a_readme_without_the_markers_is_an_error_naming_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pyproject, readme = _files(tmp_path)
    readme.write_text("# Title\n")
    assert gen.main(["--readme", str(readme), "--pyproject", str(pyproject)]) == 1
    assert gen.BEGIN in capsys.readouterr().err


def test_the_real_contracts_all_reach_the_diagram() -> None:
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    layered = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    text = gen.diagram(gen.layer_contracts(REPO_ROOT / "pyproject.toml"))
    for contract in layered:
        assert f"# {contract['id']}: " in text
    assert "  limits" in text or "| limits" in text
