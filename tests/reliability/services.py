"""Real parts to break on purpose: a throwaway Neo4j and Redis started by the project's own scripts,
and Celery workers as real subprocesses (prefork pool) that can be killed with SIGKILL."""

import os
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
CELERY = ROOT / ".venv" / "bin" / "celery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check: Callable[[], object], *, timeout: float, what: str, every: float = 0.25):
    """Poll until `check()` is truthy and return its value; fail naming what never happened."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"not within {timeout:.0f}s: {what}")


@dataclass(frozen=True)
class Service:
    """One throwaway instance of scripts/<script>.sh: its URL and start/stop."""

    script: str
    url: str
    env: dict[str, str]

    def ctl(self, action: str) -> None:
        script = [str(ROOT / "scripts" / self.script), action]
        out = subprocess.run(script, env=self.env, capture_output=True, text=True, timeout=300, check=False)
        assert out.returncode == 0, f"{self.script} {action}: {out.stdout}{out.stderr}"

    def kill(self) -> None:
        """SIGKILL the server: what it held in memory only (messages since its last snapshot) is gone."""
        pid_file = Path(self.env["REDIS_DATA_DIR"]) / "redis.pid"
        os.kill(int(pid_file.read_text()), signal.SIGKILL)
        wait_until(lambda: self.ctl_status() != 0, timeout=30, what="the killed server to be gone")

    def ctl_status(self) -> int:
        script = [str(ROOT / "scripts" / self.script), "status"]
        return subprocess.run(script, env=self.env, capture_output=True, timeout=60, check=False).returncode

    @contextmanager
    def frozen(self) -> Iterator[None]:
        """The server alive but not answering (SIGSTOP): connections are accepted by the kernel and
        then nothing comes back, the way a hung broker or a full network path looks. SIGCONT after."""
        pid = int((Path(self.env["REDIS_DATA_DIR"]) / "redis.pid").read_text())
        os.kill(pid, signal.SIGSTOP)
        try:
            yield
        finally:
            os.kill(pid, signal.SIGCONT)


@contextmanager
def throwaway_neo4j() -> Iterator[Service]:
    port, password = free_port(), f"reliability-{uuid.uuid4().hex[:12]}"
    with tempfile.TemporaryDirectory(dir=ROOT / "var", prefix="reliability-neo4j-") as data:
        env = dict(
            os.environ, NEO4J_DATA_DIR=data, NEO4J_BOLT_PORT=str(port), NEO4J_PASSWORD=password, NEO4J_HEAP="512m"
        )
        service = Service("neo4j.sh", f"bolt://127.0.0.1:{port}", env)
        service.ctl("start")
        try:
            yield service
        finally:
            service.ctl("stop")


@contextmanager
def throwaway_redis() -> Iterator[Service]:
    port = free_port()
    with tempfile.TemporaryDirectory(dir=ROOT / "var", prefix="reliability-redis-") as data:
        env = dict(os.environ, REDIS_DATA_DIR=data, REDIS_PORT=str(port))
        service = Service("broker.sh", f"redis://127.0.0.1:{port}/0", env)
        service.ctl("start")
        try:
            yield service
        finally:
            service.ctl("stop")


def worker_env(**overrides: str) -> dict[str, str]:
    """What a worker process needs to share this test's database (the test DB file), graph and broker."""
    database = connection.settings_dict["NAME"]
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{database}",
        NEO4J_URI=settings.NEO4J_URI,
        NEO4J_PASSWORD=settings.NEO4J_PASSWORD,
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        DJANGO_SETTINGS_MODULE="config.settings",
        PYTHONUNBUFFERED="1",
    )
    env.update(overrides)
    return env


class Worker:
    """`celery -A config worker --pool prefork` in its own process group, its log in a file."""

    def __init__(
        self, *, env: dict[str, str], log: Path, concurrency: int = 1, queues: tuple[str, ...] = (), name: str = ""
    ) -> None:
        self.log = log
        self.name = name or f"reliability-{uuid.uuid4().hex[:8]}@%h"
        command = [str(CELERY), "-A", "config", "worker", "--pool", "prefork", "--concurrency", str(concurrency)]
        command += ["-l", "info", "-n", self.name, "--without-gossip", "--without-mingle", "--without-heartbeat"]
        if queues:  # as scripts/run.sh and docker-compose.yml start them
            command += ["-Q", ",".join(queues)]
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_ready(self, timeout: float = 300) -> None:
        wait_until(lambda: " ready." in self.text() or self.process.poll() is not None, timeout=timeout, what="worker")
        assert self.process.poll() is None, self.text()[-3000:]

    def children(self) -> list[int]:
        out = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True, check=False)
        return [int(pid) for pid in out.stdout.split()]

    def kill_child(self) -> int:
        """SIGKILL the pool process running the job; the main process stays and sees it lost."""
        child = self.children()[0]
        os.kill(child, signal.SIGKILL)
        return child

    def kill(self) -> None:
        """SIGKILL the whole worker, main process and pool alike: nothing acks, nothing cleans up."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=60)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=60)


@contextmanager
def running_worker(
    *, env: dict[str, str], log: Path, concurrency: int = 1, queues: tuple[str, ...] = (), name: str = ""
) -> Iterator[Worker]:
    worker = Worker(env=env, log=log, concurrency=concurrency, queues=queues, name=name)
    try:
        worker.wait_ready()
        yield worker
    finally:
        worker.stop()


@contextmanager
def running_gunicorn(*, env: dict[str, str], log: Path, workers: int = 2) -> Iterator[str]:
    """gunicorn serving config.wsgi on a free loopback port; yields its base URL once /healthz answers."""
    port = free_port()
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--access-logfile", "/dev/null", "--error-logfile", "-"]
    with log.open("ab") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    base_url = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
                sock.sendall(b"GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                return sock.recv(16).startswith(b"HTTP/1.")
        except OSError:
            return process.poll() is not None

    try:
        wait_until(answers, timeout=300, what="gunicorn to answer")
        assert process.poll() is None, log.read_text(errors="replace")[-3000:]
        yield base_url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=60)
