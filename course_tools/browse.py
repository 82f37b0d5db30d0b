"""Check a built website or slide deck as a person meets it: served on 127.0.0.1 and opened in a real browser.

Not used inside the lessons; `make test-site` uses it (tests/test_site_build.py). `serve` serves a folder on a
free local port; `broken_links` reads every HTML page of a folder and lists the links and resources that point
nowhere, and anything a page would fetch from another host; `Browser` opens pages in the system's headless
Chromium through Playwright (which downloads no browser of its own) and records what went wrong on each.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# As root, in a container, on a machine without network: no sandbox, GPU, background or update connections.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL = "http://127.0.0.1:"  # the only host a page may reach
FETCHED = {("script", "src"), ("link", "href"), ("img", "src"), ("source", "src"), ("iframe", "src")}


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 at a free port while the block runs; yield its base URL (ending in /)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # no line per request on stderr
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.references: list[tuple[str, str, str]] = []  # (tag, attribute, value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)
            if value and (name == "href" and tag in ("a", "link") or name == "src"):
                if tag == "link" and name == "href" and ("rel", "canonical") in attrs:
                    continue
                self.references.append((tag, name, value))


def _parsed(path: Path, cache: dict[Path, _Page]) -> _Page:
    if path not in cache:
        cache[path] = _Page()
        cache[path].feed(path.read_text(encoding="utf-8", errors="replace"))
    return cache[path]


def broken_links(folder: Path) -> list[str]:
    """Return what is wrong with the links of every HTML page under `folder`: a link or resource whose file is
    missing, a link to an anchor its page does not have, or a script, stylesheet or image from another host."""
    folder = folder.resolve()
    cache: dict[Path, _Page] = {}
    problems = []
    pages = [p for p in sorted(folder.rglob("*.html")) if not p.relative_to(folder).parts[0].startswith("_")]
    for page_path in pages:  # not the templates and sources that a Sphinx site keeps in _static and _sources
        page = _parsed(page_path, cache)
        where = page_path.relative_to(folder)
        for tag, attribute, value in page.references:
            parts = urlsplit(value)
            if parts.scheme in ("http", "https") or value.startswith("//"):
                if (tag, attribute) in FETCHED:
                    problems.append(f"{where}: <{tag} {attribute}> fetches {value} from another host")
                continue  # a link to another site: not ours to check offline
            if parts.scheme or not (parts.path or parts.fragment):
                continue  # mailto:, data:, javascript:, or a bare "#"
            target = (page_path.parent / unquote(parts.path)).resolve() if parts.path else page_path
            if target.is_dir():
                target = target / "index.html"
            if not target.is_relative_to(folder) or not target.exists():
                problems.append(f"{where}: <{tag} {attribute}={value!r}> points to a missing file")
            elif parts.fragment and target.suffix == ".html":
                ids = _parsed(target, cache).ids  # a browser matches the fragment as written, or percent-decoded
                if parts.fragment not in ids and unquote(parts.fragment) not in ids:
                    problems.append(f"{where}: <{tag} {attribute}={value!r}> points to a missing anchor")
    return problems


def chromium() -> str | None:
    """Return the path of the system's Chromium ($CHROMIUM, else chromium on PATH), or None if there is none."""
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    return found if found and Path(found).exists() else None


@dataclass
class Visit:
    """What happened on one page: every problem seen, and the page itself for further checks."""

    url: str
    page: object
    problems: list[str] = field(default_factory=list)


class Browser:
    """Headless Chromium driven by Playwright, confined to this machine: a request to any other host is blocked
    and reported. Use as a context manager; `visit(url)` opens a page and returns what went wrong there."""

    def __init__(self, base_url: str, *, width: int = 1280, height: int = 900) -> None:
        from playwright.sync_api import sync_playwright  # imported here: only make test-site installs it

        self.base_url = base_url
        self._profile = tempfile.TemporaryDirectory()
        self._playwright = sync_playwright().start()
        self._context = self._playwright.chromium.launch_persistent_context(
            self._profile.name, executable_path=chromium(), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": width, "height": height},
        )

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self._context.close()
        self._playwright.stop()
        self._profile.cleanup()

    def visit(self, url: str) -> Visit:
        """Open `url` (relative to the base URL, or a whole address on 127.0.0.1), wait until the network is idle;
        record console errors, page errors, failed and off-host requests, and images that did not load."""
        page = self._context.new_page()
        visit = Visit(url, page)
        page.on("console", lambda m: m.type == "error" and visit.problems.append(f"console error: {m.text}"))
        page.on("pageerror", lambda err: visit.problems.append(f"script error: {err}"))
        page.on("requestfailed", lambda r: visit.problems.append(f"request failed: {r.url} ({r.failure})"))

        def elsewhere(route: object) -> None:
            visit.problems.append(f"request to another host, blocked: {route.request.url}")
            route.abort()

        page.route(lambda address: not address.startswith((LOCAL, "data:", "blob:")), elsewhere)
        page.goto(url if url.startswith(LOCAL) else self.base_url + url, wait_until="networkidle")
        missing = page.evaluate(
            "() => [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)"
        )
        visit.problems += [f"image did not load: {src}" for src in missing]
        return visit
