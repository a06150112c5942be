"""Detecting names and identifiers that a review's anonymisation key does not cover."""

from __future__ import annotations

from datetime import date

import pytest

from casereview.checks.detect import Candidate, find_unkeyed, mask

# What a caller passes from the key: real names, aliases, name tokens and acronyms.
KNOWN_NAMES = [
    "Child T",
    "Tilly Harper-Quinn",
    "Tilly",
    "Harper-Quinn",
    "Harper",
    "Quinn",
    "Mother M",
    "Kayleigh Harper",
    "Kayleigh",
    "SW1",
    "Priya Ramanathan",
    "Priya",
    "Ramanathan",
    "GP1",
    "Imogen Tranter",
    "Imogen",
    "Tranter",
    "School 1",
    "Ashcombe Primary School",
    "Ashcombe",
    "Street 1",
    "Quarrybank Close",
    "Quarrybank",
]
# Glossary abbreviations and expansions, agency names, the board.
KNOWN_TERMS = [
    "CSC",
    "Children's Social Care",
    "MASH",
    "Multi-Agency Safeguarding Hub",
    "ICPC",
    "Initial Child Protection Conference",
    "A&E",
    "Accident and Emergency",
    "Eastmoor Constabulary",
    "Eastmoor Safeguarding Children Partnership",
    "ESCP",
    "Eastmoor Children's Social Care",
]
ALLOW = ["Bluebell Ward"]


def scan(text: str, *, allow: list[str] | None = None, first_line: int = 1) -> list[Candidate]:
    return find_unkeyed(
        text,
        known_names=KNOWN_NAMES,
        known_terms=KNOWN_TERMS,
        allow=ALLOW if allow is None else allow,
        first_line=first_line,
    )


def position(text: str, needle: str, first_line: int = 1) -> tuple[int, int]:
    """1-based (line, column) of the first occurrence of ``needle``."""
    offset = text.index(needle)
    before = text[:offset]
    return first_line + before.count("\n"), offset - (before.rfind("\n") + 1) + 1


def nhs_check_digit(first_nine: str) -> int | None:
    """The modulus 11 algorithm, written out independently of the module under test."""
    weighted = sum(int(digit) * (10 - i) for i, digit in enumerate(first_nine))
    check = 11 - (weighted % 11)
    if check == 11:
        return 0
    return None if check == 10 else check


def valid_nhs_number(first_nine: str) -> str:
    check = nhs_check_digit(first_nine)
    if check is None:
        raise ValueError("no valid check digit for these nine digits")
    digits = f"{first_nine}{check}"
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


VALID_NHS = valid_nhs_number("485777302")

# An IMR narrative that leaks one of each kind of identifier. The first line of the
# body is line 9 of the file (the frontmatter took lines 1 to 8).
SEEDED = f"""## Agency involvement

On 3 October 2022 SW1 visited the home at Quarrybank Close with a student social
worker, Jordan Fairley, who recorded that Child T was asleep upstairs. Mother M said
that her friend Mrs Okonkwo had been staying. The family had moved from Larkspur Close
in the spring; the new tenancy was in the name of DC Amira Patel's cousin.

The referral from A&E gave Child T's NHS number as {VALID_NHS} and the GP records
gave the postcode EM4 7QT. Mother M's National Insurance number, JT 48 21 09 B, was
on the housing benefit form, with a mobile number of 07700 900461 and the e-mail
address kayls.h@example.co.uk. The MASH record noted Child T's DOB: 14/07/2020.
"""

SEEDED_EXPECTED = [
    ("Jordan Fairley", "capitalised-name"),
    ("Mrs Okonkwo", "titled-name"),
    ("Larkspur Close", "capitalised-name"),
    ("DC Amira Patel", "titled-name"),
    (VALID_NHS, "nhs-number"),
    ("EM4 7QT", "postcode"),
    ("JT 48 21 09 B", "ni-number"),
    ("07700 900461", "phone"),
    ("kayls.h@example.co.uk", "email"),
    ("14/07/2020", "date-of-birth"),
]


