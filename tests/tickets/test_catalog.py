"""Catalog forms: the schema check an admin meets and the submission check a requester meets."""

import pytest

from servicedesk.errors import ValidationError
from servicedesk.tickets.catalog import check_schema, clean_submission

STREETLIGHT_FORM = [
    {"name": "kind", "label": "Problem", "type": "choice", "choices": ["dark", "flickering"]},
    {
        "name": "pole_number",
        "label": "Pole number",
        "type": "text",
        "required": True,
        "help": "The number on the metal plate.",
        "shown_when": {"field": "kind", "equals": "dark"},
    },
    {
        "name": "since",
        "label": "Since when",
        "type": "date",
        "shown_when": {"field": "kind", "in": ["dark", "flickering"]},
    },
]


def field(kind, name="answer", label="Answer", **extra):
    return {"name": name, "label": label, "type": kind} | extra


def cleaned(schema, raw):
    return clean_submission(check_schema(schema), raw)


def errors_of(schema, raw) -> dict[str, str]:
    with pytest.raises(ValidationError) as raised:
        cleaned(schema, raw)
    assert raised.value.message == "Some fields need attention."
    return raised.value.fields


# --- the schema an admin writes ------------------------------------------------------------


def test_a_good_schema_is_returned_normalised():
    assert check_schema(STREETLIGHT_FORM) == [
        {
            "name": "kind",
            "label": "Problem",
            "type": "choice",
            "required": False,
            "choices": ["dark", "flickering"],
        },
        {
            "name": "pole_number",
            "label": "Pole number",
            "type": "text",
            "required": True,
            "help": "The number on the metal plate.",
            "shown_when": {"field": "kind", "equals": "dark"},
        },
        {
            "name": "since",
            "label": "Since when",
            "type": "date",
            "required": False,
            "shown_when": {"field": "kind", "in": ["dark", "flickering"]},
        },
    ]


def test_every_field_type_is_accepted():
    kinds = ["text", "long_text", "number", "date", "location", "file"]
    schema = [field(kind, name=f"f_{kind}") for kind in kinds] + [
        field("choice", name="f_choice", choices=["a"]),
        field("multi_choice", name="f_multi", choices=["a", "b"]),
    ]
    assert [f["type"] for f in check_schema(schema)] == kinds + ["choice", "multi_choice"]


def test_surrounding_spaces_are_trimmed_from_a_label():
    assert check_schema([field("text", label="  Pole number ")])[0]["label"] == "Pole number"


