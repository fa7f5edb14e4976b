"""Each student's server on the hub: JupyterHub's ``jupyterhub-singleuser``, started
without asking yarn for a package registry nobody on the hub uses.

Run as ``python -m parisbaku.hub.singleuser`` (the hub's ``Spawner.cmd``); it takes the
same arguments as ``jupyterhub-singleuser``.

Why: importing JupyterLab reads its version through ``jupyterlab.commands.AppOptions``,
whose ``registry`` default runs ``node yarn.js config --json`` whenever ``node`` is on
``PATH`` (it is, on a hub that runs configurable-http-proxy). That child process cost
0.31 of the 1.05 CPU-seconds a server took to start here, at each of the 30 starts of a
class (measured: ``resource.getrusage(RUSAGE_CHILDREN)`` after the server is up; see
tests/test_hub_singleuser.py). The registry only serves installing extensions and
rebuilding JupyterLab; students on the hub do neither (the extension manager is
read-only). So the yarn configuration is taken as empty, which is what JupyterLab itself
uses when node is absent. Nothing else of the server changes.

If a JupyterLab release renames the private function this replaces, the server still
starts (only slower) and the test fails, so the next maintainer knows.
"""

from __future__ import annotations

import gc
import sys


def _no_yarn_config(logger: object = None) -> dict[str, dict]:
    """JupyterLab's answer when node is absent: no yarn or npm configuration."""
    return {"yarn config": {}, "npm config": {}}


def prepare() -> bool:
    """Make JupyterLab skip the yarn configuration; True if it could be done."""
    from jupyterlab import commands  # the module the labapp import reads its version with

    if not hasattr(commands, "_yarn_config"):
        return False
    commands._yarn_config = _no_yarn_config
    return True


def main() -> int | None:
    # The server's imports (jupyter_server, JupyterLab, jupyterhub) make some hundred
    # thousand objects that live as long as the server; the cycle collector walked them
    # again and again while they were made. Off during the imports, then on with those
    # objects frozen (never walked again): 0.06 to 0.1 of a server start's ~1 CPU-second.
    gc.disable()
    try:
        prepare()
        from jupyterhub.singleuser import main as singleuser_main
    finally:
        gc.freeze()
        gc.enable()
    return singleuser_main()


if __name__ == "__main__":
    sys.exit(main())