def test_each_seeded_leak_is_reported_at_its_file_line_and_column() -> None:
    found = scan(SEEDED, first_line=9)

    reported = [(c.text, c.kind, c.line, c.column) for c in found]
    expected = [(text, kind, *position(SEEDED, text, first_line=9)) for text, kind in SEEDED_EXPECTED]
    assert reported == expected


def test_masked_forms_never_contain_the_value() -> None:
    for candidate in scan(SEEDED):
        assert candidate.text not in candidate.masked
        words = candidate.text.replace("'s", "").split()
        if candidate.kind == "titled-name":
            words = words[1:]  # the title itself may be shown
        for word in words:
            if len(word) > 2:
                assert word not in candidate.masked, candidate.kind


def test_masked_names_are_initials() -> None:
    by_text = {c.text: c.masked for c in scan(SEEDED)}
    assert by_text["Jordan Fairley"] == "J. F."
    assert by_text["Mrs Okonkwo"] == "Mrs O."
    assert by_text["DC Amira Patel"] == "DC A. P."
    assert by_text[VALID_NHS] == f"NHS number ending {VALID_NHS[-2:]}"


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("Kayleigh-Ann O'Rourke", "capitalised-name", "K.-A. O."),
        ("Dr Jordan Fairley", "titled-name", "Dr J. F."),
        ("JT482109B", "ni-number", "NI number ending 9B"),
        ("SW1A 1AA", "postcode", "postcode ending AA"),
        ("+44 1632 960001", "phone", "phone number ending 01"),
        ("someone@example.org", "email", "e-mail address ending .org"),
        ("14 July 2020", "date-of-birth", "date of birth"),
    ],
)
def test_mask_by_kind(text: str, kind: str, expected: str) -> None:
    assert mask(text, kind) == expected


def test_nhs_number_with_a_wrong_check_digit_is_not_reported() -> None:
    digits = VALID_NHS.replace(" ", "")
    wrong = digits[:9] + str((int(digits[9]) + 1) % 10)
    text = f"The hospital letter quoted NHS number {wrong[:3]} {wrong[3:6]} {wrong[6:]}, and the GP letter {VALID_NHS}."
    assert [(c.kind, c.text) for c in scan(text)] == [("nhs-number", VALID_NHS)]


def test_nhs_number_is_found_without_spaces() -> None:
    digits = VALID_NHS.replace(" ", "")
    assert [c.kind for c in scan(f"NHS no. {digits} on the discharge summary.")] == ["nhs-number"]


def test_nine_digits_whose_check_digit_would_be_ten_are_never_reported() -> None:
    first_nine = next(f"{n:09d}" for n in range(400000000, 400001000) if nhs_check_digit(f"{n:09d}") is None)
    for last in "0123456789":
        number = first_nine + last
        assert scan(f"Recorded as {number[:3]} {number[3:6]} {number[6:]}.") == []


NEGATIVE_CONTROLS = """## Analysis Of Involvement

### Q3: The Child's Wishes And Feelings

Children's Social Care held an Initial Child Protection Conference in March 2023.
The Child Protection Conference agreed a plan. Working Together 2018 and the
Children Act 1989 set out the Terms of Reference for a Serious Case Review.
Following the Strategy Meeting, SW1 and GP1 spoke to Mother M. Subsequently Eastmoor
Constabulary shared the log with the MASH. The Health Visitor saw Child T at
School 1 on Tuesday. Regrettably Eastmoor Children's Social Care did not attend.
Dr Tranter and Ms Ramanathan agreed that Tilly Harper-Quinn should be seen at home in
Quarrybank Close. Nurses on Bluebell ward and bluebell Ward staff were not asked. See
paragraph [](#late-referral) and the [[key]] below. {#late-referral}

[[glossary]]

**Date Of Visit** | **Seen Alone** | **Outcome**
"""


def test_ordinary_capitalised_text_is_not_reported() -> None:
    assert scan(NEGATIVE_CONTROLS) == []


def test_an_allowlisted_phrase_is_reported_without_the_allowlist() -> None:
    found = scan("The child was admitted to Bluebell Ward overnight.", allow=[])
    assert [c.text for c in found] == ["Bluebell Ward"]


