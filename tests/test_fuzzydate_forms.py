"""The fuzzy-date forms we accept, and an error message that lists exactly them."""

import re

import pytest
from django.core.exceptions import ValidationError

from rounds import fuzzydates


def message_for(text: str) -> str:
    with pytest.raises(ValidationError) as error:
        fuzzydates.parse(text)
    return error.value.messages[0]


def examples_in_the_message() -> list[str]:
    message = message_for("soon")
    return re.findall(r"\b(?:[0-9X]{4}(?:-[0-9X]{2}){0,2})\b", message)


def test_every_example_in_the_message_is_accepted():
    examples = examples_in_the_message()

    assert {"2017", "2017-08", "2017-07-10", "2017-21", "201X", "2017-08-XX"} <= set(examples)
    for example in examples:
        fuzzydates.parse(example)


@pytest.mark.parametrize("qualifier", ["~", "?", "%"])
def test_every_qualifier_in_the_message_is_accepted(qualifier):
    assert f"{qualifier} (" in message_for("soon").replace("%%", "%")
    fuzzydates.parse(f"2017-08{qualifier}")


@pytest.mark.parametrize(
    "text, earliest, latest, reading",
    [
        ("2020-02-XX", "2020-02-01", "2020-02-29", "February 2020"),
        ("2017-XX", "2017-01-01", "2017-12-31", "2017"),
        ("201X", "2010-01-01", "2019-12-31", "2010s"),
        ("2017-XX-XX", "2017-01-01", "2017-12-31", "2017"),
        ("2020-02-XX~", "2020-02-01", "2020-02-29", "c. February 2020"),
    ],
)
def test_unspecified_digits_mean_the_whole_span(text, earliest, latest, reading):
    value = fuzzydates.parse(text)

    assert (value.earliest.isoformat(), value.latest.isoformat()) == (earliest, latest)
    assert fuzzydates.natural(value) == reading


@pytest.mark.parametrize("text", ["2020-02-2X", "2020-1X", "2017-07-1X~"])
def test_partly_unspecified_days_and_months_are_refused_with_the_forms(text):
    # EDTF level 2: the edtf package cannot parse these, so we do not accept them.
    message = message_for(text)

    assert f"“{text}” is not a date in EDTF form" in message
    assert "2017-08-XX" in message


def test_a_one_day_meeting_reads_as_one_day():
    assert fuzzydates.natural_range("2017-07-10", "2017-07-10") == "10 July 2017"
    assert fuzzydates.natural_range("2017-07-10", "") == "10 July 2017"
