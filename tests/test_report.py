"""Tests for helpers.report: the results table's format, its round trip, and bad rows."""

import pytest

from helpers.report import parse_results_table, results_table


def test_results_table_formats_each_kind_of_value():
    table = results_table([("dev loss", 2.09314, 2.1701), ("names", 32033, 32033), ("note", "ok", None)])
    assert table.splitlines() == [
        "| figure | this notebook | lecture |",
        "|---|---|---|",
        "| dev loss | 2.0931 | 2.1701 |",
        "| names | 32,033 | 32,033 |",
        "| note | ok | – |",
    ]


def test_results_table_round_trip():
    rows = [("a", 1.5, None), ("b", 12345, 2.25)]
    assert parse_results_table(results_table(rows)) == {"a": ("1.5000", "–"), "b": ("12,345", "2.2500")}


def test_results_table_bad_rows():
    with pytest.raises(ValueError, match="each row is"):
        results_table([("a", 1)])
    with pytest.raises(ValueError, match="cannot contain"):
        results_table([("a|b", 1, 2)])
    with pytest.raises(ValueError, match="not a results table"):
        parse_results_table("| x | y |")
