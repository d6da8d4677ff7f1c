"""The dependency direction the README's layout promises, checked by import-linter's contracts in
pyproject.toml: bench and config on top, then api | webui, then curation | ingest, then kg; only
kg.repository imports the Neo4j driver."""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

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


def test_the_contracts_catch_the_graph_package_importing_the_api(tmp_path):
    config = _contracts(tmp_path)
    assert _lint(tmp_path, config).returncode == 0  # the empty tree keeps them
    (tmp_path / "kg" / "outward.py").write_text("import api\n", encoding="utf-8")
    result = _lint(tmp_path, config)
    assert result.returncode != 0
    assert "kg.outward -> api" in result.stdout


def test_the_contracts_catch_a_page_reaching_past_the_repositorys_front(tmp_path):
    config = _contracts(tmp_path)
    (tmp_path / "webui" / "shortcut.py").write_text("from kg.repository import lineage\n", encoding="utf-8")
    result = _lint(tmp_path, config)
    assert result.returncode != 0
    assert "webui is not allowed to import kg.repository.lineage" in result.stdout


def test_the_contracts_catch_a_view_talking_to_neo4j_itself(tmp_path):
    config = _contracts(tmp_path)
    (tmp_path / "webui" / "shortcut.py").write_text("import neo4j\n", encoding="utf-8")
    result = _lint(tmp_path, config)
    assert result.returncode != 0
    assert "webui is not allowed to import neo4j" in result.stdout
