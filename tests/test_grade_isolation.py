"""Each rung of the isolation ladder, forced, with a submission that probes what it can see, write and reach:
a listener on 127.0.0.1, the grader's command lines, the submissions folder, the held-out file."""
import json
import os
import shutil
import socket
import threading

import pytest
from test_grade import FIXTURES, run_grader

from scaling_course.instructor import sandbox

PORT = 47613
HELD_OUT = "def toy_forward(call):\n    import numpy as np\n    assert call(np.eye(2), np.zeros(2), np.ones((1, 2))).shape == (1, 2)\n"


@pytest.fixture(scope="module")
def listener():
    for port in range(PORT, PORT + 10):  # the probe tries these ten
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            server.bind(("127.0.0.1", port))
            break
        except OSError:
            server.close()
    else:
        pytest.skip("ports 47613-47622 are all taken")
    server.listen()
    reached = []

    def serve():
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            reached.append(True)
            connection.close()

    threading.Thread(target=serve, daemon=True).start()
    yield reached
    server.close()


def probe(tmp_path, rung, via_environment=False):
    submissions, keep, secret = tmp_path / "submissions", tmp_path / "kept", tmp_path / "secret_cases.py"
    submissions.mkdir()
    shutil.copy(FIXTURES / "probe" / "probe.ipynb", submissions / "probe.ipynb")
    secret.write_text(HELD_OUT)
    options = ["--held-out", str(secret), "--keep-folders", str(keep), "--cell-timeout", "20"]
    done, rows, _ = run_grader(submissions, "03", tmp_path / "runs", *options, *([] if via_environment else
                               ["--isolation", rung]), env={"SCALING_GRADE_ISOLATION": rung} if via_environment else None)
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads((keep / "probe" / "probe.json").read_text())
    print(rung, json.dumps(found, indent=1))  # the report quotes these (pytest -s)
    escaped = [what for what in found["wrote"] if str(tmp_path) in what]  # the submissions folder
    return rows[0], found, escaped


def available(rung):
    return sandbox.works(rung, "/tmp")


@pytest.mark.skipif(not available("bwrap"), reason="bubblewrap is not installed or cannot make namespaces here")
def test_bubblewrap_sees_no_network_no_processes_no_submissions_and_no_held_out(tmp_path, listener):
    row, found, escaped = probe(tmp_path, "bwrap")
    assert row["isolation"] == "bwrap" and row["total"] == "10"
    assert found["network"].startswith("blocked") and not listener
    assert found["processes seen"] <= 3 and found["command lines naming the held-out file"] == []
    assert found["held-out files found"] == [] and not found["sees the repository"]
    assert escaped == [] and found["uid"] == 65534
    assert all(what == "the parent folder" or found["cwd"] in what for what in found["wrote"])  # a private tmpfs


@pytest.mark.skipif(os.geteuid() != 0, reason="the user rung needs root")
def test_own_uid_cannot_write_the_submissions_or_read_the_held_out_or_reach_the_network(tmp_path, listener):
    row, found, escaped = probe(tmp_path, "user", via_environment=True)
    assert row["isolation"] == "user" and row["total"] == "10"
    assert found["uid"] >= sandbox.FIRST_UID and found["network"].startswith("blocked") and not listener
    assert found["held-out files read"] == [] and escaped == []


def test_limits_only_still_grades_and_says_so(tmp_path, listener):
    row, found, escaped = probe(tmp_path, "limits")
    assert row["isolation"] == "limits" and row["total"] == "10"
    assert escaped or os.geteuid() != 0  # what the bottom rung does not stop: the README says so


def test_a_forced_rung_that_does_not_work_is_refused_in_one_sentence(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "bwrap_binary", lambda: None)
    with pytest.raises(SystemExit, match="does not work on this machine"):
        sandbox.choose("bwrap", tmp_path)
