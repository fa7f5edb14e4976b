"""The module on a classroom JupyterHub.

- :mod:`.client`: on a student's hub server, every quiz answer also goes to the
  results service under the hub login (``client.on_hub()``, ``send``, ``flush``).
- :mod:`.service`: the results service, a managed hub service (answers stored
  under the login the hub vouches for; instructors read the class).
- :mod:`.distribute`: the student's copy of the module (no solutions) and the
  nbgitpuller link.
- :mod:`.local`: a hub on 127.0.0.1 for one class (``make hub``).

The hub's configuration is in ``deploy/``.
"""
