"""A class on the local JupyterHub, measured: ``make hub-bench``.

Starts the hub of ``deploy/jupyterhub/`` on 127.0.0.1 with N students (default 30),
and for every student at once: logs in through the REST API (a token of the
student's own), spawns the student's server, starts a kernel in it and executes
a lesson's code cells over the kernel's websocket (through the hub's proxy, as
JupyterLab does), then answers the lesson's quiz through its widgets, so each
answer is saved in the student's home and sent to the results service. Then it
checks every answer reached the service and stops everything it started.

Prints: time from the first login to all lessons executed, p50/p95 of lesson
execution and of answer submission (one Check: save + send), peak memory (RSS)
per student server (server + kernel) and in total (hub, proxy, service, servers,
kernels), answers lost. Bounded: at most 60 students, a deadline for the whole
run (--timeout), loopback only. The report is also written as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import json
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

import psutil

from parisbaku.data import project_root
from parisbaku.hub import client, remote
from parisbaku.hub.local import LocalHub

MAX_STUDENTS = 60
MB = 1024 * 1024


class MemoryWatch(threading.Thread):
    """Samples the RSS and CPU time of the hub's process tree every second; keeps the peaks.
    What a process is (its role, its student) is read once per process, so the watch
    itself costs little of the CPU it measures."""

    def __init__(self, hub: LocalHub):
        super().__init__(daemon=True)
        self.hub = hub
        self.stop_event = threading.Event()
        self.peak_total = 0
        self.peak_user: dict[str, int] = {}  # student -> peak RSS of server + kernels
        self.cpu_user: dict[str, float] = {}  # student -> CPU seconds of server + kernels
        self.cpu_pid: dict[int, float] = {}  # pid -> CPU seconds at the last sample
        self.who: dict[int, tuple[str, str | None]] = {}  # pid -> (role, student or None)

    def _identify(self, proc: psutil.Process) -> tuple[str, str | None]:
        if proc.pid not in self.who:
            role = _role(proc)
            user = proc.environ().get("JUPYTERHUB_USER") if role in ("servers", "kernels") \
                else None
            if role == "other" and not proc.cmdline():
                return role, user  # not exec'd yet: ask again at the next sample
            self.who[proc.pid] = (role, user)
        return self.who[proc.pid]

    def run(self) -> None:
        while not self.stop_event.wait(1.0):
            total = 0
            rss_user: dict[str, int] = {}
            cpu_user: dict[str, float] = {}
            for proc in self.hub.processes():
                try:
                    with proc.oneshot():
                        rss = proc.memory_info().rss
                        cpu = sum(proc.cpu_times()[:2])
                    _, user = self._identify(proc)
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
                total += rss
                self.cpu_pid[proc.pid] = cpu
                if user:
                    rss_user[user] = rss_user.get(user, 0) + rss
                    cpu_user[user] = cpu_user.get(user, 0.0) + cpu
            self.peak_total = max(self.peak_total, total)
            for user, rss in rss_user.items():
                self.peak_user[user] = max(self.peak_user.get(user, 0), rss)
                self.cpu_user[user] = max(self.cpu_user.get(user, 0.0), cpu_user[user])


def _role(proc: psutil.Process) -> str:
    """What a process of the hub's tree is, for the CPU table."""
    line = " ".join(proc.cmdline())
    # JupyterLab asks yarn (node) for its registry at each server start: the server's cost
    for key, role in (("ipykernel", "kernels"), ("singleuser", "servers"), ("yarn.js", "servers"),
                      ("configurable-http-proxy", "proxy"), ("parisbaku.hub.service", "service"),
                      ("jupyterhub", "hub")):
        if key in line:
            return role
    return "other"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def one_student(hub: LocalHub, name: str, cells: list[str], quiz: str,
                      record: dict) -> None:
    record["login"] = time.monotonic()
    token = await asyncio.to_thread(hub.user_token, name, "bench")
    await asyncio.to_thread(hub.start_servers, {name: token}, 300)
    record["ready"] = time.monotonic()
    async with remote.Kernel(hub.url, name, token, path="parisbaku/notebooks") as kernel:
        start = time.monotonic()
        for cell in cells:
            await kernel.execute(cell, timeout=300)
        record["executed"] = time.monotonic()
        record["lesson_s"] = record["executed"] - start
        answered = json.loads(await kernel.execute(remote.answer_quiz_code(quiz)))
    record["answer_s"] = answered["times"]
    record["answered_the_lessons_quiz"] = answered["on_the_page"]
    record["file"] = answered["path"]


def count_lost(hub: LocalHub, records: dict[str, dict], quiz: str) -> tuple[int, int]:
    """(answers given, answers the service does not hold), from each student's own file."""
    given = lost = 0
    url = f"{hub.url}/services/parisbaku-results/"
    for name, record in records.items():
        if "file" not in record:
            continue
        own = json.loads(Path(record["file"]).read_text())["quizzes"][quiz]["events"]
        held = client.fetch(name, url=url, token=hub.server_token(name))["quizzes"][quiz]
        held_ids = {e.get("id") for e in held["events"]}
        given += len(own)
        lost += sum(1 for e in own if e.get("id") not in held_ids or e.get("unsent"))
    return given, lost


