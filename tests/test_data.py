"""Tests for helpers.data: path resolution, the verified download (against a real local HTTP server), validation."""

import hashlib
import http.server
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from helpers.data import (
    DATA_DIR,
    ENV_VAR,
    NAMES_SHA256,
    DownloadError,
    download,
    load_words,
    names_path,
    read_words,
)

GOOD = b"emma\nolivia\nava\nisabella"
GOOD_SHA = hashlib.sha256(GOOD).hexdigest()
STALL = 3.0  # seconds the /stall route waits before it sends the body


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/error":
            self.send_error(500, "boom")
            return
        if self.path == "/stall":  # headers at once, then nothing for STALL seconds: a server that hangs
            self.send_response(200)
            self.send_header("Content-Length", str(len(GOOD)))
            self.end_headers()
            self.wfile.flush()
            time.sleep(STALL)
            self.wfile.write(GOOD)
            return
        body = {"/good": GOOD, "/corrupt": GOOD.replace(b"ava", b"eva"), "/truncated": GOOD}[self.path]
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.path == "/truncated":
            body = body[: len(body) // 2]  # promise every byte, send half, hang up
            self.close_connection = True
        self.wfile.write(body)

    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def closed_port_url():
    """A URL on 127.0.0.1 where nothing listens: connecting is refused, as with no network."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/names.txt"


@pytest.fixture
def no_env(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)


# --- download ---------------------------------------------------------------------------------------------


def test_download_good_bytes_appear_verified(server, tmp_path):
    dest = tmp_path / "sub" / "names.txt"
    assert download(f"{server}/good", dest, sha256=GOOD_SHA) == dest
    assert dest.read_bytes() == GOOD
    assert sorted(p.name for p in dest.parent.iterdir()) == ["names.txt"]  # no temporary file left


@pytest.mark.parametrize(
    ("path", "message"),
    [("/corrupt", "SHA-256 is"), ("/error", "HTTP 500"), ("/truncated", "interrupted: got 12 of 24 bytes")],
)
def test_download_failure_leaves_no_file(server, tmp_path, path, message):
    dest = tmp_path / "names.txt"
    with pytest.raises(DownloadError, match=message):
        download(f"{server}{path}", dest, sha256=GOOD_SHA)
    assert list(tmp_path.iterdir()) == []


def test_download_failure_keeps_an_existing_file(server, tmp_path):
    dest = tmp_path / "names.txt"
    dest.write_bytes(b"mine")
    with pytest.raises(DownloadError):
        download(f"{server}/corrupt", dest, sha256=GOOD_SHA)
    assert dest.read_bytes() == b"mine"
    assert list(tmp_path.iterdir()) == [dest]


def test_download_refused_connection(closed_port_url, tmp_path):
    with pytest.raises(DownloadError, match="failed after 0 bytes"):
        download(closed_port_url, tmp_path / "names.txt", sha256=GOOD_SHA)
    assert list(tmp_path.iterdir()) == []


def test_download_gives_up_on_a_stalled_server_after_its_timeout(server, tmp_path):
    start = time.monotonic()
    with pytest.raises(DownloadError, match="failed after 0 bytes"):
        download(f"{server}/stall", tmp_path / "names.txt", sha256=GOOD_SHA, timeout=0.5)
    assert time.monotonic() - start < STALL - 1  # gave up before the server sent anything
    assert list(tmp_path.iterdir()) == []


def test_download_writes_beside_its_target_so_the_rename_never_crosses_filesystems(server, tmp_path, monkeypatch):
    renamed = []

    def spy(src, dst):
        renamed.append((Path(src), Path(dst)))
        return real_replace(src, dst)

    real_replace = os.replace
    monkeypatch.setattr(os, "replace", spy)
    dest = tmp_path / "data" / "names.txt"
    download(f"{server}/good", dest, sha256=GOOD_SHA)
    assert [(src.parent, dst) for src, dst in renamed] == [(dest.parent, dest)]
    assert renamed[0][0].name.startswith(".names.txt.")  # hidden while it is written


# --- names_path: where the file comes from ----------------------------------------------------------------


def test_names_path_downloads_into_data_dir_when_missing(server, tmp_path, no_env):
    found = names_path(data_dir=tmp_path, url=f"{server}/good", sha256=GOOD_SHA)
    assert found == tmp_path / "names.txt"
    assert read_words(found) == ["emma", "olivia", "ava", "isabella"]


def test_names_path_no_file_no_network_says_how_to_fix(closed_port_url, tmp_path, no_env):
    with pytest.raises(DownloadError) as err:
        names_path(data_dir=tmp_path, url=closed_port_url, sha256=GOOD_SHA)
    message = str(err.value)
    assert ENV_VAR in message and closed_port_url in message and str(tmp_path / "names.txt") in message
    assert list(tmp_path.iterdir()) == []


def test_names_path_order_argument_then_env_then_data_dir(tmp_path, monkeypatch, closed_port_url):
    arg, env, local = (tmp_path / name for name in ("arg.txt", "env.txt", "names.txt"))
    for f in (arg, env, local):
        f.write_text("ava")
    monkeypatch.setenv(ENV_VAR, str(env))
    resolve = {"data_dir": tmp_path, "url": closed_port_url}
    assert names_path(arg, **resolve) == arg
    assert names_path(**resolve) == env
    monkeypatch.delenv(ENV_VAR)
    assert names_path(**resolve) == local


def test_names_path_env_var_to_missing_file(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "nope.txt"))
    with pytest.raises(FileNotFoundError, match=f"{ENV_VAR} names .*nope.txt, which is not a file"):
        names_path(data_dir=tmp_path)


def test_names_path_missing_argument(tmp_path):
    with pytest.raises(FileNotFoundError, match="the path argument names .*nope.txt"):
        names_path(tmp_path / "nope.txt")


def test_default_data_dir_is_the_projects_data_folder():
    assert Path(__file__).resolve().parents[1] / "data" == DATA_DIR


# --- read_words: validation -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["emma\nava", "emma\nava\n", "emma\r\nava\r\n"])
def test_read_words_line_endings(tmp_path, text):
    f = tmp_path / "names.txt"
    f.write_bytes(text.encode())
    assert read_words(f) == ["emma", "ava"]


@pytest.mark.parametrize("text", ["", "\n\n", "   "])
def test_read_words_empty_file(tmp_path, text):
    f = tmp_path / "names.txt"
    f.write_text(text)
    with pytest.raises(ValueError, match=r"names\.txt is empty"):
        read_words(f)


@pytest.mark.parametrize(
    ("text", "line", "char"),
    [("emma\nAva", 2, "'A'"), ("emma\nava\nzoë", 3, "'ë'"), ("jo ann", 1, "' '"), ("a\nb\nc3", 3, "'3'")],
)
def test_read_words_unexpected_character_names_file_line_and_char(tmp_path, text, line, char):
    f = tmp_path / "names.txt"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=rf"names\.txt, line {line}: unexpected character {char}"):
        read_words(f)


def test_read_words_blank_line(tmp_path):
    f = tmp_path / "names.txt"
    f.write_text("emma\n\nava")
    with pytest.raises(ValueError, match="line 2: the line is empty"):
        read_words(f)


def test_read_words_not_utf8(tmp_path):
    f = tmp_path / "names.txt"
    f.write_bytes(b"emma\n\xff\xfe")
    with pytest.raises(ValueError, match="is not UTF-8 text"):
        read_words(f)


def test_load_words_reads_the_resolved_file(tmp_path):
    f = tmp_path / "mine.txt"
    f.write_text("emma\nava\n")
    assert load_words(f) == ["emma", "ava"]


def test_cli_reports_a_file_that_is_not_the_courses(tmp_path):
    f = tmp_path / "mine.txt"
    f.write_text("emma\nava\n")
    run = subprocess.run(
        [sys.executable, "-m", "helpers.data"],
        env={**os.environ, ENV_VAR: str(f)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert "(2 names, NOT the course's file" in run.stdout


def test_the_course_data_matches_its_documented_facts():
    """The real names.txt, wherever the loader finds it, is the file DESIGN.md describes."""
    try:
        path = names_path()
    except OSError as err:
        pytest.skip(f"names.txt not available here: {err}")
    data = path.read_bytes()
    words = read_words(path)
    assert hashlib.sha256(data).hexdigest() == NAMES_SHA256
    repeated = sum(1 for count in Counter(words).values() if count > 1)
    assert (len(data), len(words), repeated) == (228_145, 32_033, 2_539)


def test_cli_error_is_one_clear_line_not_a_traceback(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "helpers.data"],
        env={**os.environ, ENV_VAR: str(tmp_path / "nope.txt")},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert run.stderr.startswith(f"error: the environment variable {ENV_VAR} names ")
    assert "Traceback" not in run.stderr