def test_allowlist_is_case_insensitive_and_exact() -> None:
    text = "Admitted to BLUEBELL ward, then to Bluebell Ward and to Bluebell Unit Fairley."
    found = scan(text, allow=["bluebell ward"])
    assert [c.text for c in found] == ["Bluebell Unit Fairley"]


def test_a_known_first_name_with_an_unknown_surname_is_reported() -> None:
    found = scan("The nursery registered the child as Tilly Fairley.")
    assert [(c.kind, c.text) for c in found] == [("capitalised-name", "Tilly Fairley")]


def test_a_name_at_the_start_of_a_sentence_is_still_reported() -> None:
    found = scan("The visit ended early.\nJordan Fairley then phoned the MASH.")
    assert [(c.text, c.line, c.column) for c in found] == [("Jordan Fairley", 2, 1)]


def test_a_name_wrapped_over_two_lines_is_reported_at_its_first_word() -> None:
    text = "The allocated worker was\nJordan\nFairley, who had joined in May."
    found = scan(text)
    assert [(c.text, c.line, c.column) for c in found] == [("Jordan\nFairley", 2, 1)]


def test_a_heading_does_not_run_into_the_next_line() -> None:
    text = "## Family Composition\nMother M lives with Child T."
    assert scan(text) == []


def test_a_name_that_is_also_a_month_is_reported() -> None:
    found = scan("Child T was collected by May Fairley, a neighbour.")
    assert [c.text for c in found] == ["May Fairley"]


def test_titles_with_a_known_surname_are_not_reported() -> None:
    assert scan("Dr Tranter referred Child T; Ms Ramanathan visited.") == []


def test_title_then_ordinary_role_is_not_reported() -> None:
    assert scan("The Nurse Practitioner and the Sister in Charge were told.") == []


@pytest.mark.parametrize(
    "number",
    ["JT 48 21 09 B", "JT482109B", "ab 12 34 56 c", "CE123456D"],
)
def test_national_insurance_numbers(number: str) -> None:
    found = scan(f"The benefit claim quoted {number} in full.")
    assert [(c.kind, c.text) for c in found] == [("ni-number", number)]


@pytest.mark.parametrize(
    "not_a_number",
    # D, F, I, Q, U and V are never first letters; O is never second; BG, GB, NK,
    # KN, NT, TN and ZZ are never issued; suffixes run from A to D only.
    [
        "DA 12 34 56 A",
        "QQ 12 34 56 C",
        "AO 12 34 56 A",
        "GB 12 34 56 A",
        "ZZ 12 34 56 A",
        "JT 48 21 09 E",
    ],
)
def test_invalid_national_insurance_numbers_are_not_reported(not_a_number: str) -> None:
    assert scan(f"The form quoted {not_a_number}.") == []


@pytest.mark.parametrize("postcode", ["EM4 7QT", "SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "EM47QT"])
def test_postcodes(postcode: str) -> None:
    found = scan(f"The family moved to {postcode} in May.")
    assert [(c.kind, c.text) for c in found] == [("postcode", postcode)]


@pytest.mark.parametrize(
    "phone",
    [
        "07700 900461",
        "07700900461",
        "0121 496 0000",
        "020 7946 0958",
        "01632 960001",
        "+44 7700 900461",
        "+44 (0)1632 960001",
        "0300 123 4567",
    ],
)
def test_phone_numbers(phone: str) -> None:
    found = scan(f"She gave {phone} as her number.")
    assert [(c.kind, c.text) for c in found] == [("phone", phone)]


@pytest.mark.parametrize(
    "text",
    [
        "The strategy meeting was on 01.02.2023 at 0930.",
        "Records from 2022-09-01 to 2023-11-30 were read.",
        "Section 47 enquiries began; 12 visits in 2023.",
        "Call 07700 90046 was incomplete.",
    ],
)
def test_dates_times_and_counts_are_not_identifiers(text: str) -> None:
    assert scan(text) == []


def test_email_in_a_mailto_link_is_reported() -> None:
    text = "Write to [the practice](mailto:reception@brackenhurst.example.nhs.uk) first."
    address = "reception@brackenhurst.example.nhs.uk"
    found = scan(text)
    assert [(c.kind, c.text, c.column) for c in found] == [("email", address, position(text, address)[1])]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Child T (DOB 14/07/2020) was seen.", "14/07/2020"),
        ("Child T, D.O.B. 14.07.2020, was seen.", "14.07.2020"),
        ("Her date of birth is given as 14 July 2020.", "14 July 2020"),
        ("Child T was born on the 14th of July 2020.", "14th of July 2020"),
        ("Sibling S was born at home on 19 May 2015.", "19 May 2015"),
        ("Mother M (date of birth: 2020-07-14) attended.", "2020-07-14"),
    ],
)
def test_dates_of_birth(text: str, date: str) -> None:
    found = scan(text)
    assert [(c.kind, c.text) for c in found] == [("date-of-birth", date)]


