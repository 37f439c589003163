"""The server side of ``manage.py bench --load``: a throw-away PostgreSQL database and gunicorn.

``Database`` creates, analyzes, counts and drops a database whose name ends in ``_load``;
``gunicorn()`` starts 2 workers on a free 127.0.0.1 port with the environment of
``server_environment()`` and stops them whatever happens.
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
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from ecoreport.env import environment_without_settings

REDIS_URL = "redis://127.0.0.1:6379/13"
WORKERS = 2
REQUEST_TIMEOUT = 120  # seconds one request may take before it counts as an error


@dataclass(frozen=True)
class Database:
    url: str
    name: str
    connect: dict  # psycopg2.connect() keywords, without dbname

    @classmethod
    def from_url(cls, url: str) -> Database:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in {"postgres", "postgresql"}:
            raise ValueError(f"the load test runs on PostgreSQL: {url!r} is not a postgres:// URL")
        name = urllib.parse.unquote(parts.path.lstrip("/"))
        # The database is dropped at the end: a name that says so keeps a typo from dropping real data.
        if not re.fullmatch(r"[a-z0-9_]+_load", name):
            raise ValueError(f"the load database is dropped at the end: its name must end in _load, not {name!r}")
        connect = {
            "user": urllib.parse.unquote(parts.username or ""),
            "password": urllib.parse.unquote(parts.password or ""),
            "host": parts.hostname or "",
            "port": parts.port or 5432,
        }
        return cls(url=url, name=name, connect=connect)

    def admin_connection(self):
        import psycopg2

        connection = psycopg2.connect(dbname="postgres", **self.connect)
        connection.autocommit = True
        return connection

    def connection(self):
        import psycopg2

        return psycopg2.connect(dbname=self.name, **self.connect)

    def create(self) -> None:
        from psycopg2 import sql

        connection = self.admin_connection()
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name)))
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))
        finally:
            connection.close()

    def drop(self) -> None:
        from psycopg2 import sql

        connection = self.admin_connection()
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name)))
        finally:
            connection.close()

    def analyze(self) -> None:
        connection = self.connection()
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        finally:
            connection.close()

    def row_counts(self) -> dict[str, int]:
        """Rows per table of the public schema (every model's table, history and sessions included)."""
        from psycopg2 import sql

        connection = self.connection()
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
                tables = [row[0] for row in cursor.fetchall()]
                counts = {}
                for table in tables:
                    cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
                    counts[table] = cursor.fetchone()[0]
            return counts
        finally:
            connection.close()


def redis_answers(url: str = REDIS_URL) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping())
    except Exception:  # refused, timeout, no module: run without Redis
        return False


def server_environment(database_url: str, redis_url: str | None) -> dict[str, str]:
    env = environment_without_settings()
    env.update(
        DJANGO_SETTINGS_MODULE="ecoreport.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        CONN_MAX_AGE="60",  # the production default: a connection serves many requests
        LOG_LEVEL="WARNING",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def manage(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    logs: Path
    workers: set[int] = field(default_factory=set)

    def processes(self) -> set[int]:
        """The master and its workers, to show later that none was restarted."""
        return {self.process.pid, *_children(self.process.pid)}

    def cpu_seconds(self) -> float:
        """CPU time the master and workers have used so far (user + system)."""
        total = 0
        for pid in self.processes():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15 of proc(5)
        return total / os.sysconf("SC_CLK_TCK")

    def wait_until_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.error_log()}")
            if len(_children(self.process.pid)) == WORKERS:
                try:
                    connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                    connection.request("GET", "/healthz")
                    if connection.getresponse().status == 200:
                        self.workers = _children(self.process.pid)
                        return
                except OSError:
                    pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer /healthz within {timeout:.0f} s:\n{self.error_log()}")

    def error_log(self) -> str:
        path = self.logs / "error.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # pid (comm) state ppid ...: comm may hold spaces, so split after its closing parenthesis.
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


@contextmanager
def gunicorn(env: dict[str, str], threads: int, logs: Path) -> Iterator[Server]:
    """gunicorn on a free loopback port (bound here and passed down, so no other program can take it)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    listener.set_inheritable(True)
    port = listener.getsockname()[1]
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "ecoreport.wsgi",
            f"--bind=fd://{listener.fileno()}",
            f"--workers={WORKERS}",
            f"--threads={threads}",
            f"--timeout={REQUEST_TIMEOUT}",
            "--graceful-timeout=5",
            "--no-control-socket",
            f"--error-logfile={logs / 'error.log'}",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        pass_fds=(listener.fileno(),),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    listener.close()
    server = Server(process, port, logs)
    try:
        server.wait_until_ready()
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # its own session: only gunicorn and its workers
            process.wait(timeout=10)
