"""deploy/kubernetes/values.yaml against the Zero to JupyterHub chart's own schema.

The chart's defaults and schema are copied in deploy/kubernetes/z2jh/ (see its
README); the check is the chart's CI's: deep-merge the values over the defaults,
then validate with jsonschema.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import ROOT

from parisbaku.hub.client import SERVICE_ENV, SERVICE_NAME
from parisbaku.quiz.store import RESULTS_ENV

Z2JH = ROOT / "deploy" / "kubernetes" / "z2jh"
VALUES = ROOT / "deploy" / "kubernetes" / "values.yaml"

def deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Helm's merge of a values file over the chart's defaults (maps merge, the rest replaces)."""
    merged = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _validate(values: dict[str, Any]) -> None:
    merged = deep_merge(_load(Z2JH / "values.yaml"), values)
    jsonschema.validate(merged, _load(Z2JH / "values.schema.yaml"))


def test_the_values_pass_the_charts_schema_and_a_typo_would_not():
    values = _load(VALUES)
    _validate(values)
    typo = copy.deepcopy(values)
    typo["singleuser"]["memmory"] = typo["singleuser"].pop("memory")
    with pytest.raises(jsonschema.ValidationError, match="memmory"):
        _validate(typo)


def test_the_values_wire_the_results_service_nbgitpuller_culling_and_memory():
    values = _load(VALUES)
    hub, single = values["hub"], values["singleuser"]
    service = hub["services"][SERVICE_NAME]
    port = int(re.search(r":(\d+)$", service["url"])[1])
    assert service["command"][:3] == ["python3", "-m", "parisbaku.hub.service"]
    assert f"access:services!service={SERVICE_NAME}" in hub["loadRoles"]["user"]["scopes"]
    assert f"access:services!service={SERVICE_NAME}" in \
        hub["config"]["KubeSpawner"]["server_token_scopes"]
    assert single["extraEnv"][SERVICE_ENV] == f"http://hub:{port}/services/{SERVICE_NAME}/"
    assert single["extraEnv"][RESULTS_ENV].startswith(single.get("storage", {}).get(
        "homeMountPath", "/home/jovyan"))
    assert any(p["port"] == port for p in hub["service"]["extraPorts"])
    assert single["lifecycleHooks"]["postStart"]["exec"]["command"][0] == "gitpuller"
    assert values["cull"]["enabled"] and values["cull"]["timeout"] <= 3600
    assert single["memory"]["limit"] and single["memory"]["guarantee"]
