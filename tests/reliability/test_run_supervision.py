"""`make run` supervises its workers: scripts/run.sh (its set-up skipped with KG_RUN_SKIP_SETUP=1,
pointed at this test's database, graph and broker) restarts a worker that was SIGKILLed mid-job,
says so naming its log, keeps serving, and the job the dead worker held finishes; Ctrl-C stops all."""

import os
import signal
import subprocess
from pathlib import Path

import requests

from ingest.models import Submission
from ingest.submissions import submission_create
from tests.reliability.services import ROOT, free_port, wait_until, worker_env
from tests.reliability.test_worker_and_broker import _finished, _running, assert_complete_once


def _kill_worker(main_pid: int) -> None:
    """SIGKILL a worker's main process and its pool processes: nothing acks, nothing cleans up."""
    out = subprocess.run(["pgrep", "-P", str(main_pid)], capture_output=True, text=True, check=False)
    for pid in [main_pid, *map(int, out.stdout.split())]:
        os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"


def test_run_restarts_a_dead_worker_and_its_job_finishes(
    graph, transactional_db, broker, worker_log, long_article, tmp_path
):
    port = free_port()
    env = worker_env(
        CELERY_BROKER_URL=broker.url,
        KG_RUN_SKIP_SETUP="1",
        KG_RUN_LOG_DIR=str(tmp_path),
        KG_WARM_AT_START="0",
        WEB_PORT=str(port),
    )
    output = worker_log.with_name(worker_log.stem + "-run.log")
    with output.open("wb") as out:
        run = subprocess.Popen(
            [str(ROOT / "scripts" / "run.sh")],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    said = lambda: output.read_text(errors="replace")  # noqa: E731
    supervised: list[int] = []
    try:
        wait_until(lambda: "Ready:" in said() or run.poll() is not None, timeout=600, what="make run to be ready")
        assert run.poll() is None, said()[-3000:]
        # Both workers started, and at start-up each looked for stranded jobs (ingest/recovery.py).
        wait_until(lambda: (tmp_path / "worker-small.log").exists(), timeout=60, what="the workers' logs")
        job = submission_create(content=long_article, title="held by a dying worker")
        running = wait_until(lambda: _running(job.pk), timeout=600, what="the job to start", every=0.05)
        name, pid = running.worker.partition("@")[0], int(running.worker.rpartition("/")[2].partition("-")[0])
        _kill_worker(pid)
        wait_until(lambda: f"Worker {name} (pid {pid}) died" in said(), timeout=60, what="run.sh to notice")
        assert f"restarting it (log: {tmp_path}/worker" in said()
        done = wait_until(lambda: _finished(job.pk), timeout=900, what="the dead worker's job to finish")
        assert done.attempts == 2
        assert_complete_once(done, long_article)
        assert requests.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code == 200  # still serving
        assert not _alive(pid)
        supervised = [
            int(p) for p in subprocess.run(["pgrep", "-P", str(run.pid)], capture_output=True, text=True).stdout.split()
        ]
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGINT)  # Ctrl-C: the terminal signals the whole process group
        run.wait(timeout=120)
    assert "Stopping" in said()
    assert not [p for p in supervised if _alive(p)], said()[-2000:]
    assert Submission.objects.get(pk=job.pk).state == Submission.State.DONE
