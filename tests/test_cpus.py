"""Tests for course_tools.cpus: each simulated CPU gets its own switches and nothing of another's."""

import subprocess
import sys

from course_tools.cpus import SETTINGS, SWITCHES, environment, other_mkl_path, vendor


def test_each_setting_gets_its_switches_and_none_left_over_from_the_caller(tmp_path, monkeypatch):
    monkeypatch.setenv("MKL_CBWR", "AVX2")  # as if the caller had set one of the switches itself
    monkeypatch.setenv("IPYTHONDIR", "/somewhere")
    for setting in SETTINGS:
        env = environment(setting, tmp_path / "ipython")
        assert {k: env[k] for k in setting.env} == setting.env
        assert all(env.get(k) == setting.env.get(k) for k in SWITCHES)  # the caller's values are gone
        assert ("IPYTHONDIR" in env) == setting.other_blas


def test_mkl_takes_another_path_by_the_switch_its_vendor_honours(tmp_path):
    intel, amd = other_mkl_path("GenuineIntel"), other_mkl_path("AuthenticAMD")
    assert intel.env == {"ATEN_CPU_CAPABILITY": "avx2", "MKL_ENABLE_INSTRUCTIONS": "SSE4_2"}
    assert amd.env == {"ATEN_CPU_CAPABILITY": "avx2", "MKL_CBWR": "COMPATIBLE"}  # AMD: the one branch MKL honours
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC\n")
    assert vendor(cpuinfo) == "AuthenticAMD"
    assert vendor(tmp_path / "absent") == ""  # not Linux: the Intel switch, which MKL elsewhere may ignore


PROBE = """
import torch
a = torch.randn(64, 300, generator=torch.Generator().manual_seed(0))
b = torch.randn(300, 50, generator=torch.Generator().manual_seed(1))
print(torch.equal(a @ b, (a.double() @ b.double()).float()))
"""


def test_the_other_blas_setting_starts_every_kernel_with_float64_products(tmp_path):
    (setting,) = [s for s in SETTINGS if s.other_blas]
    env = environment(setting, tmp_path / "ipython")
    startup = "".join(p.read_text() for p in sorted((tmp_path / "ipython").glob("profile_default/startup/*.py")))
    for script, expected in ((PROBE, "False"), (startup + PROBE, "True")):  # MKL's own sums, then the stand-in's
        run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
        assert run.stdout.strip() == expected, run.stderr
