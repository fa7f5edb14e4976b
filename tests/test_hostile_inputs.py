"""The hostile-inputs table (scripts/hostile_inputs.py): nothing lost, forged or injected."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

from parisbaku import results


def test_a_hostile_class_loses_nothing_forges_nothing_and_injects_nothing():
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "hostile_inputs.py"), "--quick",
                          "--json"], capture_output=True, text=True, timeout=600, cwd=ROOT)
    rows = json.loads(run.stdout.strip().splitlines()[-1])
    assert len(rows) == 7, run.stderr[-3000:]
    for row in rows:
        assert row["inputs tried"] > 0 and row["clear errors"] > 0, row
        failed = {k: v for k, v in row.items() if k in ("tracebacks", "answers lost",
                                                         "injections that worked", "escapes")
                  and v}
        assert not failed, f"{row['category']}: {failed}\n{run.stderr[-3000:]}"
    assert run.returncode == 0
    assert results.FORMULA_STARTS == ("=", "+", "-", "@", "\t", "\r")  # OWASP's list
