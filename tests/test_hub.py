"""A real JupyterHub on loopback: two students and an instructor, the results service,
answers under the hub login, what a student's copy holds.

The hub is jupyterhub (PyPI) with configurable-http-proxy (npm, installed into
deploy/jupyterhub/node_modules by `make hub-deps`, which `make test` runs). Without
the proxy the tests skip locally, and fail with CI=true.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import psutil
import pytest
from conftest import ROOT

from parisbaku.hub import client, local, remote
from parisbaku.hub.distribute import nbgitpuller_link, student_copy
from parisbaku.hub.local import PROXY, LocalHub, free_port
from parisbaku.quiz import load_bank
from parisbaku.quiz.store import ResultsStore

STUDENTS = ["ana", "boris"]
QUIZ = "02_karabakh_1988_2023"

if not (ROOT / PROXY).exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{PROXY} missing: .ci/run must install it (make hub-deps)")
    pytest.skip(f"{PROXY} missing: run `make hub-deps`", allow_module_level=True)


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalHub]:
    running = LocalHub(tmp_path_factory.mktemp("hub"), STUDENTS,
                       admin_token=uuid.uuid4().hex).start()
    try:
        running.start_servers({n: running.user_token(n) for n in [*STUDENTS, "instructor"]})
        yield running
    finally:
        assert running.stop() == [], "the hub left processes behind that had to be killed"


def _service(hub: LocalHub) -> str:
    return f"{hub.url}/services/parisbaku-results/"


def _event(**extra: object) -> dict[str, object]:
    return {"event": "answer", "question": "q1", "answer": "b", "correct": True,
            "credit": 1.0, "attempt": 1, "time": "2026-11-29T08:00:00Z",
            "id": uuid.uuid4().hex, **extra}


def _status(call) -> int:
    try:
        call()
    except client.ServiceError as exc:
        return int(str(exc).split("answered ")[1].split(":")[0]) if "answered" in str(exc) else -1
    return 200


def test_a_student_token_cannot_write_or_read_another_students_answers(hub):
    url = _service(hub)
    ana, boris = hub.server_token("ana"), hub.server_token("boris")
    teacher = hub.server_token("instructor")
    # ana names boris in the body: the service stores it under ana, the hub's login
    forged = _event(student="boris")
    assert client.send(QUIZ, "Quiz", forged, url=url, token=ana)
    mine = client.fetch("ana", url=url, token=ana)
    assert mine["student"] == "ana"
    assert forged["id"] in [e.get("id") for e in mine["quizzes"][QUIZ]["events"]]
    assert not (hub.service_folder / "boris.json").exists(), "ana's answer went to boris"

    assert client.send(QUIZ, "Quiz", _event(), url=url, token=boris)
    # a student reads neither another student nor the class
    assert _status(lambda: client.fetch("boris", url=url, token=ana)) == 403
    assert _status(lambda: client.fetch(url=url, token=ana)) == 403
    # the instructors group reads everyone
    everyone = client.fetch(url=url, token=teacher)["students"]
    assert set(everyone) == {"ana", "boris"}
    assert client.fetch("ana", url=url, token=teacher)["student"] == "ana"
    # a resend of the same event is stored once
    assert client.send(QUIZ, "Quiz", forged, url=url, token=ana)
    ids = [e["id"] for e in client.fetch("ana", url=url, token=ana)["quizzes"][QUIZ]["events"]]
    assert ids.count(forged["id"]) == 1
    # no token, a made-up token, and ana's token without access to the service: refused
    narrow = hub.api("POST", "users/ana/tokens", {"scopes": ["read:users:name!user"]},
                     token=hub.user_token("ana"))["token"]
    for token in ("0" * 32, narrow):
        assert not client.send(QUIZ, "Q", _event(), url=url, token=token)
        assert _status(lambda t=token: client.fetch("ana", url=url, token=t)) == 403


def test_a_lesson_quiz_on_the_hub_saves_in_the_home_and_under_the_login(hub):
    """boris answers lesson 02's quiz in his own kernel, through the widgets."""

    async def answer() -> dict[str, object]:
        async with remote.Kernel(hub.url, "boris", hub.user_token("boris"),
                                 path="parisbaku/notebooks") as kernel:
            return json.loads(await kernel.execute(remote.answer_quiz_code(QUIZ)))

    report = asyncio.run(answer())
    own = Path(str(report["path"]))
    assert own == hub.homes / "boris" / "parisbaku" / "results" / "boris.json"
    events = json.loads(own.read_text())["quizzes"][QUIZ]["events"]
    assert len(events) == report["questions"]
    assert not [e for e in events if e.get("unsent")], "the service did not get every answer"
    assert stat.S_IMODE(own.stat().st_mode) == 0o600, "a student's results file is not private"
    served = client.fetch("boris", url=_service(hub), token=hub.server_token("boris"))
    served_ids = [e["id"] for e in served["quizzes"][QUIZ]["events"]]
    assert served_ids[-len(events):] == [e["id"] for e in events]


