"""make mutants: plant realistic bugs, one at a time, in the exercise kit, the exercises' checks, the output
comparison and the data loader, run their tests against each, and report the bugs no test noticed.

    python -m course_tools.mutants [--list] [NAME ...]

Each mutant below is a slip a maintainer could make: a condition turned round, a tolerance widened, a case
dropped. A mutant is "caught" when the tests fail with it in place. The file is restored after each one, also
when the run is interrupted (Ctrl-C or kill). Not part of `make test`: a mutant the tests do not catch runs
every test, so the whole run takes about 20 minutes on 2 cores. A mutant whose text is no longer in its file is
reported as stale: update it with the code it was written for.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = (  # the quick ones first: a caught mutant stops at its first failing test (-x)
    "tests/test_wrong_answers.py",
    "tests/test_exercises.py",
    "tests/test_compare.py",
    "tests/test_data.py",
    "helpers/exercises.py",
    "course_tools/compare.py",
    "tests/test_questions.py",
)
TIMEOUT = 900  # seconds for one mutant's test run; a run that hangs counts as caught, and is reported


@dataclass(frozen=True)
class Mutant:
    name: str
    path: str
    before: str
    after: str


MUTANTS = (
    # helpers/exercises.py: the kit
    Mutant("blank only in the first answer", "helpers/exercises.py",
           "any(_holds_blank(a) for a in answers)", "_holds_blank(answers[0])"),
    Mutant("blank not looked for in lists", "helpers/exercises.py",
           "    if isinstance(answer, list | tuple | set):", "    if isinstance(answer, tuple | set):"),
    Mutant("blank not looked for in dicts", "helpers/exercises.py",
           "        return any(_holds_blank(a) for a in answer.values())", "        return False"),
    Mutant("tensor tolerance widened", "helpers/exercises.py",
           'tolerance = {"rtol": 0.0, "atol": 0.0} if exact else {}\n',
           'tolerance = {"rtol": 0.0, "atol": 0.0} if exact else {"rtol": 1e-3, "atol": 1e-3}\n'),
    Mutant("exact ignored", "helpers/exercises.py",
           'tolerance = {"rtol": 0.0, "atol": 0.0} if exact else {}\n', "tolerance = {}\n"),
    Mutant("NaN equal to NaN dropped", "helpers/exercises.py",
           "torch.testing.assert_close(got.detach(), expected, equal_nan=True,",
           "torch.testing.assert_close(got.detach(), expected, equal_nan=False,"),
    Mutant("dtype never checked", "helpers/exercises.py",
           "    if check_dtype and got.dtype != expected.dtype:", "    if False:"),
    Mutant("shape not checked", "helpers/exercises.py",
           "    if got.shape != expected.shape:", "    if got.numel() != expected.numel():"),
    Mutant("number NaN accepted", "helpers/exercises.py",
           "(math.isnan(got) and math.isnan(expected))", "math.isnan(got)"),
    Mutant("number tolerance widened", "helpers/exercises.py",
           "rel: float = 1e-5, reveal", "rel: float = 1e-3, reveal"),
    Mutant("bool counted as a number", "helpers/exercises.py",
           "    if not isinstance(got, float | int) or isinstance(got, bool):",
           "    if not isinstance(got, float | int):"),
    Mutant("None returned not reported", "helpers/exercises.py",
           "    if got is None and expected is not None:", "    if False:"),
    Mutant("function cases stop after the first", "helpers/exercises.py",
           "    for args, expected in cases:", "    for args, expected in cases[:1]:"),
    Mutant("exception raised to the learner", "helpers/exercises.py",
           "    except Exception as err:  # the learner's code",
           "    except ZeroDivisionError as err:  # the learner's code"),
    Mutant("blank returned is a wrong answer", "helpers/exercises.py",
           "    return (None, BLANK_RETURNED) if isinstance(got, _Blank) else (got, None)", "    return got, None"),
    Mutant("float counts accepted", "helpers/exercises.py",
           "    if problem is None and not is_integer(got.dtype):", "    if False:"),
    Mutant("hint levels do not advance", "helpers/exercises.py",
           "self._hints_shown = min(self._hints_shown + 1, len(self.hints))", "self._hints_shown = 1"),
    # the checks of the exercises
    Mutant("01 ex 1: last letter read as the first", "helpers/questions/counting.py",
           "expected[stoi[w[-1]]] += 1", "expected[stoi[w[0]]] += 1"),
    Mutant("01 ex 2: standard error not divided by the samples", "helpers/questions/counting.py",
           "math.sqrt(expected * (1 - expected) / 10_000)", "math.sqrt(expected * (1 - expected))"),
    Mutant("01 ex 2: p_one tolerance widened", "helpers/questions/counting.py",
           "abs(p_one - expected) <= 1e-5", "abs(p_one - expected) <= 1e-2"),
    Mutant("01 ex 2: NaN accepted", "helpers/questions/counting.py",
           "    if not abs(p_one - expected) <= 1e-5:", "    if abs(p_one - expected) > 1e-5:"),
    Mutant("01 ex 3: '.' accepted", "helpers/questions/counting.py",
           'letter not in itos.values() or letter == ".":', "letter not in itos.values():"),
    Mutant("01 ex 4: bigram_counts allowed", "helpers/questions/counting.py",
           'if "bincount(" in source or "bigram_counts(" in source:', 'if "bincount(" in source:'),
    Mutant("01 ex 4: the overflow-free input dropped", "helpers/questions/counting.py",
           '(["emma"], ["a"], ["emma", "ava", "olivia"], ["zz", "q", "abcdefghijklmnopqrstuvwxyz"])',
           '(["emma"], ["a"])'),
    Mutant("02 ex 1: only square tables", "helpers/questions/broadcasting.py",
           "(_SQUARE.float(), N.float(), torch.ones(2, 3))", "(N.float(),)"),
    Mutant("02 ex 4: the overflowing input dropped", "helpers/questions/broadcasting.py",
           "for ids in (many, torch.tensor([0, 5, 13, 13, 1, 0])):",
           "for ids in (torch.tensor([0, 5, 13, 13, 1, 0]),):"),
    Mutant("02 ex 4: float counters accepted", "helpers/questions/broadcasting.py",
           "        if problem is None and not is_integer(got.dtype):", "        if False:"),
    Mutant("03 ex 1: no unseen pair", "helpers/questions/nll.py",
           '(("emma", P1), ("andrejq", P1), ("x", P1), ("emma", P), ("andrejq", P))', '(("emma", P1), ("x", P1))'),
    Mutant("03 ex 2: a smoothing far above the best accepted", "helpers/questions/nll.py",
           "    if dev > best + 0.001:", "    if dev > best + 0.01:"),
    Mutant("03 ex 2: the best is enough", "helpers/questions/nll.py",
           "    if smoothing < max(within):", "    if smoothing < min(within):"),
    Mutant("03 ex 3: tolerance widened", "helpers/questions/nll.py",
           'name="se_diff", rel=1e-3', 'name="se_diff", rel=0.5'),
    Mutant("04 ex 1: the empty input dropped", "helpers/questions/neural_bigram.py",
           "torch.tensor([26]), torch.zeros(0, dtype=torch.long))]", "torch.tensor([26]))]"),
    Mutant("04 ex 2: the overflow case dropped", "helpers/questions/neural_bigram.py",
           "        (torch.tensor([[100.0, 0.0, -5.0]]), torch.tensor([1])),", ""),
    Mutant("04 ex 3: target loosened", "helpers/questions/neural_bigram.py",
           "    if not loss <= 2.30:", "    if not loss <= 2.40:"),
    Mutant("04 ex 3: NaN accepted", "helpers/questions/neural_bigram.py",
           "    if not loss <= 2.30:", "    if loss > 2.30:"),
    Mutant("03 ex 3: the unpaired answer not told why", "helpers/questions/nll.py",
           "float | int) and math.isclose(se_diff, unpaired",
           "float | int) and False and math.isclose(se_diff, unpaired"),
    Mutant("05 ex 2: NaN accepted", "helpers/questions/mlp.py",
           "    if not abs(loss - math.log(27)) <= 0.02:", "    if abs(loss - math.log(27)) > 0.02:"),
    Mutant("05 ex 2: W1 of zeros accepted", "helpers/questions/mlp.py",
           '    if params["W1"].abs().max() == 0:', "    if False:"),
    Mutant("05 ex 2: parameters without gradients accepted", "helpers/questions/mlp.py",
           "    if not all(p.requires_grad for p in params.values()):", "    if False:"),
    Mutant("06 ex 1: NaN loss accepted", "helpers/questions/batchnorm.py",
           "    if not abs(loss - actual) <= 1e-3:", "    if abs(loss - actual) > 1e-3:"),
    Mutant("06 ex 1: a float count accepted", "helpers/questions/batchnorm.py",
           "    if not isinstance(nonzero, int) or isinstance(nonzero, bool):",
           "    if not isinstance(nonzero, int | float):"),
    Mutant("06 ex 1: the embedding not checked", "helpers/questions/batchnorm.py",
           "others = [name for name, _ in moved if name != last_bias]",
           "others = [name for name, _ in moved[1:] if name != last_bias]"),
    Mutant("05 ex 1: abs() of the answer", "helpers/questions/mlp.py",
           "return number_problem(guess, math.log(27),", "return number_problem(abs(guess), math.log(27),"),
    Mutant("05 ex 2: any start accepted", "helpers/questions/mlp.py",
           "abs(loss - math.log(27)) <= 0.02", "abs(loss - math.log(27)) <= 2"),
    Mutant("05 ex 3: the direct path not compared", "helpers/questions/mlp.py",
           '+ params["b2"] + emb @ params["W3"]\n\n\ndef _direct', '+ params["b2"]\n\n\ndef _direct'),
    Mutant("05 ex 4: three times the lecture's time", "helpers/questions/mlp.py",
           "TARGET, SHARE = 2.10, 1 / 3", "TARGET, SHARE = 2.10, 3"),
    Mutant("05 ex 4: wall-clock time", "helpers/questions/mlp.py",
           "    start = time.process_time()  # the computing time",
           "    start = time.perf_counter()  # the computing time"),
    Mutant("05 ex 4: NaN dev loss accepted", "helpers/questions/mlp.py",
           "    if not dev <= TARGET:", "    if dev > TARGET:"),
    Mutant("06 ex 2: in-place folding allowed", "helpers/questions/batchnorm.py",
           "kept = [t.clone() for t in", "kept = [t for t in"),
    Mutant("06 ex 2: only a Linear with a bias", "helpers/questions/batchnorm.py",
           "    for with_bias in (False, True):", "    for with_bias in (True,):"),
    # course_tools/compare.py: stored outputs against a new run
    Mutant("exponent without a point read as an integer", "course_tools/compare.py",
           'return "." in number or "e" in number.lower()', 'return "." in number'),
    Mutant("sanitize rules on one side only", "course_tools/compare.py",
           "compare_text(sanitize(old), sanitize(text), tolerance)", "compare_text(old, sanitize(text), tolerance)"),
    Mutant("last digit's rounding ignored", "course_tools/compare.py",
           " + (last_unit(stored) + last_unit(now)) / 2", ""),
    Mutant("integers compared within a tolerance", "course_tools/compare.py",
           "        if not (is_float(a) and is_float(b)):", "        if False:"),
    Mutant("text between numbers not compared", "course_tools/compare.py",
           '            return f"the text differs: {a!r} stored, {b!r} now"', "            continue"),
    Mutant("missing line not reported", "course_tools/compare.py",
           "    if len(old) > len(new):", "    if False:"),
    Mutant("outputs paired in reverse", "course_tools/compare.py",
           "            before = stored[seen[key][k]]", "            before = stored[seen[key][-1 - k]]"),
    # helpers/data.py: the download and the reader
    Mutant("temporary file in the system's temp folder", "helpers/data.py",
           "tempfile.mkstemp(dir=dest.parent, ", "tempfile.mkstemp("),
    Mutant("timeout not passed", "helpers/data.py",
           "urllib.request.urlopen(url, timeout=timeout)", "urllib.request.urlopen(url)"),
    Mutant("checksum not compared", "helpers/data.py",
           "        if digest.hexdigest() != sha256:", "        if False:"),
    Mutant("truncated download accepted", "helpers/data.py",
           "        if expected is not None and received != expected:", "        if False:"),
    Mutant("partial file left behind", "helpers/data.py",
           "        tmp.unlink(missing_ok=True)", "        pass"),
    Mutant("environment variable ignored", "helpers/data.py",
           "    if os.environ.get(ENV_VAR):", "    if False:"),
    Mutant("blank line accepted", "helpers/data.py",
           "        if not word:", "        if False:"),
    Mutant("capital letters accepted", "helpers/data.py",
           'frozenset("abcdefghijklmnopqrstuvwxyz")', 'frozenset("abcdefghijklmnopqrstuvwxyzA")'),
)


def run_tests() -> tuple[bool, float]:
    """Run TESTS until the first failure; return (whether they all passed, seconds)."""
    start = time.perf_counter()
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *TESTS]
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return False, time.perf_counter() - start
    return done.returncode == 0, time.perf_counter() - start


def try_mutant(mutant: Mutant) -> str:
    """Plant `mutant`, run the tests, restore the file; return "caught", "SURVIVED" or "stale"."""
    path = ROOT / mutant.path
    original = path.read_text()
    if original.count(mutant.before) != 1:
        return "stale"
    try:
        path.write_text(original.replace(mutant.before, mutant.after))
        passed, _ = run_tests()
    finally:
        path.write_text(original)
    return "SURVIVED" if passed else "caught"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="run only the mutants whose name contains one of these")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a kill, as Ctrl-C does, restores the mutated file
    chosen = [m for m in MUTANTS if not args.names or any(n in m.name for n in args.names)]
    if args.list:
        print("\n".join(f"{m.path}: {m.name}" for m in chosen))
        return 0
    passed, seconds = run_tests()
    if not passed:
        print("the tests fail without any mutant: fix them first")
        return 2
    print(f"the tests pass unmutated ({seconds:.0f} s); {len(chosen)} mutants, one at a time:", flush=True)
    verdicts = {}
    for mutant in chosen:
        verdicts[mutant] = try_mutant(mutant)
        print(f"  {verdicts[mutant]:<9}{mutant.path}: {mutant.name}", flush=True)
    caught = sum(v == "caught" for v in verdicts.values())
    tried = sum(v != "stale" for v in verdicts.values())
    print(f"caught {caught} of {tried} ({caught / max(tried, 1):.0%})"
          + "".join(f"\nsurvived: {m.path}: {m.name}" for m, v in verdicts.items() if v == "SURVIVED")
          + "".join(f"\nstale (its text is gone): {m.path}: {m.name}" for m, v in verdicts.items() if v == "stale"))
    return 0 if caught == tried else 1


if __name__ == "__main__":
    sys.exit(main())
