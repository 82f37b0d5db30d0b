"""The website and the slide decks, built from the stored notebooks and met as a reader meets them: served on
127.0.0.1 and opened in headless Chromium. `make test-site` installs what this needs and runs it; without the
site's tools the module is skipped, and without a Chromium only the browser checks are. Screenshots for a
person to look at are left in build/screenshots."""

import contextlib
import importlib.util
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from course_tools import browse, site, slides

if importlib.util.find_spec("jupyter_book") is None:
    pytest.skip("the site's tools are not installed here: `make test-site` installs them", allow_module_level=True)

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SHOTS = ROOT / "build" / "screenshots"
needs_browser = pytest.mark.skipif(
    browse.chromium() is None or importlib.util.find_spec("playwright") is None,
    reason="no Chromium (or no Playwright) here: install Debian's chromium package (apt-get install chromium) "
    "for the browser checks; the link and asset checks still ran",
)
pytestmark = pytest.mark.timeout(600)  # building both takes under a minute; a browser visit a few seconds


@pytest.fixture(scope="module")
def built_site():
    return site.build()


@pytest.fixture(scope="module")
def decks():
    return slides.build(NOTEBOOKS)


@pytest.fixture(scope="module")
def served(built_site, decks):
    """The build folder on 127.0.0.1, the site in site/ and the decks in slides/: one browser visits both."""
    with browse.serve(built_site.parent) as base:
        yield base


@pytest.fixture(scope="module")
def browser(served):
    SHOTS.mkdir(parents=True, exist_ok=True)
    with browse.Browser(served) as b:
        yield b


def test_the_site_has_a_home_page_and_a_page_per_notebook_and_no_broken_link(built_site):
    assert (built_site / "intro.html").exists()
    for path in NOTEBOOKS:
        assert (built_site / "notebooks" / f"{path.stem}.html").exists(), path.stem
    assert browse.broken_links(built_site) == []


def test_a_missing_picture_fails_the_build_and_says_where(tmp_path):
    course = tmp_path / "course"
    (course / "notebooks").mkdir(parents=True)
    (course / "README.md").write_text("# A course\n\nSee [the lesson](notebooks/01_lesson.ipynb).\n")
    lesson = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Lesson\n\n![a plot](figures/gone.png)")])
    nbformat.write(lesson, course / "notebooks" / "01_lesson.ipynb")
    with pytest.raises(RuntimeError, match=r"(?s)warnings count as failures.*gone\.png"):
        site.build(tmp_path / "site", root=course, work=tmp_path / "work")


def test_the_decks_have_every_slide_the_notebooks_declare_and_no_broken_link(decks):
    for deck, path in zip(decks, NOTEBOOKS, strict=True):
        html = deck.read_text()
        declared_slides, declared_total = slides.expected_slides(nbformat.read(path, as_version=4))
        assert html.count("<section") == declared_slides + declared_total, deck.name  # a slide is 2 nested sections
        assert "https://" not in "".join(line for line in html.splitlines() if "<script" in line or "<link" in line)
    assert browse.broken_links(decks[0].parent) == []


@needs_browser
def test_every_page_loads_without_errors_and_every_image_loads(browser):
    pages = ["site/index.html"] + [f"site/notebooks/{path.stem}.html" for path in NOTEBOOKS]
    problems = {}
    for url in pages:
        visit = browser.visit(url)
        if url == "site/index.html":
            assert "makemore, spelled out" in visit.page.title()
            visit.page.screenshot(path=str(SHOTS / "home.png"))
        problems[url] = visit.problems
        visit.page.close()
    assert problems == {url: [] for url in pages}


@needs_browser
@pytest.mark.parametrize(("stem", "call"), [("01_counting", "bigram_heatmap(N, itos)"),
                                            ("05_mlp_embeddings", "embedding_scatter(tiny")])
def test_the_heatmap_and_the_embedding_scatter_are_on_their_pages(browser, stem, call):
    visit = browser.visit(f"site/notebooks/{stem}.html")
    figure = visit.page.locator("div.cell", has_text=call).locator("img")
    assert figure.count() == 1, f"{stem}: one picture below the cell that calls {call}"
    assert figure.evaluate("img => img.naturalWidth") > 500  # a real figure, not a broken-image icon
    figure.screenshot(path=str(SHOTS / f"{stem}-figure.png"))
    visit.page.close()


@needs_browser
def test_the_next_links_lead_from_the_home_page_through_every_notebook_in_order(browser, served):
    visited, url = [], "site/index.html"
    for _ in range(len(NOTEBOOKS) + 1):
        visit = browser.visit(url)
        following = visit.page.locator("a.right-next")
        if following.count() == 0:
            break
        url = following.evaluate("a => a.href").removeprefix(served)  # the link as the browser resolved it
        visited.append(Path(url).stem)
        visit.page.close()
    assert visited == [path.stem for path in NOTEBOOKS]


@needs_browser
def test_each_exercise_shows_its_hints_and_solution_only_when_asked(browser):
    visit = browser.visit("site/notebooks/06_batchnorm.html")
    folded = visit.page.locator("details.sd-dropdown")
    assert folded.count() == 4 and visit.page.locator("details.sd-dropdown[open]").count() == 0  # two exercises
    solution = folded.filter(has_text="Solution").first
    assert not solution.locator("pre").is_visible()
    solution.locator("summary").click()
    assert solution.locator("pre").is_visible()
    visit.page.close()


@needs_browser
def test_each_deck_opens_with_the_slides_its_notebook_declares(browser, decks):
    for deck, path in zip(decks, NOTEBOOKS, strict=True):
        visit = browser.visit(f"slides/{deck.name}")
        visit.page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        counted = visit.page.evaluate("[Reveal.getHorizontalSlides().length, Reveal.getTotalSlides()]")
        assert counted == list(slides.expected_slides(nbformat.read(path, as_version=4))), deck.name
        visit.page.evaluate("Reveal.slide(1, 0, 99)")  # the second slide, with its code revealed
        visit.page.wait_for_timeout(1000)  # the transition, then MathJax
        visit.page.screenshot(path=str(SHOTS / f"{path.stem}-slide-2.png"))
        assert visit.problems == [], deck.name
        visit.page.close()


@pytest.fixture(scope="module")
def lab():
    """JupyterLab, as `make lab` starts it, on a free local port without a token; yield its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
               "--ServerApp.token=", "--ServerApp.password=", "--allow-root", f"--notebook-dir={ROOT / 'notebooks'}"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(120):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(base + "api", timeout=1)
                break
            time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


@needs_browser
def test_a_teacher_can_present_a_notebook_live_from_jupyterlab_with_rise(browser, lab):
    """RISE shows the notebook as the slides its metadata declares. (Not checked: its console, where this RISE,
    built for an older JupyterLab, logs errors, and from where it asks Google for fonts; the slides work.)"""
    visit = browser.visit(lab + "rise/01_counting.ipynb")
    visit.page.wait_for_selector(".reveal .slides > section", timeout=60_000)
    shown = visit.page.locator(".reveal .slides > section").count()
    declared, _ = slides.expected_slides(nbformat.read(NOTEBOOKS[0], as_version=4))
    assert shown == declared
    visit.page.keyboard.press("ArrowRight")
    visit.page.wait_for_timeout(1000)
    visit.page.screenshot(path=str(SHOTS / "rise-01_counting.png"))
    visit.page.close()