KIND = field("choice", name="kind", label="Problem", choices=["dark", "flickering"])


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        pytest.param({"fields": []}, "The form must be a list of fields.", id="not-a-list"),
        pytest.param("text", "The form must be a list of fields.", id="a-string"),
        pytest.param([KIND, "pole"], "Field 2 must be an object.", id="field-not-an-object"),
        pytest.param(
            [field("text", name="Pole Number")],
            "Field 1: name must be lower-case letters, digits or _.",
            id="name-with-capitals-and-space",
        ),
        pytest.param(
            [field("text", name="1st")],
            "Field 1: name must be lower-case letters, digits or _.",
            id="name-starting-with-a-digit",
        ),
        pytest.param(
            [field("text", name="a" * 41)],
            "Field 1: name must be lower-case letters, digits or _.",
            id="name-too-long",
        ),
        pytest.param(
            [{"label": "Pole", "type": "text"}],
            "Field 1: name must be lower-case letters, digits or _.",
            id="name-missing",
        ),
        pytest.param(
            [KIND, field("text", name="kind", label="Kind again")],
            "Field 2: the name 'kind' is used twice.",
            id="duplicate-name",
        ),
        pytest.param(
            [field("checkbox")],
            "Field 1: type must be one of text, long_text, number, choice, multi_choice, date, "
            "location, file.",
            id="unknown-type",
        ),
        pytest.param(
            [{"name": "pole", "type": "text"}], "Field 1: a label is required.", id="no-label"
        ),
        pytest.param(
            [field("text", label="   ")], "Field 1: a label is required.", id="blank-label"
        ),
        pytest.param(
            [field("choice")],
            "Field 1: a choice field needs a list of choices.",
            id="choice-without-choices",
        ),
        pytest.param(
            [field("multi_choice", choices=[])],
            "Field 1: a choice field needs a list of choices.",
            id="multi-choice-with-empty-choices",
        ),
        pytest.param(
            [field("choice", choices="dark,flickering")],
            "Field 1: a choice field needs a list of choices.",
            id="choices-as-a-string",
        ),
        pytest.param(
            [field("choice", choices=["dark", 2])],
            "Field 1: a choice field needs a list of choices.",
            id="choice-not-a-string",
        ),
        pytest.param(
            [field("text", name="pole", shown_when={"field": "kind", "equals": "dark"}), KIND],
            "Field 1: shown_when must name an earlier field.",
            id="shown-when-names-a-later-field",
        ),
        pytest.param(
            [KIND, field("text", name="pole", shown_when={"field": "colour", "equals": "red"})],
            "Field 2: shown_when must name an earlier field.",
            id="shown-when-names-an-unknown-field",
        ),
        pytest.param(
            [KIND, field("text", name="pole", shown_when={"field": "pole", "equals": "x"})],
            "Field 2: shown_when must name an earlier field.",
            id="shown-when-names-itself",
        ),
        pytest.param(
            [KIND, field("text", name="pole", shown_when="kind")],
            "Field 2: shown_when must name an earlier field.",
            id="shown-when-not-an-object",
        ),
        pytest.param(
            [KIND, field("text", name="pole", shown_when={"field": "kind"})],
            "Field 2: shown_when needs 'equals' or an 'in' list.",
            id="shown-when-without-equals-or-in",
        ),
        pytest.param(
            [KIND, field("text", name="pole", shown_when={"field": "kind", "in": "dark"})],
            "Field 2: shown_when needs 'equals' or an 'in' list.",
            id="shown-when-in-not-a-list",
        ),
    ],
)
def test_a_schema_mistake_is_refused_with_a_message_an_admin_understands(schema, message):
    with pytest.raises(ValidationError) as raised:
        check_schema(schema)
    assert raised.value.message == message


# --- what people submit, per field type ----------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "raw", "value"),
    [
        ("text", "  Pole 42  ", "Pole 42"),
        ("text", "x" * 2000, "x" * 2000),
        ("long_text", "line one\nline two", "line one\nline two"),
        ("long_text", "y" * 20000, "y" * 20000),
        ("number", "3", 3),
        ("number", " 7 ", 7),
        ("number", "3.0", 3),
        ("number", "2.5", 2.5),
        ("number", "-4", -4),
        ("number", "0", 0),
        ("number", "1e3", 1000),
        ("date", "2026-11-17", "2026-11-17"),
        ("file", "photo.jpg", "photo.jpg"),
    ],
)
def test_a_good_value_is_kept_typed(kind, raw, value):
    result = cleaned([field(kind)], {"answer": raw})
    assert result == {"answer": value}
    assert type(result["answer"]) is type(value)


NOT_LISTED = "Answer: choose one of the listed options."


@pytest.mark.parametrize(
    ("schema_field", "raw", "message"),
    [
        (field("text"), "x" * 2001, "Answer: at most 2000 characters."),
        (field("file"), "f" * 2001, "Answer: at most 2000 characters."),
        (field("long_text"), "y" * 20001, "Answer: at most 20000 characters."),
        (field("number"), "abc", "Answer: enter a number."),
        (field("number"), "nan", "Answer: enter a number."),
        (field("number"), "inf", "Answer: enter a number."),
        (field("number"), "-inf", "Answer: enter a number."),
        (field("number"), "3,5", "Answer: enter a number."),
        (field("choice", choices=["dark", "flickering"]), "exploded", NOT_LISTED),
        (field("choice", choices=["dark", "flickering"]), "Dark", NOT_LISTED),
        (field("date"), "17/11/2026", "Answer: enter a date as YYYY-MM-DD."),
        (field("date"), "2026-02-30", "Answer: enter a date as YYYY-MM-DD."),
        (field("date"), "tomorrow", "Answer: enter a date as YYYY-MM-DD."),
    ],
)
def test_a_malformed_value_is_a_field_error_naming_the_field(schema_field, raw, message):
    assert errors_of([schema_field], {"answer": raw}) == {"answer": message}


