"""The names data set: find it, download it safely, read and validate it.

Used in: every notebook (01_counting onwards), `make data`.
Run `python -m helpers.data` to make sure the file is present (it downloads it if needed).
"""

from __future__ import annotations

import hashlib
import http.client
import os
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

NAMES_URL = "https://raw.githubusercontent.com/karpathy/makemore/master/names.txt"
NAMES_SHA256 = "0a30b5557f192f32ab962680889aac5f6fda0f4cecf40a6d0b5694f58ea8cc4d"
ENV_VAR = "MAKEMORE_NAMES"  # path to a names.txt to use instead of data/names.txt
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
ALPHABET = frozenset("abcdefghijklmnopqrstuvwxyz")  # '.' is reserved for the start/end token


class DownloadError(OSError):
    """The names file could not be downloaded and verified; nothing was written."""


def names_path(
    path: str | os.PathLike | None = None,
    *,
    data_dir: str | os.PathLike = DATA_DIR,
    url: str = NAMES_URL,
    sha256: str = NAMES_SHA256,
) -> Path:
    """Return the path of names.txt, downloading it if it is nowhere to be found.

    Looks in order at: `path`, then the environment variable MAKEMORE_NAMES, then `data_dir/names.txt`;
    if none is given or present, downloads `url` into `data_dir/names.txt` (see `download`).
    """
    if path is not None:
        return _existing_file(Path(path), "the path argument", "pass the path of a names.txt")
    if os.environ.get(ENV_VAR):
        hint = f"point {ENV_VAR} at a names.txt, or unset it to use data/names.txt"
        return _existing_file(Path(os.environ[ENV_VAR]), f"the environment variable {ENV_VAR}", hint)
    local = Path(data_dir) / "names.txt"
    if local.is_file():
        return local
    try:
        return download(url, local, sha256=sha256)
    except DownloadError as err:
        raise DownloadError(
            f"names.txt is not at {local} and {ENV_VAR} is not set, so the loader tried to download it: {err}\n"
            f"Fix: save {url} as {local} by hand, or set {ENV_VAR}=/path/to/names.txt."
        ) from err


def download(url: str, dest: str | os.PathLike, *, sha256: str, timeout: float = 30.0) -> Path:
    """Download `url` to `dest` and return `dest`; the file appears only once its SHA-256 matches.

    The bytes go to a temporary file beside `dest`, which is renamed only after verification, so a failed,
    interrupted or corrupted download raises `DownloadError` and leaves neither `dest` nor a partial file.
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
    tmp = Path(tmp_name)
    try:
        digest, received, expected = hashlib.sha256(), 0, None
        with os.fdopen(fd, "wb") as out:
            try:
                with urllib.request.urlopen(url, timeout=timeout) as response:
                    length = response.headers.get("Content-Length")
                    expected = int(length) if length is not None else None
                    while chunk := response.read(1 << 16):
                        digest.update(chunk)
                        out.write(chunk)
                        received += len(chunk)
            except urllib.error.HTTPError as err:
                raise DownloadError(f"downloading {url} failed: HTTP {err.code} {err.reason}") from err
            except (urllib.error.URLError, http.client.HTTPException, OSError) as err:
                reason = getattr(err, "reason", None) or repr(err)
                raise DownloadError(f"downloading {url} failed after {received:,} bytes: {reason}") from err
        if expected is not None and received != expected:
            raise DownloadError(f"downloading {url} was interrupted: got {received:,} of {expected:,} bytes")
        if digest.hexdigest() != sha256:
            raise DownloadError(
                f"the file downloaded from {url} is not the expected one: its SHA-256 is "
                f"{digest.hexdigest()}, expected {sha256} ({received:,} bytes received); it was not saved"
            )
        os.replace(tmp, dest)
        return dest
    finally:
        tmp.unlink(missing_ok=True)


def read_words(path: str | os.PathLike) -> list[str]:
    """Return the names in `path`, one per line, after checking each holds only the letters a-z."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise ValueError(f"{path} is not UTF-8 text ({err}); expected one lowercase name per line") from err
    if not text.strip():
        raise ValueError(
            f"{path} is empty; expected one lowercase name per line. Delete it and run `make data` to "
            f"download it again, or set {ENV_VAR} to a good copy."
        )
    words = text.splitlines()
    for lineno, word in enumerate(words, start=1):
        if not word:
            raise ValueError(f"{path}, line {lineno}: the line is empty; expected one name per line")
        if not ALPHABET.issuperset(word):
            bad = next(c for c in word if c not in ALPHABET)
            raise ValueError(
                f"{path}, line {lineno}: unexpected character {bad!r} in {word!r}; the course expects "
                f"names of lowercase letters a-z only, one per line. Fix or remove that line."
            )
    return words


def load_words(path: str | os.PathLike | None = None) -> list[str]:
    """Return the list of names from names.txt, found (or downloaded) as `names_path` describes.

    With the course's file: 32,033 names, starting 'emma', 'olivia', 'ava'.
    """
    return read_words(names_path(path))


def _existing_file(path: Path, source: str, hint: str) -> Path:
    if not path.is_file():
        raise FileNotFoundError(f"{source} names {path}, which is not a file: {hint} (download: {NAMES_URL})")
    return path


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> int:
    """`python -m helpers.data`: find or download names.txt and say which file it is; 1 with the reason if not."""
    try:
        found = names_path()
        words = read_words(found)
    except (OSError, ValueError) as err:
        sys.stderr.write(f"error: {err}\n")
        return 1
    note = "the course's file" if _sha256(found) == NAMES_SHA256 else "NOT the course's file: outputs will differ"
    sys.stdout.write(f"names: {found} ({len(words):,} names, {note})\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
