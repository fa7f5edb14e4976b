"""The student's side of the results service: send each answer under the hub login.

On a hub whose spawner sets ``$PARISBAKU_RESULTS_SERVICE`` (the service's URL)
and gives the server its ``$JUPYTERHUB_API_TOKEN``, every event the quiz store
saves is also sent to the service with that token: the hub, not a typed name,
says whose answer it is. The student's own file stays the first copy. An event
is saved marked ``"unsent": true`` with an ``"id"``; once the service has it the
mark is removed. What could not be sent (the hub restarting, a lost connection)
keeps its mark and is sent again on the next save or the next quiz load; the
``id`` makes a second delivery harmless.

Anywhere else (a laptop), :func:`on_hub` is false and nothing here sends anything.
Standard library only, short time-outs: a slow hub never freezes a quiz for long.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterable
from typing import Any

__all__ = [
    "SERVICE_ENV",
    "SERVICE_NAME",
    "TOKEN_ENV",
    "ServiceError",
    "fetch",
    "flush",
    "mark",
    "on_hub",
    "send",
]

#: The results service's name on the hub (deploy/jupyterhub/, deploy/kubernetes/).
SERVICE_NAME = "parisbaku-results"
#: The results service's URL, set by the hub's spawner (deploy/jupyterhub/).
SERVICE_ENV = "PARISBAKU_RESULTS_SERVICE"
#: The token JupyterHub gives each user's server: it says who the student is.
TOKEN_ENV = "JUPYTERHUB_API_TOKEN"
TIMEOUT = 5.0
UNSENT = "unsent"


class ServiceError(RuntimeError):
    """The results service refused a request or could not be reached."""


def _where(url: str | None = None, token: str | None = None) -> tuple[str, str] | None:
    url = url or os.environ.get(SERVICE_ENV, "").strip()
    token = token or os.environ.get(TOKEN_ENV, "").strip()
    if not url or not token:
        return None
    return url.rstrip("/") + "/", token


def on_hub() -> bool:
    """True when this server runs on a hub with a results service to send answers to."""
    return _where() is not None


def _request(method: str, path: str, body: Any = None, *, url: str | None = None,
             token: str | None = None, timeout: float = TIMEOUT) -> Any:
    where = _where(url, token)
    if where is None:
        raise ServiceError(f"no results service: ${SERVICE_ENV} and ${TOKEN_ENV} are not set "
                           "(this is not a hub server)")
    base, key = where
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(base + path, data=data, method=method, headers={
        "Authorization": f"token {key}", "Content-Type": "application/json",
        "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            return json.loads(reply.read() or b"null")
    except urllib.error.HTTPError as exc:
        try:
            reason = json.loads(exc.read()).get("error", exc.reason)
        except (ValueError, AttributeError):
            reason = exc.reason
        raise ServiceError(f"the results service answered {exc.code}: {reason}") from None
    except (OSError, ValueError) as exc:  # refused, reset, timed out, not JSON
        raise ServiceError(f"the results service could not be reached: {exc}") from None


def mark(event: dict[str, Any]) -> dict[str, Any]:
    """On a hub, give a new event an id and the unsent mark (before it is saved)."""
    if on_hub():
        event.setdefault("id", uuid.uuid4().hex)
        event[UNSENT] = True
    return event


def send(quiz: str, title: str, event: dict[str, Any], **where: Any) -> bool:
    """Send one event; True once the service holds it (a resend counts), False otherwise."""
    payload = {k: v for k, v in event.items() if k != UNSENT}
    try:
        _request("POST", "api/answers", {"quiz": quiz, "title": title, "event": payload}, **where)
    except ServiceError:
        return False
    return True


def flush(unsent: Iterable[tuple[str, str, dict[str, Any]]], **where: Any) -> set[str]:
    """Send (quiz, title, event) triples in order; the ids the service now holds.

    Stops at the first failure (the connection is down: the rest keep their mark
    and go next time, in order)."""
    sent: set[str] = set()
    for quiz, title, event in unsent:
        if "id" not in event or not send(quiz, title, event, **where):
            break
        sent.add(event["id"])
    return sent


def fetch(login: str | None = None, **where: Any) -> dict[str, Any]:
    """Results from the service: one login's results file, or (instructors) the whole class
    as ``{"students": {login: results}, "problems": {file: reason}}``."""
    return _request("GET", "api/results" + (f"/{login}" if login else ""), **where)
