"""Serve the app with gunicorn (2 workers) and load it with wrk, or a bounded Python client."""
from __future__ import annotations

import base64
import http.client
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRK = shutil.which("wrk") or ("/usr/bin/wrk" if Path("/usr/bin/wrk").exists() else None)


def production_env(database_url: str, instance: str | Path, **more: str) -> dict[str, str]:
    """What a production Palabre needs to start on 127.0.0.1, with secrets of its own for this run."""
    return {"DATABASE_URL": database_url, "PALABRE_ENV": "production", "SECRET_KEY": secrets.token_hex(16),
            "PALABRE_TOTP_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),  # a Fernet key
            "PALABRE_TRUSTED_HOSTS": "127.0.0.1, localhost",  # production refuses to start without it
            "PALABRE_INSTANCE": str(instance), "PALABRE_SECURE_COOKIES": "false", **more}


@dataclass
class Load:
    """What a load test measured."""

    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    tool: str


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(env: dict[str, str], workers: int = 2, timeout: float = 30.0, *, threads: int = 1,
             app_module: str = "wsgi:app", log: Path | None = None, on_start=None):
    """A gunicorn serving `app_module` on a free local port; yields its base URL, stops it after.

    `log`: a file for gunicorn's own log (warnings, tracebacks); `on_start(process)` is called
    with the arbiter's Popen once it answers (tests use its pid).
    """
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-w", str(workers), "--threads", str(threads),
               "-b", f"127.0.0.1:{port}", "--log-level", "warning", app_module]
    output = open(log, "ab") if log else None  # noqa: SIM115  (closed below)
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=output, stderr=output)
    try:
        wait_until_up(port, process, timeout)
        if on_start:
            on_start(process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        if output:
            output.close()


def wait_until_up(port: int, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited at start-up")
        try:
            if get(port, "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer within {timeout} s")


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def measure(url: str, seconds: int, connections: int = 16, headers: dict | None = None) -> Load:
    """Requests per second and latencies of GET `url` for `seconds` seconds (`headers`: a
    logged-in reader's cookie)."""
    return (wrk(url, seconds, connections, headers) if WRK
            else python_client(url, seconds, connections, headers))


def wrk(url: str, seconds: int, connections: int, headers: dict | None = None) -> Load:
    # A slow page must not time out (wrk's default is 2 s): it would count nothing.
    command = [WRK, "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s", "--latency", url]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 90, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    if not rate:
        raise RuntimeError(f"wrk measured nothing:\n{output}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    failed = int(errors.group(1)) if errors else 0
    return Load(rate, _wrk_ms(output, "50%"), _wrk_ms(output, "99%"), failed, "wrk")


def _wrk_ms(output: str, percentile: str) -> float:
    value, unit = re.search(rf"^\s+{percentile}\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def python_client(url: str, seconds: int, connections: int, headers: dict | None = None) -> Load:
    """A fallback for machines without wrk: `connections` threads, each one request at a time."""
    port, path = int(url.split(":")[2].split("/")[0]), "/" + url.split("/", 3)[3]
    latencies: list[float] = []
    errors: list[int] = []
    deadline = time.monotonic() + seconds

    def worker() -> None:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            status = get(port, path, headers)[0]
            latencies.append(time.perf_counter() - started)
            if status != 200:
                errors.append(status)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 15)
    cuts = statistics.quantiles(latencies, n=100)
    return Load(len(latencies) / seconds, cuts[49] * 1000, cuts[98] * 1000, len(errors), "python client")


def settle(base: str, workers: int) -> None:
    """Wait until every worker has finished what the last load left queued (one /healthz each)."""
    port = int(base.rsplit(":", 1)[1])
    threads = [threading.Thread(target=get, args=(port, "/healthz")) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def mixed(base: str, paths: list[str], requests: int, seconds: float,
          connections: int = 4) -> tuple[int, int]:
    """`requests` GETs spread in turn over `paths`, or fewer if `seconds` run out first;
    (requests answered, non-200 answers)."""
    port = int(base.rsplit(":", 1)[1])
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    counters = {"next": 0, "errors": 0}

    def worker() -> None:
        while True:
            with lock:
                n = counters["next"]
                if n >= requests or time.monotonic() > deadline:
                    return
                counters["next"] = n + 1
            if get(port, paths[n % len(paths)])[0] != 200:
                with lock:
                    counters["errors"] += 1

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counters["next"], counters["errors"]
