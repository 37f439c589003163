"""The client side of ``manage.py bench --load``: log in, then send concurrent GETs over loopback.

Each client thread holds one keep-alive ``http.client`` connection to 127.0.0.1 and records a
``Sample`` per request: when it was sent, how long the answer took and what it was.
"""

from __future__ import annotations

import http.client
import re
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from http.cookies import SimpleCookie

from django.urls import reverse

from ecoreport.bench.load_server import REQUEST_TIMEOUT


def log_in(port: int, username: str, password: str) -> str:
    """Log in through the login form; return the Cookie header of the session."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("GET", reverse("login"))
        response = connection.getresponse()
        page = response.read().decode("utf-8", "replace")
        cookies = SimpleCookie()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookies.load(value)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if response.status != 200 or token is None or "csrftoken" not in cookies:
            raise RuntimeError(f"the login page answered {response.status} without a CSRF token")
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password}
        )
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies['csrftoken'].value}",
        }
        connection.request("POST", reverse("login"), body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookies.load(value)
        if response.status != 302 or "sessionid" not in cookies:
            raise RuntimeError(f"logging in as {username} answered {response.status}, not a redirect with a session")
        return f"sessionid={cookies['sessionid'].value}; csrftoken={cookies['csrftoken'].value}"
    finally:
        connection.close()


@dataclass(frozen=True)
class Sample:
    started: float  # time.monotonic() when the request was sent
    seconds: float
    outcome: int | str  # the HTTP status, or the name of the exception when there was no answer
    title: str = ""  # the <title> of a page that is not a 200, to tell the 503 page from others


class Client:
    """One keep-alive connection; reconnects when the server closed it."""

    def __init__(self, port: int, cookie: str):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        self.headers = {"Cookie": cookie, "Connection": "keep-alive"}

    def get(self, path: str) -> Sample:
        started = time.monotonic()
        try:
            self.connection.request("GET", path, headers=self.headers)
            response = self.connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.connection.close()  # the next request opens a new connection
            return Sample(started, time.monotonic() - started, type(exc).__name__)
        seconds = time.monotonic() - started
        if response.status == 200:
            return Sample(started, seconds, 200)
        title = re.search(rb"<title>(.*?)</title>", body[:4096], flags=re.DOTALL)
        return Sample(
            started, seconds, response.status, title.group(1).decode("utf-8", "replace").strip() if title else ""
        )

    def close(self) -> None:
        self.connection.close()


def hammer(
    port: int,
    cookie: str,
    paths: list[str],
    *,
    clients: int,
    count: int | None,
    seconds: float,
    stop: threading.Event | None = None,
    warmup: int | None = None,
    on_start: Callable[[], None] | None = None,
) -> tuple[list[Sample], float]:
    """``clients`` threads send GETs (cycling through ``paths``) until ``count`` are sent, ``seconds``
    pass or ``stop`` is set.

    First ``warmup`` of the clients (default: all) send one request per path that is not counted,
    then every client starts on a new connection: a kept-alive one that idled while the others
    warmed up may have been closed by the server. Returns the samples and the wall time of the
    counted part. ``on_start`` is called once when the counted part starts.
    """
    lock = threading.Lock()
    samples: list[Sample] = []
    clock = {"sent": 0, "started": 0.0, "deadline": 0.0}

    def start() -> None:  # runs once, before any client is released
        if on_start is not None:
            on_start()
        clock["started"] = time.monotonic()
        clock["deadline"] = clock["started"] + seconds

    ready = threading.Barrier(clients + 1, action=start, timeout=10 * REQUEST_TIMEOUT)

    def take() -> bool:
        with lock:
            if count is not None and clock["sent"] >= count:
                return False
            if time.monotonic() >= clock["deadline"] or (stop is not None and stop.is_set()):
                return False
            clock["sent"] += 1
            return True

    def work(number: int) -> None:
        client = Client(port, cookie)
        try:
            if warmup is None or number < warmup:
                for path in paths:
                    client.get(path)
            client.close()
            ready.wait()
            turn = number
            while take():
                sample = client.get(paths[turn % len(paths)])
                turn += 1
                with lock:
                    samples.append(sample)
        except threading.BrokenBarrierError:
            pass
        except BaseException:
            ready.abort()  # the other clients and the caller stop waiting for this one
            raise
        finally:
            client.close()

    threads = [threading.Thread(target=work, args=(number,), daemon=True) for number in range(clients)]
    for thread in threads:
        thread.start()
    ready.wait()
    for thread in threads:
        thread.join()
    return samples, time.monotonic() - clock["started"]


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, -(-len(sorted_values) * fraction // 1))  # ceil
    return sorted_values[int(rank) - 1]


def count_outcomes(samples: list[Sample]) -> str:
    """``200: 12, 503 服务暂时不可用: 3``: how many answers of each kind (a failed page by its title)."""
    kinds = Counter(f"{sample.outcome} {sample.title}".strip() for sample in samples)
    return ", ".join(f"{kind}: {number}" for kind, number in sorted(kinds.items(), key=lambda item: -item[1]))
