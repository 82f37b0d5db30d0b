"""Tests for course_tools.compare: text exactly, integers exactly, floating-point figures within a tolerance."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from nbformat.v4 import new_output

from course_tools.compare import Tolerance, compare_text, last_unit, match_outputs, tolerance_of

DEFAULT = Tolerance()
WIDE = Tolerance(rel=0.01, reason="N(0, 1) weights amplify rounding")


@pytest.mark.parametrize(
    ("stored", "now"),
    [
        ("loss 2.4546 after 1,000 steps", "loss 2.4546 after 1,000 steps"),
        ("loss 2.4546", "loss 2.4547"),  # a rounding that tipped over
        ("loss 2.45462", "loss 2.45484"),  # within 1e-4 of the value
        ("62.4% saturated", "62.5% saturated"),
        ("gap 5.7e-06", "gap 5.8e-06"),
        ("tensor([ 4.4426, -0.1141])", "tensor([ 4.4425, -0.1141])"),
        ("mean -0.0000", "mean 0.0000"),  # the same number
        ("train 2.4546\ndev 2.4600\n", "train 2.4547\ndev 2.4600\n"),
    ],
)
def test_numbers_within_the_default_tolerance_match(stored, now):
    assert compare_text(stored, now, DEFAULT) is None


def test_a_number_outside_the_tolerance_fails_with_both_values_and_the_tolerance():
    message = compare_text("train 2.4546\ndev 2.4600", "train 2.4546\ndev 2.4612", DEFAULT)
    assert message.startswith("line 2: 2.4600 stored, 2.4612 now: they differ by 0.0012, more than the 0.00035 allowed")
    assert "the default tolerance: relative 0.0001, absolute 0" in message
    assert "stored: dev 2.4600" in message and "now: dev 2.4612" in message


def test_a_declared_tolerance_widens_the_match_and_names_its_reason():
    assert compare_text("dev 2.4013", "dev 2.3641", DEFAULT) is not None
    assert compare_text("dev 2.4013", "dev 2.3900", WIDE) is None
    message = compare_text("dev 2.4013", "dev 2.3641", WIDE)
    assert "more than the 0.024 allowed (declared in the cell: N(0, 1) weights amplify rounding: relative 0.01" in (
        message
    )


def test_the_allowance_adds_the_relative_part_the_absolute_part_and_half_of_each_last_digit():
    tolerance = Tolerance(rel=0.001, abs=0.01, reason="r")
    assert tolerance.allowed("2.00", "2.0") == pytest.approx(0.001 * 2 + 0.01 + (0.01 + 0.1) / 2)
    assert last_unit("2.4546") == pytest.approx(1e-4) and last_unit("1.0e-07") == pytest.approx(1e-8)


@pytest.mark.parametrize(
    ("stored", "now", "says"),
    [
        ("dev loss 2.4546", "val loss 2.4546", "the text differs: 'dev loss ' stored, 'val loss ' now"),
        ("16 of 20 are new", "15 of 20 are new", "16 stored, 15 now: integers must match exactly"),
        ("32,033 names", "32,034 names", "32,033 stored, 32,034 now: integers must match exactly"),
        ("steps 100", "steps 100.0", "integers must match exactly"),
        ("it ends at 5.", "it ends at 6.", "integers must match exactly"),  # a full stop is not a fraction
        ("a  1.5", "a 1.5", "the text differs"),  # whitespace is text
        ("row x1 2.5", "row x2 2.5", "the text differs"),  # digits inside a word are text
        ("loss nan", "loss 2.4546", "the line has 0 numbers stored and 1 now"),
        ("2.4546, 2.4547", "2.4546", "the line has 2 numbers stored and 1 now"),
        ("a 1\n", "a 1", "the line endings differ"),
    ],
)
def test_changed_words_integers_and_layout_fail(stored, now, says):
    message = compare_text(stored, now, WIDE)  # even a wide tolerance does not reach them
    assert message is not None and says in message


def test_every_differing_line_is_reported_up_to_a_few():
    stored = "\n".join(f"step {i}: loss 2.{i}000" for i in range(8))
    now = "\n".join(f"step {i}: loss 2.{i}100" for i in range(8))
    message = compare_text(stored, now, DEFAULT)
    assert [line.split(":")[0] for line in message.splitlines() if line.startswith("line")] == [
        f"line {i}" for i in range(1, 6)
    ]
    assert message.endswith("... and 3 more")


def test_a_missing_and_an_extra_line_fail():
    stored = "step 1: 3.3\nstep 2: 3.1\n"
    missing = compare_text(stored, "step 1: 3.3\n", DEFAULT)
    assert missing.startswith("the stored output has 2 lines, this run's 1: line 2 is missing")
    assert "stored: step 2: 3.1" in missing
    extra = compare_text(stored, stored + "step 3: 2.9\n", DEFAULT)
    assert extra.startswith("the stored output has 2 lines, this run's 3: line 3 is extra") and "step 3: 2.9" in extra


@given(st.floats(min_value=-1e4, max_value=1e4, allow_nan=False), st.floats(min_value=-1e-6, max_value=1e-6))
def test_a_last_bit_difference_never_fails(x, relative_change):
    for spec in (".4f", ".1f", ".2e", ".1%"):
        assert compare_text(f"x {x:{spec}}", f"x {x * (1 + relative_change):{spec}}", DEFAULT) is None


@given(st.floats(min_value=1.0, max_value=1e4), st.sampled_from([1.0005, 0.9995, 1.01]))
def test_a_real_change_of_the_figure_fails(x, factor):
    assert compare_text(f"loss {x:.4f}", f"loss {x * factor:.4f}", DEFAULT) is not None


def test_tolerance_of_reads_a_declaration_and_defaults_without_one():
    assert tolerance_of({}) == DEFAULT
    declared = {"tolerance": {"rel": 0.01, "reason": "N(0, 1) weights amplify rounding"}}
    assert tolerance_of(declared) == WIDE
    noise = {"tolerance": {"abs": 1e-5, "reason": "rounding noise"}}
    assert tolerance_of(noise) == Tolerance(rel=DEFAULT.rel, abs=1e-5, reason="rounding noise")  # rel kept


@pytest.mark.parametrize(
    ("declared", "says"),
    [
        ({"rel": 0.01}, "no one-line reason"),
        ({"rel": 0.01, "reason": "  "}, "no one-line reason"),
        ({"rel": 0.01, "reason": "two\nlines"}, "no one-line reason"),
        ({"rel": 0.01, "why": "x", "reason": "x"}, "not understood"),
        ({"rel": -0.01, "reason": "x"}, "numbers >= 0"),
        ({"rel": True, "reason": "x"}, "numbers >= 0"),
        ({"rel": "0.01", "reason": "x"}, "numbers >= 0"),
        ({"reason": "x"}, "neither rel nor abs"),
        (0.01, "not understood"),
    ],
)
def test_a_bad_declaration_says_what_is_wrong_and_how_to_declare_one(declared, says):
    with pytest.raises(ValueError, match=says) as error:
        tolerance_of({"tolerance": declared})
    assert '"reason": "why this cell amplifies rounding"' in str(error.value)


def stream(text, name="stdout"):
    return new_output("stream", name=name, text=text)


def result(**data):
    return new_output("execute_result", data=data, execution_count=1)


def test_match_outputs_takes_the_stored_text_where_it_matches_and_reports_where_not():
    stored = [stream("loss 2.4546\n"), stream("warning 1\n", "stderr"), result(**{"text/plain": "0.5000"})]
    now = [stream("loss 2.4547\n"), stream("warning 2\n", "stderr"), result(**{"text/plain": "0.5001"})]
    outputs, problems = match_outputs(stored, now, DEFAULT)
    assert outputs[0].text == "loss 2.4546\n" and outputs[2].data["text/plain"] == "0.5000"
    assert outputs[1].text == "warning 2\n"  # left as it is: nbval reports it
    assert problems == ["stderr output: line 1: 1 stored, 2 now: integers must match exactly\n"
                        "    stored: warning 1\n       now: warning 2"]
    assert now[0].text == "loss 2.4547\n"  # the new outputs themselves are not changed


def test_match_outputs_compares_each_text_type_and_applies_the_sanitize_rules():
    png = "iVBORw0KGgo="
    stored = [result(**{"text/plain": "<Figure at 0x7f00>", "text/markdown": "| loss | 2.4546 |", "image/png": png})]
    now = [result(**{"text/plain": "<Figure at 0x7f99>", "text/markdown": "| loss | 2.4547 |", "image/png": "x"})]
    outputs, problems = match_outputs(stored, now, DEFAULT, sanitize=lambda s: s.replace("0x7f99", "0x7f00"))
    assert problems == []
    assert outputs[0].data["text/plain"] == "<Figure at 0x7f00>" and outputs[0].data["image/png"] == "x"
    assert outputs[0].data["text/markdown"] == "| loss | 2.4546 |"


def test_match_outputs_leaves_unpaired_outputs_for_the_exact_comparison():
    outputs, problems = match_outputs([stream("a 1.0\n")], [stream("a 1.0\n"), stream("b\n", "stderr")], DEFAULT)
    assert [o.text for o in outputs] == ["a 1.0\n", "b\n"] and problems == []
    outputs, problems = match_outputs([stream("a 1.0\n"), stream("b\n", "stderr")], [stream("a 1.0\n")], DEFAULT)
    assert len(outputs) == 1 and problems == []


@pytest.mark.parametrize(
    ("stored", "now", "passes"),
    [
        ("eps 1e-05", "eps 1.2e-05", True),  # an exponent without a decimal point is still a float
        ("eps 1e-05", "eps 3e-05", False),
        ("eps 1E+03", "eps 1.0004E+03", True),
        ("x 5e-06", "x 5", False),
    ],
)
def test_a_float_written_with_an_exponent_and_no_decimal_point_is_a_float(stored, now, passes):
    assert (compare_text(stored, now, DEFAULT) is None) == passes


def test_the_sanitize_rules_apply_to_the_stored_side_and_to_this_runs_side():
    def sanitize(text):
        return re.sub(r"0x[0-9a-f]+", "0xADDRESS", text)

    stored, now = [result(**{"text/plain": "<Figure at 0x7f00>"})], [result(**{"text/plain": "<Figure at 0x7f99>"})]
    assert match_outputs(stored, now, DEFAULT, sanitize=sanitize)[1] == []
    assert match_outputs(stored, now, DEFAULT)[1] != []  # without the rules they differ


def test_outputs_of_one_kind_pair_in_order():
    stored = [stream("loss 2.0\n"), stream("val 3.0\n")]
    assert match_outputs(stored, [stream("loss 2.0\n"), stream("val 3.0\n")], DEFAULT)[1] == []
    _, problems = match_outputs(stored, [stream("val 3.0\n"), stream("loss 2.0\n")], DEFAULT)
    assert len(problems) == 2 and problems[0].startswith("stdout output: line 1: the text differs")
