"""pyproject.toml and environment.yml list the same packages with the same ranges."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions

import yaml
from conftest import ROOT

# conda-forge names that differ from PyPI names.
CONDA_NAME = {"pyyaml": "pyyaml"}
NOT_PACKAGES = {"python", "pip"}


def _split(requirement: str) -> tuple[str, str]:
    match = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)", requirement)
    assert match, requirement
    name = match[1].lower().replace("_", "-")
    spec = match[2].replace(" ", "")
    return CONDA_NAME.get(name, name), spec


def pip_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        reqs += extra
    return dict(_split(r) for r in reqs)


def conda_requirements() -> tuple[dict[str, str], list[str], list[str]]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda: dict[str, str] = {}
    pip_section: list[str] = []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip_section += dep["pip"]
        else:
            name, spec = _split(dep)
            conda[name] = spec
    pip_pkgs = [p for p in pip_section if not p.startswith("-e")]
    conda.update(_split(p) for p in pip_pkgs)
    return conda, pip_section, env["channels"]


def test_environment_lists_the_same_packages_and_ranges_as_pyproject():
    pip = pip_requirements()
    conda, _, _ = conda_requirements()
    python_spec = conda.pop("python")
    conda.pop("pip", None)
    assert python_spec == ">=3.11"
    missing = sorted(set(pip) - set(conda))
    extra = sorted(set(conda) - set(pip) - NOT_PACKAGES)
    assert not missing, f"in pyproject.toml but not environment.yml: {missing}"
    assert not extra, f"in environment.yml but not pyproject.toml: {extra}"
    differ = {n: (pip[n], conda[n]) for n in pip if pip[n] != conda[n]}
    assert not differ, f"ranges differ (pyproject, environment.yml): {differ}"


def test_environment_installs_the_module_itself_with_pip_from_conda_forge():
    _, pip_section, channels = conda_requirements()
    assert channels == ["conda-forge"]
    assert any(p.startswith("-e .") for p in pip_section)


def test_every_module_the_package_imports_is_declared():
    """A third-party module imported anywhere in src/ comes from a distribution that
    pyproject.toml names (core or an extra), not only from one a declared package pulls in."""
    declared = set(pip_requirements())
    provides = packages_distributions()
    undeclared: dict[str, set[str]] = {}
    for path in sorted((ROOT / "src").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top in ("parisbaku", "__future__"):
                    continue
                dists = {d.lower().replace("_", "-") for d in provides.get(top, [top])}
                if not dists & declared:
                    undeclared.setdefault(top, set()).add(path.name)
    assert not undeclared, f"imported but not declared in pyproject.toml: {undeclared}"


def test_a_jupyter_server_starts_without_building_iri_parsers():
    """Every student's JupyterLab (on a laptop or a hub) imports the server and its event
    schemas. jsonschema 4.25+ imports rfc3987-syntax there, which builds its IRI parsers
    at import: about a CPU-second per server start, 30 of them when a class logs in."""
    probe = ("import sys, jupyter_server.serverapp, jupyterlab.labapp; "
             "print(sorted(m for m in sys.modules if m.startswith(('rfc3987', 'lark'))))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True).stdout.strip()
    assert loaded == "[]", f"a server start imports {loaded}: see the jsonschema pin in " \
        "pyproject.toml"


def test_every_file_the_package_reads_ships_in_a_non_editable_install():
    """A wheel holds the .py files and what package-data names; a template or stylesheet
    left out works in this editable checkout and fails in `pip install .` (it did: the
    wheel had no template at all)."""
    package = ROOT / "src" / "parisbaku"
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["parisbaku"]
    shipped = {p for pattern in patterns for p in package.glob(pattern) if p.is_file()}
    needed = {p for p in package.rglob("*") if p.is_file() and p.suffix not in {".py", ".pyc"}}
    missing = sorted(str(p.relative_to(package)) for p in needed - shipped)
    assert not missing, f"pyproject.toml [tool.setuptools.package-data] misses {missing}"
