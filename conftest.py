"""pytest runs the doctests of every module under src/ (``--doctest-modules`` in
pyproject.toml). A module that needs an optional extra is left out when the extra is
not installed: ``make test`` installs the hub extra, so there it is collected too."""

from importlib.util import find_spec

collect_ignore = [] if find_spec("jupyterhub") else ["src/parisbaku/hub/service.py"]
