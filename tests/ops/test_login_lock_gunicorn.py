"""The login lock holds across gunicorn workers when they share Redis (REDIS_URL).

Five failed logins for one user from one address lock that pair out; the counts live in Django's
cache. With several worker processes only a shared cache makes the fifth failure count the four
before it, whichever worker saw them. This starts a real gunicorn (two sync workers, a throwaway
SQLite file database) and makes the attempts alternate between the workers deterministically:
while one worker must answer, the other is paused with SIGSTOP, and a paused worker cannot accept
a connection, so the next one goes to the running worker. The access log names the process that
answered each request, and the test checks it.

A control run without REDIS_URL (a local-memory cache in each process) shows that the same
sequence does not lock there: the harness really spreads the attempts over two processes.

Needs Redis (REDIS_URL below, override with ECOREPORT_TEST_REDIS_URL): skipped when it does not
answer, except under CI=true, where that fails. Keys are per user name, and every run makes new
users, so the lock keys it leaves expire by themselves within 15 minutes.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

from ecoreport.env import environment_without_settings

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("ECOREPORT_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
PASSWORD = "Lock-test-password-2022"
LOCKED_TEXT = "登录失败次数过多"  # the throttle's message, shown with status 429
DEADLINE_SECONDS = 180  # the whole gunicorn run, start to stop
REQUEST_TIMEOUT = 60  # one request: a password check takes about a second on a busy machine


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def _base_env(database: Path) -> dict[str, str]:
    env = environment_without_settings()
    env.update(
        DJANGO_SETTINGS_MODULE="ecoreport.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{database}",
        LOG_LEVEL="WARNING",
    )
    return env


def _run(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, f"manage.py {args[0]} failed:\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> tuple[Path, list[str]]:
    """A migrated SQLite file with two fresh users (one per test); made in subprocesses."""
    path = tmp_path_factory.mktemp("gunicorn-db") / "db.sqlite3"
    env = _base_env(path)
    _run(["migrate", "--noinput"], env)
    names = [f"lock-{secrets.token_hex(4)}" for _ in range(2)]
    create = "from django.contrib.auth import get_user_model\n" + "".join(
        f"get_user_model().objects.create_user({name!r}, password={PASSWORD!r})\n" for name in names
    )
    _run(["shell", "--no-imports", "-c", create], env)
    return path, names


@pytest.fixture(scope="module")
def redis_url() -> str:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
    except Exception as exc:  # any failure to answer: refused, timeout, wrong password
        reason = f"Redis does not answer at {REDIS_URL} ({exc.__class__.__name__}: {exc}); start redis-server"
        if _in_ci():
            pytest.fail(f"{reason} (CI=true: .ci/run starts it)")
        pytest.skip(reason)
    return REDIS_URL


class Server:
    """A gunicorn with two sync workers on a free loopback port, and a way to pause either worker."""

    def __init__(self, process: subprocess.Popen, port: int, access_log: Path, deadline: float):
        self.process = process
        self.port = port
        self.access_log = access_log
        self.deadline = deadline
        self.workers: list[int] = []

    def remaining(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"the gunicorn test ran over {DEADLINE_SECONDS} s")
        return left

    def request(self, method: str, path: str, body: str | None = None, headers: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=min(REQUEST_TIMEOUT, self.remaining()))
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def wait_until_ready(self) -> None:
        while True:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited with {self.process.returncode}")
            children = _children(self.process.pid)
            if len(children) == 2:
                try:
                    if self.request("GET", "/healthz")[0] == 200:
                        self.workers = sorted(children)
                        return
                except OSError:
                    pass
            self.remaining()
            time.sleep(0.2)

    def only(self, worker: int) -> None:
        """Let ``worker`` run and pause every other worker; return once they are stopped."""
        os.kill(worker, signal.SIGCONT)
        for other in self.workers:
            if other != worker:
                os.kill(other, signal.SIGSTOP)
                while _state(other) not in {"T", "t"}:
                    self.remaining()
                    time.sleep(0.01)

    def resume_all(self) -> None:
        for worker in self.workers:
            try:
                os.kill(worker, signal.SIGCONT)
            except ProcessLookupError:
                pass

    def served_by(self) -> dict[int, int]:
        """Attempt number -> the process id that answered it (gunicorn's access log)."""
        text = self.access_log.read_text() if self.access_log.exists() else ""
        return {int(n): int(pid) for pid, n in re.findall(r"^<(\d+)> POST attempt=(\d+) ", text, flags=re.MULTILINE)}

    def wait_for_log(self, attempt: int) -> int:
        """Wait until the worker that answered ``attempt`` has logged it, so it is idle again."""
        while attempt not in (served := self.served_by()):
            self.remaining()
            time.sleep(0.01)
        return served[attempt]


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # pid (comm) state ppid ...: comm may hold spaces, so split after its closing parenthesis.
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


@contextmanager
def gunicorn(database: Path, tmp_path: Path, redis: str | None) -> Iterator[Server]:
    env = _base_env(database)
    if redis is not None:
        env["REDIS_URL"] = redis
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))  # a free port, already bound: no race with other programs
    listener.listen(64)
    listener.set_inheritable(True)
    port = listener.getsockname()[1]
    access_log = tmp_path / "access.log"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "ecoreport.wsgi",
            f"--bind=fd://{listener.fileno()}",
            "--workers=2",
            "--threads=1",
            "--timeout=120",
            "--graceful-timeout=5",
            "--no-control-socket",
            f"--access-logfile={access_log}",
            "--access-logformat=%(p)s %(m)s %(q)s %(s)s",
            f"--error-logfile={tmp_path / 'error.log'}",
        ],
        cwd=ROOT,
        env=env,
        pass_fds=(listener.fileno(),),
        start_new_session=True,
    )
    listener.close()
    server = Server(process, port, access_log, time.monotonic() + DEADLINE_SECONDS)
    try:
        server.wait_until_ready()
        yield server
    finally:
        server.resume_all()
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # its own session: only gunicorn and its workers
            process.wait(timeout=10)


