"""make test-cpus: check the stored notebook outputs as other CPUs would compute them.

    python -m course_tools.cpus [NOTEBOOK ...]

Runs nbval over the notebooks once per setting below, each in a fresh kernel whose libraries are switched to
code paths other than this CPU's own (`make test` has already run them natively):

- PyTorch's AVX2 kernels (ATEN_CPU_CAPABILITY), with MKL's matrix products on another path than its own: on
  Intel, limited to SSE4.2 (MKL_ENABLE_INSTRUCTIONS); on AMD, where MKL ignores that switch, its compatible
  path (MKL_CBWR=COMPATIBLE), the one other path it takes there;
- PyTorch's plain kernels, without vector instructions, and a stand-in for another BLAS
  (course_tools.other_blas), as on a Mac or an ARM machine.

The two settings run side by side, one per core. Prints each setting's nbval report, then what each ran with
and whether it passed; exits non-zero if any failed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NBVAL = ["--nbval", "--nbval-current-env", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg"]
STARTUP = "from course_tools import other_blas\n\nother_blas.enable()\n"


@dataclass(frozen=True)
class Setting:
    name: str
    env: dict[str, str] = field(default_factory=dict)
    other_blas: bool = False


def vendor(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """Return the CPU's vendor as /proc/cpuinfo names it (GenuineIntel, AuthenticAMD), or "" where it cannot tell."""
    try:
        lines = cpuinfo.read_text().splitlines()
    except OSError:
        return ""
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith("vendor_id")), "")


def other_mkl_path(cpu_vendor: str) -> Setting:
    """Return the setting of AVX2 kernels with MKL on another path than its own, by what this vendor's MKL honours."""
    if cpu_vendor == "AuthenticAMD":  # MKL ignores MKL_ENABLE_INSTRUCTIONS on AMD, and honours only this branch
        return Setting("AVX2 kernels, MKL's compatible path", {"ATEN_CPU_CAPABILITY": "avx2", "MKL_CBWR": "COMPATIBLE"})
    return Setting("AVX2 kernels, MKL limited to SSE4.2",
                   {"ATEN_CPU_CAPABILITY": "avx2", "MKL_ENABLE_INSTRUCTIONS": "SSE4_2"})


SWITCHES = ("ATEN_CPU_CAPABILITY", "MKL_CBWR", "MKL_ENABLE_INSTRUCTIONS")  # cleared from the caller's environment
SETTINGS = (  # the notebooks pin one thread in their first cell, so thread counts need no setting of their own
    other_mkl_path(vendor()),
    Setting(  # PyTorch's ARM build ran its plain kernels on an emulated ARM CPU, drawing torch.randn as these do
        "as on ARM: plain kernels, matrix products rounded once from float64",
        {"ATEN_CPU_CAPABILITY": "default"},
        other_blas=True,
    ),
)


def environment(setting: Setting, ipython_dir: Path) -> dict[str, str]:
    """Return the environment for one setting: this process's, without any earlier setting's switches."""
    env = {k: v for k, v in os.environ.items() if k not in SWITCHES and k != "IPYTHONDIR"}
    env.update(setting.env)
    if setting.other_blas:
        startup = ipython_dir / "profile_default" / "startup"
        startup.mkdir(parents=True, exist_ok=True)
        (startup / "00-other-blas.py").write_text(STARTUP)
        env["IPYTHONDIR"] = str(ipython_dir)
    return env


def capability(env: dict[str, str]) -> str:
    """Return the code path PyTorch actually takes under `env` (it falls back if the CPU lacks one)."""
    probe = "import torch; print(torch.backends.cpu.get_cpu_capability())"
    return subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True).stdout.strip()


def check(setting: Setting, notebooks: list[str], ipython_dir: Path) -> tuple[str, bool, float, str]:
    """Run nbval over `notebooks` under one setting; return its description, whether it passed, its seconds
    and nbval's report."""
    env = environment(setting, ipython_dir)
    described = f"{setting.name} (PyTorch kernels: {capability(env)})"
    print(f"started: {described}", flush=True)
    command = [sys.executable, "-m", "pytest", *NBVAL, "-p", "no:cacheprovider", "-q", *notebooks]
    start = time.perf_counter()
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    return described, run.returncode == 0, time.perf_counter() - start, run.stdout + run.stderr


def main(notebooks: list[str]) -> int:
    """Check the notebooks under every setting, as many at a time as there are cores (each kernel uses one)."""
    notebooks = notebooks or sorted(str(p.relative_to(ROOT)) for p in (ROOT / "notebooks").glob("*.ipynb"))
    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        jobs = [pool.submit(check, s, notebooks, Path(tmp) / f"ipython{i}") for i, s in enumerate(SETTINGS)]
        outcomes = []
        for job in jobs:
            described, passed, seconds, report = job.result()
            print(f"\n=== {described}\n{report.rstrip()}", flush=True)
            outcomes.append((described, passed, seconds))
    print("\nStored outputs checked under other CPUs' code paths:")
    for described, passed, seconds in outcomes:
        print(f"  {'passed' if passed else 'FAILED'}  {seconds:5.0f} s  {described}")
    return 0 if all(passed for _, passed, _ in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
