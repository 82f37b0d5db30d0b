"""make test-cpus: check the stored notebook outputs as other CPUs would compute them.

    python -m course_tools.cpus [NOTEBOOK ...]

Runs nbval over the notebooks once per setting below, each in a fresh kernel whose libraries are switched to
code paths other than this CPU's own: PyTorch's kernels without vector instructions or with other ones
(ATEN_CPU_CAPABILITY), MKL's matrix products on its compatible path or limited to older instructions
(MKL_CBWR, MKL_ENABLE_INSTRUCTIONS; MKL honours the latter only on Intel CPUs), other thread counts, and a
stand-in for another BLAS (course_tools.other_blas), as on a Mac or an ARM machine. `make test` has already
run them natively. Prints what each setting ran with and whether it passed; exits non-zero if any failed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
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


SETTINGS = (
    Setting(
        "no vector kernels, MKL's compatible path, 2 threads",
        {"ATEN_CPU_CAPABILITY": "default", "MKL_CBWR": "COMPATIBLE", "OMP_NUM_THREADS": "2"},
    ),
    Setting(
        "AVX2 kernels, MKL limited to SSE4.2, 1 thread",
        {"ATEN_CPU_CAPABILITY": "avx2", "MKL_ENABLE_INSTRUCTIONS": "SSE4_2", "OMP_NUM_THREADS": "1"},
    ),
    Setting("another BLAS: matrix products rounded once from float64", {"OMP_NUM_THREADS": "1"}, other_blas=True),
)


def environment(setting: Setting, ipython_dir: Path) -> dict[str, str]:
    """Return the environment for one setting: this process's, without any earlier setting's switches."""
    env = {k: v for k, v in os.environ.items() if not any(k in s.env for s in SETTINGS) and k != "IPYTHONDIR"}
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


def main(notebooks: list[str]) -> int:
    notebooks = notebooks or sorted(str(p.relative_to(ROOT)) for p in (ROOT / "notebooks").glob("*.ipynb"))
    outcomes = []
    with tempfile.TemporaryDirectory() as tmp:
        for setting in SETTINGS:
            env = environment(setting, Path(tmp) / "ipython")
            described = f"{setting.name} (PyTorch kernels: {capability(env)})"
            print(f"\n=== {described}", flush=True)
            start = time.perf_counter()
            command = [sys.executable, "-m", "pytest", *NBVAL, "-p", "no:cacheprovider", "-q", *notebooks]
            run = subprocess.run(command, cwd=ROOT, env=env)
            outcomes.append((described, run.returncode == 0, time.perf_counter() - start))
    print("\nStored outputs checked under other CPUs' code paths:")
    for described, passed, seconds in outcomes:
        print(f"  {'passed' if passed else 'FAILED'}  {seconds:5.0f} s  {described}")
    return 0 if all(passed for _, passed, _ in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