def test_a_students_first_kernel_uses_the_font_list_the_hub_built_once(hub):
    """Matplotlib's font list is built once for the hub and copied into each home; a
    kernel that found it unusable would rebuild it (0.12 CPU-seconds a student)."""
    built = sorted((hub.state / "matplotlib").glob("fontlist-*.json"))
    assert built, "the hub built no font list"

    async def cache_dir() -> str:
        async with remote.Kernel(hub.url, "ana", hub.user_token("ana")) as kernel:
            return await kernel.execute(
                "import matplotlib, matplotlib.font_manager; print(matplotlib.get_cachedir())")

    home_cache = Path(asyncio.run(cache_dir()).strip())
    assert home_cache == hub.homes / "ana" / ".cache" / "matplotlib"
    for font_list in built:  # the copy is still the hub's: the kernel did not rebuild it
        copy = home_cache / font_list.name
        assert copy.read_bytes() == font_list.read_bytes()
        assert copy.stat().st_mtime == font_list.stat().st_mtime


def test_a_font_list_that_cannot_be_built_does_not_stop_a_students_server(tmp_path,
                                                                         monkeypatch):
    """The copied font list is only a saving: if the hub cannot build it, the home gets
    none (the kernel builds its own) and the pre-spawn hook does not fail the spawn."""
    monkeypatch.setattr(local.sys, "executable", str(tmp_path / "no-python"))
    home = tmp_path / "home"
    local.seed_font_cache(home, tmp_path / "state")
    assert not (home / ".cache" / "matplotlib").exists()


def test_a_lost_connection_keeps_the_answer_and_sends_it_later(hub, tmp_path, monkeypatch):
    monkeypatch.setenv(client.TOKEN_ENV, hub.server_token("ana"))
    monkeypatch.setenv(client.SERVICE_ENV, f"http://127.0.0.1:{free_port()}/services/x/")
    store = ResultsStore("ana", tmp_path)
    event = store.record_answer("offline-quiz", "Offline", "q1", "b", True, 1.0, 1)
    saved = json.loads(store.path.read_text())["quizzes"]["offline-quiz"]["events"]
    assert saved[0]["unsent"] is True and saved[0]["id"] == event["id"]
    url = _service(hub)
    held = client.fetch("ana", url=url, token=hub.server_token("ana"))["quizzes"]
    assert "offline-quiz" not in held

    monkeypatch.setenv(client.SERVICE_ENV, url)  # the connection is back
    ResultsStore("ana", tmp_path)  # the next quiz load sends it
    held = client.fetch("ana", url=url)["quizzes"]["offline-quiz"]["events"]
    assert [e["id"] for e in held] == [event["id"]]
    assert "unsent" not in json.loads(store.path.read_text())["quizzes"]["offline-quiz"][
        "events"][0]
    ResultsStore("ana", tmp_path).record_reset("offline-quiz", "Offline")  # and the next save
    held = client.fetch("ana", url=url)["quizzes"]["offline-quiz"]["events"]
    assert [e["event"] for e in held] == ["answer", "reset"]


def test_a_students_home_has_no_solution_and_the_instructors_has_them(hub):
    student = hub.homes / "ana" / "parisbaku"
    assert (student / "notebooks" / "02_karabakh_1988_2023.ipynb").is_file()
    assert (student / "exercises" / "ex1_loaded_terms.ipynb").is_file()
    leaks = [p for p in student.rglob("*.ipynb")
             if any("solution" in c.get("metadata", {}).get("tags", [])
                    for c in json.loads(p.read_text())["cells"])]
    assert not (student / "exercises" / "solutions").exists()
    assert not leaks, f"solution cells in a student's copy: {leaks}"
    assert (hub.homes / "instructor" / "parisbaku" / "exercises" / "solutions").is_dir()


