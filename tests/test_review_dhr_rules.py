"""The general rules review-dhr (tests/fixtures/review-dhr) showed wrong, each on a text
of its own: found on a Domestic Homicide Review, meant for every review."""

from __future__ import annotations

from casereview.anonymise import Anonymiser
from casereview.checks.audit_presets import outline, preset_for
from casereview.checks.detect import find_unkeyed
from casereview.sources.key import Key

KEY = Key.from_mapping(
    {
        "entities": [
            {"acronym": "Adult E", "category": "family", "names": ["Ellen Bright"]},
            {"acronym": "Mr K", "category": "family", "names": ["Kieran Walker"]},
        ]
    }
)


def test_a_surname_that_is_an_ordinary_word_is_that_word_in_lower_case() -> None:
    anonymiser = Anonymiser(KEY)
    assert not anonymiser.has_names("She was a bright, sociable woman; he worked as a dog walker.")
    # Capitalised, or the whole name in any case, it is still the name (fail closed).
    assert anonymiser.has_names("In January 2023 Mr Walker was convicted.")
    assert anonymiser.has_names("Bright said so.")
    assert anonymiser.has_names("ellen bright")


def test_a_law_named_after_a_victim_is_not_an_unknown_name() -> None:
    text = "She was told under the Domestic Violence Disclosure Scheme, known as Clare's Law, and Sarah’s Law."
    assert find_unkeyed(text, known_names=[], known_terms=[], allow=[], first_line=1) == []
    # A full name in the possessive before "Law" is still a name.
    assert find_unkeyed("She met Clare Hobbs's Law today.", known_names=[], known_terms=[], allow=[], first_line=1)


def test_a_dhr_without_a_format_is_audited_against_the_core_sections() -> None:
    assert preset_for({"type": "domestic-homicide-review"}).name == "core"
    assert preset_for({"type": "safeguarding-adults-review"}).name == "adult-review"
    assert preset_for({"type": "serious-case-review"}).name == "pan-dorset"
    assert preset_for({"type": "domestic-homicide-review", "format": "north-yorkshire"}).name == "north-yorkshire"


BOLD_ONLY = """# Health IMR

**Introduction**

1.1 Text.

**Analysis**

**Coercive control (ToR Q2)**

3.2 Answer.

**Equality and diversity (ToR Q6)**

3.6 Answer.

**Recommendations**
"""

THIRD_LEVEL = """# AGENCY

## INDIVIDUAL MANAGEMENT REVIEW – DHR ADULT E

### 1. INTRODUCTION

1.1 Text.

### 3. ANALYSIS AGAINST THE TERMS OF REFERENCE

**Term of reference 1 – risk**

3.1 Answer.

**Term of reference 6 – equality and diversity**

3.6 Answer.

### 4. LEARNING

4.1 Text.
"""


def test_bold_lines_are_the_sections_of_a_document_without_level_2_headings() -> None:
    shape = outline(BOLD_ONLY)
    assert [s.title for s in shape.sections] == ["Introduction", "Analysis", "Recommendations"]
    keyed = shape.keyed()
    assert {"introduction", "analysis", "diversity", "recommendations"} <= set(keyed)
    assert "3.2 Answer." in keyed["analysis"].text  # the answers are the analysis


def test_level_3_sections_under_a_second_title_and_question_answers_nested() -> None:
    shape = outline(THIRD_LEVEL)
    assert [s.title for s in shape.sections] == [
        "1. INTRODUCTION",
        "3. ANALYSIS AGAINST THE TERMS OF REFERENCE",
        "4. LEARNING",
    ]
    keyed = shape.keyed()
    assert {"introduction", "analysis", "diversity", "lessons"} <= set(keyed)
    assert "3.1 Answer." in keyed["analysis"].text