def test_a_date_without_a_birth_cue_is_not_reported() -> None:
    assert scan("Child T was seen on 14/07/2020 and again on 14 July 2021.") == []


def test_identifier_written_in_the_allowlist_is_not_reported() -> None:
    text = "The ESCP helpline is 0300 123 4567."
    assert scan(text, allow=["0300 123 4567"]) == []


def test_a_date_of_birth_wrapped_over_a_line_break_is_reported() -> None:
    text = "Sibling S was born on 19\nMay 2015 at home."
    assert [(c.text, c.line) for c in scan(text)] == [("19\nMay 2015", 1)]


def test_a_date_of_birth_the_key_records_is_covered_only_when_passed() -> None:
    text = "Child T was born on 14 July 2020; Sibling S (DOB 19/05/15) was at school."
    births = [date(2020, 7, 14)]

    without_key = [c.text for c in scan(text)]
    with_key = [
        c.text
        for c in find_unkeyed(text, known_names=KNOWN_NAMES, known_terms=KNOWN_TERMS, allow=[], known_dates=births)
    ]

    assert without_key == ["14 July 2020", "19/05/15"]
    assert with_key == ["19/05/15"]


def test_a_street_the_key_lists_is_covered_but_another_street_is_not() -> None:
    text = "They moved from Quarrybank Close to Station Road, near the Lullaby Trust office."
    assert [c.text for c in scan(text)] == ["Station Road", "Lullaby Trust"]


def test_a_phone_number_in_a_tel_link_is_reported() -> None:
    text = "Ring [the duty desk](tel:07700900461) or see [](#late-referral)."
    assert [(c.kind, c.text) for c in scan(text)] == [("phone", "07700900461")]


def test_a_name_in_a_heading_is_reported() -> None:
    text = "## Contact With Jordan Fairley\n\nThe visit was brief."
    assert [(c.text, c.line, c.column) for c in scan(text)] == [("Jordan Fairley", 1, 17)]


# --- issue 14: capitalised words that are not names ---------------------------------------


def test_teams_and_the_areas_public_bodies_are_not_names() -> None:
    text = (
        "A session with the Sensory Impairment Team was booked. The Eastmoor Acute Hospitals "
        "trust agreed; Eastmoor County Council funded it."
    )
    assert scan(text, allow=["Eastmoor"]) == []


def test_an_unknown_body_that_is_not_the_areas_is_still_reported() -> None:
    assert [c.text for c in scan("They met at the Lullaby Trust office.")] == ["Lullaby Trust"]


def test_a_month_before_a_year_and_a_capital_opening_a_cell_are_not_a_name() -> None:
    text = "| Report to governors. | Headteacher | Started April 2018 | G |\n\nWe met April Fenby."
    assert [c.text for c in scan(text)] == ["April Fenby"]


def test_the_references_section_is_not_searched_for_names() -> None:
    from casereview.checks.check import without_references

    body = "## Analysis\n\nPalgrave Macmillan said.\n\n## References\n\nHorwath, J. (2013) Basingstoke: Palgrave\nMacmillan.\n"
    kept = without_references(body)
    assert [c.text for c in scan(kept)] == ["Palgrave Macmillan"]
    assert kept.count("\n") == body.count("\n")  # lines kept, so findings keep their line numbers
