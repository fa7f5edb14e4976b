"""The results service of a classroom JupyterHub: each answer kept under the login that sent it.

A managed JupyterHub service (see ``deploy/jupyterhub/jupyterhub_config.py`` and
the Zero to JupyterHub values). Who is asking is decided by the hub alone: every
request carries a hub API token (a student's server token, from
``$JUPYTERHUB_API_TOKEN``), and :class:`jupyterhub.services.auth.HubAuth` asks the
hub whose token it is and whether it holds ``access:services!service=<name>``. A
name written in the request body is never read.

- ``POST api/answers`` ``{"quiz", "title", "event"}``: store one event of the
  sender's quiz. ``event["id"]`` makes a resend harmless (stored once).
- ``GET api/results/<login>``: one student's results, for that student or a
  member of the instructors group.
- ``GET api/results``: the whole class, for members of the instructors group only.

Results are kept one file per login in ``--folder`` in the format of the
students' own files (:mod:`parisbaku.quiz.store`), readable by
:func:`parisbaku.results.load` as well.

Run by the hub: ``python -m parisbaku.hub.service --folder DIR``; it listens on
``$JUPYTERHUB_SERVICE_URL`` under ``$JUPYTERHUB_SERVICE_PREFIX``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from jupyterhub.services.auth import HubAuth, HubAuthenticated
from tornado import web

from ..data import InputError
from ..quiz.store import ResultsStore, read_results_file, student_key

__all__ = ["MAX_BODY", "main", "make_app"]

#: Instructors: members of this hub group read the whole class.
GROUP_ENV = "PARISBAKU_INSTRUCTOR_GROUP"
DEFAULT_GROUP = "instructors"
#: An answer is small; anything larger is refused before it is parsed.
MAX_BODY = 64 * 1024
_QUIZ = re.compile(r"^[\w:.\-]{1,120}$")
_EVENT_ID = re.compile(r"^[0-9a-f]{32}$")
EVENT_KINDS = ("answer", "reset")

log = logging.getLogger("parisbaku.results-service")


class _Handler(HubAuthenticated, web.RequestHandler):
    """Identify the caller through the hub; refuse anyone the hub does not vouch for."""

    def initialize(self, hub_auth: HubAuth, folder: Path, group: str) -> None:
        self.hub_auth = hub_auth
        self.folder = folder
        self.group = group

    def check_xsrf_cookie(self) -> None:
        """Token-authenticated API: no cookies, so no cross-site form to guard against."""

    async def prepare(self) -> None:
        # Identity comes from the hub (cached for a short while by HubAuth).
        model = await self.hub_auth.get_user(self, sync=False)
        identity = None
        if model:
            try:
                identity = self.check_hub_user(model)
            except Exception:  # UserNotAllowed: the token lacks access to this service
                identity = None
        if not identity or identity.get("kind", "user") != "user":
            raise web.HTTPError(403, "a hub user's token with access to this service is needed")
        self.login: str = identity["name"]
        self.instructor = self.group in identity.get("groups", [])

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        reason = self._reason
        exc = kwargs.get("exc_info", (None, None))[1]
        if isinstance(exc, web.HTTPError) and exc.log_message:
            reason = exc.log_message
        self.finish({"error": reason, "status": status_code})

    def _path(self, login: str) -> Path:
        return self.folder / f"{student_key(login)}.json"

    def _read(self, login: str) -> dict[str, Any] | None:
        path = self._path(login)
        if not path.is_file():
            return None
        return read_results_file(path)


class AnswersHandler(_Handler):
    def post(self) -> None:
        if len(self.request.body) > MAX_BODY:
            raise web.HTTPError(413, f"an answer is at most {MAX_BODY} bytes")
        try:
            body = json.loads(self.request.body or b"null")
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise web.HTTPError(400, "the body is not JSON") from None
        quiz, title, event = _check_answer(body)
        try:
            store = ResultsStore(self.login, self.folder)
        except InputError as exc:
            raise web.HTTPError(400, f"hub login {self.login!r} cannot be stored: {exc}") from None
        if any(e.get("id") == event["id"] for e in store.events(quiz)):
            self.finish({"stored": False, "duplicate": True, "student": self.login})
            return
        store.append(quiz, title, event)
        log.info("stored %s of %s for %s", event["event"], quiz, self.login)
        self.set_status(201)
        self.finish({"stored": True, "student": self.login})


def _check_answer(body: Any) -> tuple[str, str, dict[str, Any]]:
    """The quiz, title and event of a posted answer, or a 400 saying what is wrong."""
    if not isinstance(body, dict):
        raise web.HTTPError(400, 'send {"quiz": ..., "title": ..., "event": {...}}')
    quiz, title, event = body.get("quiz"), body.get("title", ""), body.get("event")
    if not isinstance(quiz, str) or not _QUIZ.match(quiz):
        raise web.HTTPError(400, "'quiz' must be a quiz id such as 02_karabakh_1988_2023")
    if not isinstance(title, str) or len(title) > 300:
        raise web.HTTPError(400, "'title' must be text of at most 300 characters")
    if not isinstance(event, dict) or event.get("event") not in EVENT_KINDS:
        raise web.HTTPError(400, f"'event' must be an object whose 'event' is one of {EVENT_KINDS}")
    if not isinstance(event.get("id"), str) or not _EVENT_ID.match(event["id"]):
        raise web.HTTPError(400, "'event' needs an 'id' of 32 hexadecimal digits")
    # Nothing in the body says who the student is; a 'student' field is dropped.
    event = {k: v for k, v in event.items() if k not in ("student", "unsent")}
    return quiz, title, event


class StudentHandler(_Handler):
    def get(self, login: str) -> None:
        if login != self.login and not self.instructor:
            raise web.HTTPError(403, "you can read your own results only")
        try:
            content = self._read(login)
        except InputError:
            raise web.HTTPError(404, f"no student {login!r}") from None
        except (ValueError, OSError) as exc:
            raise web.HTTPError(500, f"results of {login!r} unreadable: {exc}") from None
        if content is None:
            raise web.HTTPError(404, f"no results for {login!r} yet")
        self.finish(content)


class ClassHandler(_Handler):
    def get(self) -> None:
        if not self.instructor:
            raise web.HTTPError(403, f"only members of the hub group {self.group!r} read the class")
        students: dict[str, Any] = {}
        problems: dict[str, str] = {}
        for path in sorted(self.folder.glob("*.json")):
            try:
                students[path.stem] = read_results_file(path)
            except (ValueError, OSError) as exc:
                problems[path.name] = str(exc)
        self.finish({"students": students, "problems": problems})


def make_app(folder: str | os.PathLike[str], prefix: str = "/", hub_auth: HubAuth | None = None,
             group: str | None = None) -> web.Application:
    """The tornado application; ``hub_auth`` defaults to one configured from the hub's env."""
    where = Path(folder)
    where.mkdir(parents=True, exist_ok=True, mode=0o700)
    settings = {
        "hub_auth": hub_auth or HubAuth(),
        "folder": where,
        "group": group or os.environ.get(GROUP_ENV, DEFAULT_GROUP),
    }
    base = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    return web.Application([
        (rf"{base}api/answers", AnswersHandler, settings),
        (rf"{base}api/results", ClassHandler, settings),
        (rf"{base}api/results/([^/]+)", StudentHandler, settings),
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", required=True, help="where the class's results are kept")
    parser.add_argument("--ip", default=None, help="address to listen on (default: the host of "
                        "$JUPYTERHUB_SERVICE_URL; 0.0.0.0 in a Kubernetes hub pod)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="[results-service] %(message)s")
    url = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10101"))
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/")
    app = make_app(args.folder, prefix)

    async def serve() -> None:
        app.listen(url.port or 80, args.ip or url.hostname or "127.0.0.1")
        log.info("listening on %s%s, results in %s", url.geturl().rstrip("/"), prefix, args.folder)
        await asyncio.Event().wait()

    os.environ.pop("PARISBAKU_RESULTS_SERVICE", None)  # the service never sends to itself
    try:
        asyncio.run(serve())
    except KeyboardInterrupt:  # the hub stops its services with SIGINT/SIGTERM
        log.info("stopped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