def _csrf(server: Server) -> tuple[str, str]:
    """The csrftoken cookie and the form's token from the login page."""
    status, headers, body = server.request("GET", "/accounts/login/")
    assert status == 200, body[:500]
    cookie = SimpleCookie()
    for name, value in headers:
        if name.lower() == "set-cookie":
            cookie.load(value)
    form_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert "csrftoken" in cookie and form_token, "the login page sets no CSRF token"
    return cookie["csrftoken"].value, form_token.group(1)


def _attempts(server: Server, username: str) -> tuple[list[tuple[int, str]], list[int]]:
    """Five wrong passwords, then the right one, each sent while only the planned worker runs.

    Returns each answer (status, page) and the process that answered it, from the access log.
    """
    cookie, token = _csrf(server)
    first, second = server.workers
    plan = [(first, "wrong-1"), (first, "wrong-2"), (second, "wrong-3"), (second, "wrong-4")]
    plan += [(first, "wrong-5"), (second, PASSWORD)]
    results, served = [], []
    for attempt, (worker, password) in enumerate(plan, start=1):
        server.only(worker)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookie}"}
        status, _, text = server.request("POST", f"/accounts/login/?attempt={attempt}", body, headers)
        results.append((status, text))
        served.append(server.wait_for_log(attempt))
    server.resume_all()
    return results, served


def test_with_redis_the_fifth_failure_locks_across_two_workers(redis_url, database, tmp_path):
    path, (username, _) = database
    with gunicorn(path, tmp_path, redis_url) as server:
        results, served = _attempts(server, username)
        first, second = server.workers

    assert served == [first, first, second, second, first, second], "the attempts did not alternate workers"
    statuses = [status for status, _ in results]
    # Four failures are refused as wrong passwords; the fifth locks; the right password is then refused.
    assert statuses == [200, 200, 200, 200, 429, 429]
    assert "请输入一个正确的" in results[3][1] and LOCKED_TEXT not in results[3][1]
    assert LOCKED_TEXT in results[4][1]
    assert LOCKED_TEXT in results[5][1]


def test_control_without_redis_each_worker_counts_alone(database, tmp_path):
    """Why production needs REDIS_URL: per-process counts never reach five here."""
    path, (_, username) = database
    with gunicorn(path, tmp_path, redis=None) as server:
        results, served = _attempts(server, username)
        first, second = server.workers

    assert served == [first, first, second, second, first, second], "the attempts did not alternate workers"
    # The first worker saw three failures, the second two: no lock, and the right password logs in.
    assert [status for status, _ in results] == [200, 200, 200, 200, 200, 302]
