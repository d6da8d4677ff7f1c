"""The dependency direction the README's layout promises, checked by import-linter's contracts in
pyproject.toml: bench and config on top, then api | webui, then curation | ingest, then kg; only
kg.repository imports the Neo4j driver."""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(cwd: Path, config: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(config)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_every_import_in_the_tree_points_inward():
    result = _lint(ROOT, ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _tree(tmp_path: Path, modules: set[str]) -> None:
    for module in modules:
        parts = module.split(".")
        for depth in range(1, len(parts) + 1):
            package = tmp_path.joinpath(*parts[:depth])
            package.mkdir(exist_ok=True)
            (package / "__init__.py").touch()


def _contracts(tmp_path: Path) -> Path:
    """The project's own contracts, over a tree of empty packages with the same names."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    linter = tomllib.loads(text)["tool"]["importlinter"]
    modules = set(linter["root_packages"])
    for contract in linter["contracts"]:
        named = [*contract.get("source_modules", ()), *contract.get("forbidden_modules", ())]
        modules |= {m for m in named if m.split(".")[0] in linter["root_packages"]}
    _tree(tmp_path, modules)
    config = tmp_path / "contracts.toml"
    config.write_text("[tool.importlinter]" + text.split("[tool.importlinter]", 1)[1], encoding="utf-8")
    return config


def test_the_contracts_keep_an_empty_tree_of_the_same_packages(tmp_path):
    assert _lint(tmp_path, _contracts(tmp_path)).returncode == 0


@pytest.mark.parametrize(
    ("module", "source", "broken"),
    [
        ("kg/outward.py", "import api\n", "kg.outward -> api"),  # the inner ring importing the API
        (
            "webui/shortcut.py",
            "from kg.repository import lineage\n",
            "webui is not allowed to import kg.repository.lineage",
        ),
        ("webui/shortcut.py", "import neo4j\n", "webui is not allowed to import neo4j"),
    ],
)
def test_the_contracts_catch_an_import_pointing_the_wrong_way(tmp_path, module, source, broken):
    config = _contracts(tmp_path)
    (tmp_path / module).write_text(source, encoding="utf-8")
    result = _lint(tmp_path, config)
    assert result.returncode != 0
    assert broken in result.stdout
