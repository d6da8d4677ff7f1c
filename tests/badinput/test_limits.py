"""Size limits with a real 50 MB payload, never read into memory, and a malformed arXiv id at the door.

The corpus runs under a small limit; these use the default one (INGEST_MAX_BYTES, 5 MB) and prove
the refusal comes before the bytes are read: the sender is still holding most of them when it does.
"""

import json
import socket
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from ingest.models import Submission
from tests.reliability.graph import fingerprint
from tests.security.people import curator_user  # noqa: F401 - fixture

FIFTY_MB = 50 * 1024 * 1024
CHUNK = 64 * 1024


@pytest.fixture(autouse=True)
def default_limit(settings):
    """Undo the corpus's small limit: these run under the shipped default."""
    settings.INGEST_MAX_BYTES = 5 * 1024 * 1024
    settings.API_MAX_BODY_BYTES = 2 * settings.INGEST_MAX_BYTES + 64 * 1024


def test_cli_refuses_a_50_mb_file_by_its_size(graph, tmp_path):
    big = tmp_path / "huge.txt"
    with big.open("wb") as f:
        f.truncate(FIFTY_MB)  # sparse: the size is real, the disk is spared
    before = fingerprint()
    with pytest.raises(CommandError) as refused:
        call_command("ingest", str(big))
    message = str(refused.value)
    assert f"input_too_large: The file is {FIFTY_MB} bytes; the limit is {settings.INGEST_MAX_BYTES} bytes" in message
    assert fingerprint() == before


def test_cli_stops_reading_stdin_past_the_limit(graph):
    """50 MB piped in: the command reads the limit plus one byte, says why, and exits; the pipe
    breaks while the sender still holds most of the 50 MB."""
    before = fingerprint()
    command = [sys.executable, "manage.py", "ingest", "-"]
    proc = subprocess.Popen(
        command, cwd=settings.BASE_DIR, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    sent = 0
    line = b"GPT-3 was developed by OpenAI. " * (CHUNK // 31)
    try:
        while sent < FIFTY_MB:
            proc.stdin.write(line)
            sent += len(line)
        proc.stdin.close()
    except BrokenPipeError:
        pass
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 1
    assert b"stdin: input_too_large: stdin has more than" in err, err[-500:]
    assert sent < FIFTY_MB / 2, sent
    assert fingerprint() == before


def _raw_post(*, host: str, port: int, token: str | None, content_type: str) -> bytes:
    """Announce 50 MB, send 64 KB of it, and read what the server answers."""
    head = [
        "POST /api/v1/documents HTTP/1.1",
        f"Host: {host}:{port}",
        f"Content-Type: {content_type}",
        f"Content-Length: {FIFTY_MB}",
        "Connection: close",
    ]
    if token:
        head.append(f"Authorization: Token {token}")
    with socket.create_connection((host, port), timeout=120) as sock:
        sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + b'{"text": "' + b"x" * CHUNK)
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            piece = sock.recv(65536)
            if not piece:
                break
            answer += piece
    return answer


@pytest.mark.parametrize("content_type", ["application/json", "multipart/form-data; boundary=x"])
def test_api_answers_413_to_50_mb_having_read_almost_none_of_it(live_server, curator_user, content_type):  # noqa: F811
    token = Token.objects.get_or_create(user=curator_user)[0].key
    host, port = live_server.thread.host, live_server.thread.port
    answer = _raw_post(host=host, port=port, token=token, content_type=content_type)
    status_line, _, rest = answer.partition(b"\r\n")
    assert status_line.startswith(b"HTTP/1.1 413"), answer[:300]
    error = json.loads(rest.partition(b"\r\n\r\n")[2])["error"]
    assert error["code"] == "input_too_large" and (
        "too large" in error["message"] or "the limit is" in error["message"]
    )
    assert Submission.objects.count() == 0


def test_anonymous_50_mb_is_refused_before_the_body_too(live_server, db):
    answer = _raw_post(
        host=live_server.thread.host, port=live_server.thread.port, token=None, content_type="application/json"
    )
    assert answer.startswith(b"HTTP/1.1 401"), answer[:300]


@pytest.mark.parametrize("arxiv_id", ["arXiv:12.34", "2005.1416X", "https://evil.example/abs/2005.14165", "<script>"])
def test_malformed_arxiv_id_is_a_clear_400_and_nothing_is_saved(curator_api, arxiv_id):
    response = curator_api.post(
        "/api/v1/documents", {"text": "GPT-3 was developed by OpenAI.", "arxiv_id": arxiv_id}, format="json"
    )
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] in {"invalid_parameter", "invalid_arxiv_id"} and "arxiv_id" in json.dumps(error["detail"])
    assert Submission.objects.count() == 0