def test_a_choice_from_the_list_is_kept():
    schema = [field("choice", choices=["dark", "flickering"])]
    assert cleaned(schema, {"answer": "flickering"}) == {"answer": "flickering"}


TOPICS = field("multi_choice", name="topics", label="Topics", choices=["lamp", "pole", "cable"])


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (["lamp", "cable"], ["lamp", "cable"]),
        ("pole", ["pole"]),
        (["lamp", " ", ""], ["lamp"]),
    ],
)
def test_multi_choice_keeps_the_chosen_options(raw, value):
    assert cleaned([TOPICS], {"topics": raw}) == {"topics": value}


def test_multi_choice_refuses_an_option_that_is_not_offered():
    errors = errors_of([TOPICS], {"topics": ["lamp", "graffiti"]})
    assert errors == {"topics": "Topics: 'graffiti' is not one of the options."}


def test_multi_choice_given_a_number_is_a_field_error_not_a_crash():
    # JSON clients send any type; a bad one must be a field error (a TypeError would be a 500).
    errors = errors_of([TOPICS], {"topics": 5})
    assert list(errors) == ["topics"]


PLACE = field("location", name="place", label="Where")


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        pytest.param({"address": " 12 Main St "}, {"address": "12 Main St"}, id="address-only"),
        pytest.param("12 Main St", {"address": "12 Main St"}, id="address-as-text"),
        pytest.param(
            {"lat": "40.7128", "lon": "-74.0060"},
            {"address": "", "lat": 40.7128, "lon": -74.006},
            id="point-only",
        ),
        pytest.param(
            {"address": "City Hall", "lat": "40.7128", "lon": "-74.0060"},
            {"address": "City Hall", "lat": 40.7128, "lon": -74.006},
            id="address-and-point",
        ),
        pytest.param(
            {"lat": "-90", "lon": "180"}, {"address": "", "lat": -90.0, "lon": 180.0}, id="edges"
        ),
        pytest.param(
            {"address": "Greenwich Park", "lat": 51.4769, "lon": 0},
            {"address": "Greenwich Park", "lat": 51.4769, "lon": 0.0},
            id="numbers-on-the-prime-meridian",
        ),
    ],
)
def test_a_location_is_an_address_a_point_or_both(raw, value):
    assert cleaned([PLACE], {"place": raw}) == {"place": value}


OUT_OF_RANGE = "Where: latitude must be within ±90 and longitude within ±180."
NOT_NUMBERS = "Where: latitude and longitude must both be numbers."


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"lat": "91", "lon": "0"}, OUT_OF_RANGE),
        ({"lat": "-90.5", "lon": "0"}, OUT_OF_RANGE),
        ({"lat": "0", "lon": "-181"}, OUT_OF_RANGE),
        ({"lat": "nan", "lon": "0"}, OUT_OF_RANGE),
        ({"lat": "north", "lon": "0"}, NOT_NUMBERS),
        ({"lat": "40.7"}, NOT_NUMBERS),
        ({"address": "Main St", "lon": "-74"}, NOT_NUMBERS),
    ],
)
def test_a_bad_point_is_a_field_error(raw, message):
    assert errors_of([PLACE], {"place": raw}) == {"place": message}


# --- required and conditional fields -------------------------------------------------------


EMPTY_VALUES = [
    (kind, raw)
    for kind in ("text", "long_text", "number", "date", "file", "choice")
    for raw in (None, "", "   ")
] + [
    ("multi_choice", None),
    ("multi_choice", []),
    ("multi_choice", ["", "  "]),
    ("location", None),
    ("location", ""),
    ("location", {}),
    ("location", {"address": " ", "lat": "", "lon": ""}),
]


@pytest.mark.parametrize(("kind", "raw"), EMPTY_VALUES, ids=repr)
def test_a_required_field_left_empty_says_it_is_required(kind, raw):
    schema = [field(kind, label="Pole number", required=True, choices=["a"])]
    assert errors_of(schema, {"answer": raw}) == {"answer": "Pole number is required."}