def test_make_hub_prints_the_logins_and_stops_everything_on_ctrl_c(tmp_path):
    demo = subprocess.Popen(
        [sys.executable, "-m", "parisbaku.hub.local", "--students", "2",
         "--state", str(tmp_path / "state")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
    try:
        lines: list[str] = []
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and "Ctrl-C" not in "".join(lines):
            lines.append(demo.stdout.readline())
        text = "".join(lines)
        assert "http://127.0.0.1:" in text and "student01, student02" in text, text
        assert "password" in text and "instructor" in text, text
        family = psutil.Process(demo.pid).children(recursive=True)
        assert any("jupyterhub" in " ".join(_cmdline(p)) for p in family)
        demo.send_signal(signal.SIGINT)  # Ctrl-C
        assert demo.wait(60) == 0
    finally:
        if demo.poll() is None:
            demo.kill()
    assert "Stopped." in demo.stdout.read()
    _, alive = psutil.wait_procs(family, timeout=5)
    assert not alive, f"left running after Ctrl-C: {[_cmdline(p) for p in alive]}"


def _cmdline(proc: psutil.Process) -> list[str]:
    """A process's command line, or [] if it has just ended (a listing can outlive it)."""
    try:
        return proc.cmdline()
    except (psutil.NoSuchProcess, psutil.ZombieProcess):
        return []


def test_nothing_listens_beyond_loopback(hub):
    ports = {c.laddr for p in hub.processes() for c in _connections(p)
             if c.status == psutil.CONN_LISTEN}
    assert ports and all(a.ip in ("127.0.0.1", "::1") for a in ports), ports


def _connections(proc: psutil.Process) -> list:
    try:
        return proc.net_connections(kind="inet")
    except (psutil.NoSuchProcess, psutil.AccessDenied, urllib.error.URLError):
        return []


def test_the_class_results_notebook_reads_the_class_from_the_service_on_the_hub(hub):
    """The instructor runs instructor/class_results.ipynb's first cell on the hub; a student
    running the same cell is refused."""
    question = load_bank(QUIZ).questions[0]  # boris answers one question right
    assert client.send(QUIZ, "Quiz", _event(question=question.id, answer=question.right_response(),
                                            correct=False, credit=0.0),
                       url=_service(hub), token=hub.server_token("boris"))
    first_cell = remote.code_cells(ROOT / "instructor" / "class_results.ipynb")[0]
    show = "\nprint(json.dumps({'students': my_class.students, 'scores': my_class.scores()}))"

    async def run(user: str) -> str:
        async with remote.Kernel(hub.url, user, hub.user_token(user),
                                 path="parisbaku") as kernel:
            return await kernel.execute("import json\n" + first_cell + show)

    seen = json.loads(asyncio.run(run("instructor")))
    assert "boris" in seen["students"] and set(seen["students"]) <= set(STUDENTS)
    boris = [r for r in seen["scores"] if r["student"] == "boris" and r["quiz"] == QUIZ]
    # re-graded from the bank: right, though the stored claim said wrong
    assert boris and boris[0]["right"] == boris[0]["answered"] > 0
    with pytest.raises(remote.CellError, match="403"):
        asyncio.run(run("ana"))


def test_the_one_link_pulls_the_student_copy_with_nbgitpuller(hub, tmp_path):
    """The student copy published as a git repository; the link's pull runs in ana's own
    server (nbgitpuller from PyPI) and leaves the module, without solutions, in her home."""
    repo = student_copy(tmp_path / "parisbaku-students.git", git=True)
    link = nbgitpuller_link(hub.url, f"file://{repo}", folder="pulled")
    query = parse_qs(urlparse(link).query)
    assert urlparse(link).path == "/hub/user-redirect/git-pull"
    assert query["urlpath"] == ["lab/tree/pulled/notebooks/00_start_here.ipynb"]
    api = f"{hub.url}/user/ana/git-pull/api?" + urlencode(
        {k: v[0] for k, v in query.items() if k in ("repo", "branch", "targetpath")})
    request = urllib.request.Request(api, headers={
        "Authorization": f"token {hub.user_token('ana')}"})
    with urllib.request.urlopen(request, timeout=120) as stream:
        phases = [json.loads(line[5:])["phase"] for line in stream.read().decode().splitlines()
                  if line.startswith("data:")]
    assert phases[-1] == "finished", phases
    pulled = hub.homes / "ana" / "pulled"
    assert (pulled / "notebooks" / "00_start_here.ipynb").is_file()
    assert not (pulled / "exercises" / "solutions").exists()
    assert not (pulled / "instructor").exists()
