"""The two installation routes pin the same packages at the same versions."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==(\S+)$")


def pyproject_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    pins = {}
    for requirement in requirements:
        match = PIN.match(requirement)
        assert match, f"pyproject.toml: {requirement!r} is not pinned exactly (name==version)"
        pins[match[1].lower()] = match[2]
    return pins, project["requires-python"]


def environment_pins():
    lines = [line.split("#")[0].strip() for line in (ROOT / "environment.yml").read_text().splitlines()]
    items = [line[2:].strip() for line in lines if line.startswith("- ")]
    pins = {m[1].lower(): m[2] for m in map(PIN.match, items) if m}
    python = next(item.split("=", 1)[1] for item in items if item.startswith("python="))
    return pins, python, items


def test_environment_yml_pins_exactly_what_pyproject_pins():
    pins, _ = pyproject_pins()
    env_pins, _, _ = environment_pins()
    assert env_pins == pins


def test_both_routes_use_python_311_and_install_the_package():
    _, requires_python = pyproject_pins()
    _, python, items = environment_pins()
    assert python == "3.11" and requires_python == ">=3.11,<3.12"
    assert "-e ." in items