def test_a_required_field_not_sent_at_all_says_it_is_required():
    assert errors_of([field("text", label="Pole number", required=True)], {}) == {
        "answer": "Pole number is required."
    }


def test_a_missing_optional_field_is_left_out():
    schema = [field("text", name="note", label="Note"), field("number", name="count")]
    assert cleaned(schema, {"note": "  "}) == {}


def test_values_of_fields_not_in_the_form_are_dropped():
    assert cleaned([field("text")], {"answer": "ok", "is_admin": "yes"}) == {"answer": "ok"}


def test_a_shown_field_is_required_and_kept():
    raw = {"kind": "dark", "pole_number": "P-42", "since": "2026-11-01"}
    assert cleaned(STREETLIGHT_FORM, raw) == raw
    errors = errors_of(STREETLIGHT_FORM, {"kind": "dark"})
    assert errors == {"pole_number": "Pole number is required."}


def test_a_hidden_field_is_neither_required_nor_kept():
    raw = {"kind": "flickering", "pole_number": "P-42", "since": "2026-11-01"}
    assert cleaned(STREETLIGHT_FORM, raw) == {"kind": "flickering", "since": "2026-11-01"}


def test_fields_that_depend_on_an_unanswered_choice_are_hidden():
    raw = {"pole_number": "P-42", "since": "not a date"}
    assert cleaned(STREETLIGHT_FORM, raw) == {}


def test_a_hidden_field_with_a_malformed_value_is_not_an_error():
    raw = {"kind": "flickering", "pole_number": "x" * 5000}
    assert cleaned(STREETLIGHT_FORM, raw) == {"kind": "flickering"}


MULTI_FORM = [
    TOPICS,
    field(
        "text",
        name="cable_colour",
        label="Cable colour",
        required=True,
        shown_when={"field": "topics", "equals": "cable"},
    ),
    field(
        "number",
        name="height",
        label="Pole height",
        required=True,
        shown_when={"field": "topics", "in": ["pole", "lamp"]},
    ),
]


@pytest.mark.parametrize(
    ("topics", "required"),
    [
        (["cable"], {"cable_colour": "Cable colour is required."}),
        (["lamp"], {"height": "Pole height is required."}),
        (["pole", "lamp"], {"height": "Pole height is required."}),
        (
            ["lamp", "cable"],
            {"cable_colour": "Cable colour is required.", "height": "Pole height is required."},
        ),
    ],
)
def test_a_multi_choice_requires_the_fields_of_each_option_ticked(topics, required):
    assert errors_of(MULTI_FORM, {"topics": topics}) == required


def test_a_multi_choice_with_nothing_ticked_requires_no_dependent_field():
    assert cleaned(MULTI_FORM, {"topics": []}) == {}


def test_a_multi_choice_hides_fields_of_options_not_ticked():
    raw = {"topics": ["cable"], "cable_colour": "red", "height": "12"}
    assert cleaned(MULTI_FORM, raw) == {"topics": ["cable"], "cable_colour": "red"}


def test_a_controlling_field_with_a_bad_value_hides_its_dependants():
    # The person is told about the choice; a hidden "required" error on top would mislead.
    raw = {"kind": "exploded", "pole_number": ""}
    errors = errors_of(STREETLIGHT_FORM, raw)
    assert errors == {"kind": "Problem: choose one of the listed options."}


def test_every_problem_is_reported_at_once_per_field():
    schema = [
        field("text", name="pole", label="Pole number", required=True),
        field("number", name="height", label="Height"),
        field("date", name="since", label="Since when"),
        field("choice", name="kind", label="Problem", choices=["dark"]),
        field("text", name="note", label="Note"),
    ]
    raw = {"height": "tall", "since": "yesterday", "kind": "bright", "note": "fine"}
    assert errors_of(schema, raw) == {
        "pole": "Pole number is required.",
        "height": "Height: enter a number.",
        "since": "Since when: enter a date as YYYY-MM-DD.",
        "kind": "Problem: choose one of the listed options.",
    }