async def run(hub: LocalHub, students: list[str], cells: list[str], quiz: str,
              timeout: float) -> dict[str, dict]:
    records: dict[str, dict] = {name: {} for name in students}
    # every student's login and spawn wait in a thread of their own (the default pool has 6)
    asyncio.get_running_loop().set_default_executor(
        concurrent.futures.ThreadPoolExecutor(max_workers=len(students) + 4))
    tasks = [asyncio.create_task(one_student(hub, n, cells, quiz, records[n]))
             for n in students]
    done, pending = await asyncio.wait(tasks, timeout=timeout)
    for task in pending:
        task.cancel()
    for name, task in zip(students, tasks, strict=True):
        if task in done and task.exception():
            records[name]["error"] = repr(task.exception())
        elif task in pending:
            records[name]["error"] = f"not finished within {timeout:.0f} s"
    return records


def _cpu_by_role(watch: MemoryWatch) -> dict[str, float]:
    """CPU seconds of each kind of process (last sample of each), and of this driver."""
    roles: dict[str, float] = {}
    for pid, cpu in watch.cpu_pid.items():
        role = watch.who.get(pid, ("other", None))[0]
        roles[role] = roles.get(role, 0.0) + cpu
    me = psutil.Process()
    roles["bench driver"] = sum(me.cpu_times()[:2])
    return {role: round(cpu, 1) for role, cpu in sorted(roles.items())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--lesson", default="02_karabakh_1988_2023")
    parser.add_argument("--timeout", type=float, default=600, help="deadline for the run (s)")
    parser.add_argument("--report", default=None,
                        help="JSON report (default: report.json in the state folder)")
    parser.add_argument("--state", default=None,
                        help="the hub's folder, emptied first (default build/hub-bench)")
    args = parser.parse_args(argv)
    if not 1 <= args.students <= MAX_STUDENTS:
        parser.error(f"--students must be 1 to {MAX_STUDENTS}")
    root = project_root()
    cells = remote.code_cells(root / "notebooks" / f"{args.lesson}.ipynb")
    students = [f"bench{n:02d}" for n in range(1, args.students + 1)]
    state = Path(args.state) if args.state else root / "build" / "hub-bench"
    hub = LocalHub(state, students, admin_token=uuid.uuid4().hex, fresh=True)
    print(f"Starting the hub with {len(students)} students on 127.0.0.1 ...", flush=True)
    hub.start()
    watch = MemoryWatch(hub)
    watch.start()
    try:
        records = asyncio.run(run(hub, students, cells, args.lesson, args.timeout))
        given, lost = count_lost(hub, records, args.lesson)
    finally:
        watch.stop_event.set()
        watch.join()
        killed = hub.stop()
    failed = {n: r["error"] for n, r in records.items() if "error" in r}
    ok = [r for r in records.values() if "executed" in r]
    first_login = min(r["login"] for r in records.values() if "login" in r)
    lessons = [r["lesson_s"] for r in ok]
    answers = [t for r in ok for t in r.get("answer_s", [])]
    per_user = sorted(watch.peak_user.values())
    report = {
        "students": len(students), "lesson": args.lesson, "cells": len(cells),
        "executed": len(ok), "failed": failed,
        "first_login_to_all_executed_s": round(max(r["executed"] for r in ok) - first_login, 1)
        if len(ok) == len(students) else None,
        "first_login_to_all_ready_s": round(max(r["ready"] for r in ok) - first_login, 1)
        if ok else None,
        "lesson_execution_s": {"p50": round(_percentile(lessons, 0.5), 2),
                               "p95": round(_percentile(lessons, 0.95), 2)} if lessons else None,
        "answer_submission_ms": {"p50": round(1000 * _percentile(answers, 0.5), 1),
                                 "p95": round(1000 * _percentile(answers, 0.95), 1),
                                 "count": len(answers)} if answers else None,
        "peak_rss_per_student_server_mb": {"max": round(per_user[-1] / MB),
                                           "median": round(statistics.median(per_user) / MB)}
        if per_user else None,
        "peak_rss_total_mb": round(watch.peak_total / MB),
        "cpu_s_per_student_median": round(statistics.median(watch.cpu_user.values()), 1)
        if watch.cpu_user else None,
        "cpu_s_by_role": _cpu_by_role(watch),
        "answers_given": given, "answers_lost": lost,
        # answered in the quiz the lesson's own cell showed, as a student does
        "quizzes_answered_on_the_page": sum(bool(r.get("answered_the_lessons_quiz")) for r in ok),
        "processes_killed_at_stop": len(killed),
        "cpus": psutil.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 1024**3),
    }
    target = Path(args.report) if args.report else state / "report.json"
    target.write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps(report, indent=1))
    print(f"Report: {target}")
    return 0 if not failed and lost == 0 and not killed else 1


if __name__ == "__main__":
    sys.exit(main())
