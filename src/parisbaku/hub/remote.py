"""Run code in a user's kernel on the hub, as JupyterLab would: REST to start a kernel,
then execute requests over its websocket (through the hub's proxy, with the user's token),
in the binary kernel protocol JupyterLab 4 speaks (``v1.kernel.websocket.jupyter.org``).
With it the server passes the kernel's messages on as they are; in the older JSON protocol
it parses and re-encodes each one, images included, which a class in a browser never costs.

Used by ``make hub-bench`` and ``tests/test_hub.py`` to execute a lesson in each
student's own server.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from jupyter_server.services.kernels.connection.base import (
    deserialize_msg_from_ws_v1,
    serialize_msg_to_ws_v1,
)
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

__all__ = ["CellError", "Kernel", "code_cells"]

MAX_CLIENTS = 100
PROTOCOL = "v1.kernel.websocket.jupyter.org"  # what JupyterLab 4 asks the server for


class CellError(RuntimeError):
    """A cell raised in the remote kernel."""


def code_cells(notebook: str | Path) -> list[str]:
    """The code cells of a notebook, in order (the ones nbval would run)."""
    nb = nbformat.read(str(notebook), as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "code" and c.source.strip()
            and "skip-execution" not in c.metadata.get("tags", [])]


@dataclass
class Kernel:
    """One kernel of one user's server: ``async with Kernel(url, user, token, cwd) as k``."""

    hub_url: str
    user: str
    token: str
    path: str = ""  # the kernel's working folder, relative to the server's root
    kernel_id: str = ""
    outputs: list[str] = field(default_factory=list)
    _ws: Any = None

    @property
    def base(self) -> str:
        return f"{self.hub_url.rstrip('/')}/user/{self.user}/api"

    async def _rest(self, method: str, path: str, body: Any = None) -> Any:
        # tornado queues requests beyond max_clients (10) and times the queued ones out
        AsyncHTTPClient.configure(None, max_clients=MAX_CLIENTS)
        reply = await AsyncHTTPClient().fetch(HTTPRequest(
            f"{self.base}/{path}", method=method,
            body=None if body is None else json.dumps(body),
            headers={"Authorization": f"token {self.token}"}, request_timeout=300,
            connect_timeout=120, allow_nonstandard_methods=True))
        return json.loads(reply.body) if reply.body else None

    async def __aenter__(self) -> Kernel:
        model = await self._rest("POST", "kernels", {"name": "python3", "path": self.path})
        self.kernel_id = model["id"]
        ws_url = self.base.replace("http", "ws", 1) + f"/kernels/{self.kernel_id}/channels"
        self._ws = await websocket_connect(HTTPRequest(
            ws_url, headers={"Authorization": f"token {self.token}"}, request_timeout=300,
            connect_timeout=120),
            max_message_size=64 * 1024 * 1024, subprotocols=[PROTOCOL])
        if self._ws.selected_subprotocol != PROTOCOL:
            raise ConnectionError(f"{self.user}'s server does not speak {PROTOCOL}")
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._ws is not None:
            self._ws.close()
        if self.kernel_id:
            await self._rest("DELETE", f"kernels/{self.kernel_id}")

    async def execute(self, code: str, timeout: float = 120) -> str:
        """Run one cell; its printed text. A CellError if the cell raised."""
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "username": self.user, "session": self.kernel_id,
                  "msg_type": "execute_request", "version": "5.3"}
        content = {"code": code, "silent": False, "store_history": True,
                   "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}
        parts = [json.dumps(part).encode() for part in (header, {}, {}, content)]
        await self._ws.write_message(serialize_msg_to_ws_v1(parts, "shell"), binary=True)
        text: list[str] = []
        error = None
        replied = idle = False
        deadline = time.monotonic() + timeout
        while not (replied and idle):
            if time.monotonic() > deadline:
                raise TimeoutError(f"a cell ran over {timeout:.0f} s in {self.user}'s kernel")
            raw = await self._ws.read_message()
            if raw is None:
                raise ConnectionError(f"{self.user}'s kernel connection closed")
            _channel, parts = deserialize_msg_from_ws_v1(raw)
            if json.loads(parts[1]).get("msg_id") != msg_id:  # [1]: the parent header
                continue
            kind, content = json.loads(parts[0])["msg_type"], json.loads(parts[3])
            if kind == "stream":
                text.append(content["text"])
            elif kind == "error":
                error = f"{content['ename']}: {content['evalue']}"
            elif kind == "execute_reply":
                replied = True
                if content.get("status") == "error" and error is None:
                    error = f"{content.get('ename')}: {content.get('evalue')}"
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
        if error:
            raise CellError(f"in {self.user}'s kernel: {error}")
        out = "".join(text)
        self.outputs.append(out)
        return out


def answer_quiz_code(quiz_id: str) -> str:
    """Code for a kernel: answer every question of a quiz through its widgets (what pressing
    Check does) and print, as JSON, how long each save took and where the file is.

    The quiz answered is the one a cell of the lesson showed (the last in IPython's ``Out``),
    as a student answers the quiz on the page; only a kernel that showed none makes one."""
    return f"""
import json as _json, time as _time
from parisbaku import quiz as _quiz
from parisbaku.quiz.widgets import QuizView as _QuizView
_key = _quiz.load_bank({quiz_id!r}).key
_shown = next((_v for _v in reversed(list(Out.values())) if isinstance(_v, _QuizView)
               and _v.bank.key == _key), None)
_view = _shown or _quiz.show({quiz_id!r})
_times = []
for _qv in _view.questions:
    _qv.set_response(_qv.question.right_response())
    _start = _time.perf_counter()
    _qv.submit()
    _times.append(_time.perf_counter() - _start)
print(_json.dumps({{"student": _view.store.student, "path": str(_view.store.path),
                   "times": _times, "questions": len(_view.questions),
                   "on_the_page": _shown is not None}}))
"""
