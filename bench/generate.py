#!/usr/bin/env python3
"""Generate a complete casereview project of synthetic reviews, for benchmarks.

Run: ``.venv/bin/python bench/generate.py OUT --documents 100 [--seed 7]``.

Every review follows content/guide/content-model.md: a Terms of Reference with
eleven questions, a key of 24-40 entities, four IMRs of about 3,000 words (every
required heading, one ``### Qn`` per question, labelled paragraphs, citations, a
40-row table, real names the build must replace), four chronologies of 60-100 rows
each (two CSV, two XLSX), four action plans, an overview report, an executive summary
and a synopsis written in acronyms only. A review has 12 Markdown documents, so
``--documents 1000`` writes 83 reviews. The output is the same for the same seed.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
DOCUMENTS_PER_REVIEW = 12


@dataclass(frozen=True)
class Agency:
    id: str
    acronym: str
    name: str
    spreadsheet: bool  # chronology as .xlsx (else .csv)


AGENCIES = [
    Agency("csc", "CSC", "Eastmoor Children's Social Care", False),
    Agency("police", "Police", "Eastmoor Constabulary", True),
    Agency("health", "Health", "NHS Eastmoor Integrated Care Board", False),
    Agency("education", "Education", "Eastmoor Council Education Service", True),
]
FEMALE = "Kayleigh Imogen Priya Joanne Tilly Freya Niamh Shona Aisling Bethany Chloe Demi Elodie Fiona Gemma Harriet Isla Jodie Kirsty Leanne Maisie Nadia Orla Paige Rhiannon Siobhan Tamsin Yasmin Zara Lorna".split()
MALE = "Connor Riley Gareth Lewis Amrit Aiden Bradley Callum Darren Ewan Fergus Graeme Hamish Ieuan Jamal Keiran Liam Niall Owain Rhys Stefan Tomasz Umar Wayne Kyle Declan Jordan Ryan Shane Dominic".split()
SURNAMES = "Ramanathan Pellow Dawson Sandhu Pryce Tranter Tolland Quinnell Harker Rourke Mountford Weatherall Ellison Tollervey Kilbride Sutcliffe Brackley Caddick Dunmore Eccleston Fairclough Gorringe Hollis Ingleby Jarrold Kershaw Lomax Mellor Nuttall Openshaw Pennock Quayle Rowbotham Scholes Thwaite Uttley Varley Whitworth Yardley Ackroyd Birtwistle Cheetham".split()
AUTHORS = ["Claire Ashdown", "Paul Wetherby", "Helen Cartwright", "Simon Blakey", "Alison Penhaligon", "Martin Oddie"]
TOWNS = "Holbridge Kelbrook Marsden Ashworth Thornley Cragside Ellerby Fenwick Garforth Hebburn".split()
LETTERS = "ABCDEGHJKLNRTVWXYZ"
# (acronym stem, title, job title, agency acronym, female)
PROFESSIONS = [
    ("SW", "Ms", "Social Worker", "CSC", True),
    ("TM", "Mr", "Team Manager", "CSC", False),
    ("PC", "PC", "Police Constable", "Police", False),
    ("DS", "DS", "Detective Sergeant", "Police", True),
    ("HV", "Ms", "Health Visitor", "Health", True),
    ("GP", "Dr", "General Practitioner", "Health", False),
    ("DSL", "Mrs", "Designated Safeguarding Lead", "Education", True),
]
QUESTIONS = [
    (
        "Awareness of need and of indicators of neglect",
        "Were practitioners aware of the needs of the children and of the indicators of neglect?",
    ),
    (
        "The child's wishes and feelings",
        "When and how were the wishes and feelings of the children ascertained and recorded?",
    ),
    ("Policies and procedures", "Did the agency have safeguarding policies, and was the work consistent with them?"),
    ("Assessment and decision making", "Were assessments and decisions reached in an informed and professional way?"),
    ("Actions in the light of assessments", "Did actions accord with assessments, and were services offered?"),
    ("Information sharing between agencies", "Were there issues in information sharing between agencies?"),
    ("Out-of-hours services", "Were there issues between office-hours and out-of-hours services?"),
    ("Plans and their review", "Were appropriate plans in place, and were reviewing processes complied with?"),
    ("Sensitivity to identity and diversity", "Was practice sensitive to the identity of the child and family?"),
    ("Domestic abuse", "How did the agency respond to domestic abuse in the household?"),
    ("Management oversight and capacity", "Was management oversight sufficient, and did capacity affect the work?"),
]
SENTENCES = [
    "On {date} {prof} visited the home at {street} and saw {child} with {mother}; the kitchen was cold and there was little food in the cupboards.",
    "{mother} said that {partner} no longer lived at the address, and this account was accepted without any check with other agencies.",
    "The record shows that {child} was not seen alone, and nothing was written about how the child experienced daily life in the household.",
    "{prof} discussed the case with a manager on {date}, and the decision was to keep the case open for a further four weeks.",
    "A referral was made to the <<MASH>> on {date}, but the information about earlier incidents was not attached to it.",
    "{grand} telephoned the office on {date} to say she was worried about {child}, and the message waited three days for a reply.",
    "At the <<CIN>> meeting on {date} the plan was reviewed, and the actions agreed at the previous meeting had not been completed.",
    "{sibling} told a teacher at {school} that there was shouting at night, and the teacher recorded the comment on the same day.",
    "The <<GP>> at {practice} saw {mother} on {date} about low mood and prescribed medication, but did not ask who else lived in the home.",
    "Officers attended an incident at {street} on {date}; a <<DASH>> risk assessment was completed and graded medium.",
    "The <<MARAC>> heard the case on {date} and allocated an adviser, but the agencies present did not share their own concerns about the children.",
    "{father} was not contacted by any agency during the period, although he had regular contact with {child} until early in the year.",
    "The author found no evidence that the history of {partner} was checked under every known spelling of his name.",
    "Staff interviewed for this review described a heavy workload and frequent changes of worker during the autumn.",
    "The health visiting record for {child} shows a weight that crossed two centile lines between {date} and the following spring.",
    "The case was closed on {date} with the outcomes of the plan unmet, and no handover meeting was held with the school or the health visitor.",
    "{prof} recorded that the home smelt strongly of smoke and that {child} was dressed in clothes too thin for the weather.",
    "Information from the <<EDT>> about a call on {date} did not reach the allocated worker until she returned from leave.",
    "The review found that supervision notes were brief and did not record the reasons for decisions or the risks that had been considered.",
    "{mother} missed two appointments at {practice} with {child}, and neither absence was followed up or shared with other agencies.",
    "At the strategy meeting on {date} agencies agreed that the threshold for <<S47>> enquiries was not met, and a single assessment was started instead.",
    "{partner} was arrested on {date} and released under investigation without conditions after {mother} withdrew her support.",
    "There was good practice: {prof} wrote a clear and timely record of what was seen, heard and smelt at the home.",
    "The record of the visit on {date} says that {child} was quiet and watchful, and that {mother} answered every question put to the child.",
    "Nursery staff at {school} noticed that {child} often arrived hungry and ate quickly at breakfast club, and they recorded this each time.",
    "The <<IMR>> author read every record for the period and interviewed each member of staff involved, and no information was withheld.",
    "A <<PPN>> was submitted on {date} and shared with the school the next morning, which was in line with the policy of the force.",
    "{grand} looked after both children at weekends and could have told agencies much about their lives, but she was never asked.",
    "The decision to take <<NFA>> on {date} was made without consulting the <<CPS>>, although body-worn video recorded the injury.",
    "The agency has since changed its procedure so that every adult in the household is checked before an assessment is completed.",
]
EVENTS = [
    "Home visit",
    "Case note",
    "Telephone call",
    "Meeting minutes",
    "Letter",
    "Clinic appointment",
    "Incident log",
]
SUMMARIES = [
    "{prof} visited {child} and {mother} at home; the home was cold and there was little food.",
    "{mother} said that {partner} had left the household; this was not checked.",
    "{grand} raised concerns about the care of {child} and {sibling}.",
    "{prof} saw {child}, who was quiet and watchful; the weight was recorded as low.",
    "Officers attended a report of shouting at {street}; {partner} had left before they arrived.",
    "{sibling} told staff at {school} that there was shouting at night.",
]
ABBREVIATION = re.compile(r"<<([A-Za-z0-9&]+)>>")


@dataclass
class Person:
    acronym: str
    first: str
    surname: str
    title: str = ""
    aliases: list[str] = field(default_factory=list)

    @property
    def full(self) -> str:
        return f"{self.first} {self.surname}"


@dataclass
class Cast:
    """Who and where a review is about: the key, and the names its text uses."""

    index: int
    letter: str
    start: date
    family: dict[str, Person]
    professionals: list[Person]
    officials: dict[str, Person]
    places: dict[str, str]
    jobs: dict[str, tuple[str, str]]

    @property
    def subject(self) -> str:
        return f"Child {self.letter}"

    @property
    def end(self) -> date:
        return self.start + timedelta(days=450)

    @property
    def slug(self) -> str:
        return f"review-{self.index + 1:03d}-child-{self.letter.lower()}-{self.end.year + 1}"

    @classmethod
    def make(cls, rnd: random.Random, index: int) -> Cast:
        surnames = rnd.sample(SURNAMES, 30)
        female, male = rnd.sample(FEMALE, 16), rnd.sample(MALE, 14)
        letter = LETTERS[index % len(LETTERS)]
        mother, father, grand_maiden = surnames[0], surnames[1], surnames[2]
        family = {
            "child": Person(f"Child {letter}", female[0], f"{mother}-{father}", aliases=[f"{female[0]} {father}"]),
            "mother": Person("Mother M", female[1], mother, "Ms", [f"{female[1]}-Jo {mother}"]),
            "father": Person("Father F", male[0], father, "Mr"),
            "partner": Person("Partner P", male[1], surnames[3], "Mr", [f"{male[1]} {_misspelt(surnames[3])}"]),
            "sibling": Person("Sibling S", male[2], mother),
            "grand": Person("Grandmother G", female[2], mother, "Mrs", [f"{female[2]} {grand_maiden}"]),
        }
        count = rnd.randint(7, 20)
        professionals, jobs = [], {}
        for n in range(count):
            stem, title, job, agency, is_female = PROFESSIONS[n % len(PROFESSIONS)]
            first = female[3 + n % 13] if is_female else male[3 + n % 11]
            person = Person(f"{stem}{n // len(PROFESSIONS) + 1}", first, surnames[4 + n % 22], title)
            professionals.append(person)
            jobs[person.acronym] = (job, agency)
        officials = {
            a: Person(a, f, s)
            for a, f, s in (
                ("Board Chair", "Margaret", "Ellison-Bray"),
                ("Panel Chair", male[13], surnames[26]),
                ("Overview Author", female[15], surnames[27]),
            )
        }
        town = TOWNS[index % len(TOWNS)]
        places = {
            "Town 1": town,
            "Street 1": f"{surnames[28]} Close",
            "School 1": f"{surnames[29]} Primary School",
            "GP Practice 1": f"{surnames[24]} Medical Centre",
        }
        start = date(2020 + index % 4, 9, 1)
        return cls(index, letter, start, family, professionals, officials, places, jobs)

    def names(self, rnd: random.Random, real: bool) -> dict[str, str]:
        """Placeholder values: real names (internal documents) or acronyms."""

        def who(person: Person) -> str:
            if not real:
                return person.acronym
            return rnd.choice([person.full, person.first, *(person.aliases[:1])])

        prof = rnd.choice(self.professionals)
        values = {role: who(p) for role, p in self.family.items()}
        values["prof"] = f"{prof.title} {rnd.choice([prof.full, prof.surname])}" if real else prof.acronym
        for role, acronym in (
            ("street", "Street 1"),
            ("school", "School 1"),
            ("practice", "GP Practice 1"),
            ("town", "Town 1"),
        ):
            values[role] = self.places[acronym] if real else acronym
        values["date"] = self.day(rnd).strftime("%-d %B %Y")
        return values

    def day(self, rnd: random.Random) -> date:
        return self.start + timedelta(days=rnd.randrange((self.end - self.start).days))

    def key_entities(self) -> list[dict[str, object]]:
        entities: list[dict[str, object]] = []
        born = {"child": 2, "mother": 26, "father": 30, "partner": 33, "sibling": 8, "grand": 50}
        for role, person in self.family.items():
            entity: dict[str, object] = {
                "acronym": person.acronym,
                "category": "family",
                "names": [person.full],
                "aliases": person.aliases,
                "role": f"{role} in the review",
                "sex": "male" if role in ("father", "partner", "sibling") else "female",
                "born": date(self.start.year - born[role], 3, 14),
                "household": role not in ("father", "grand"),
            }
            entities.append(entity)
        entities[0]["subject"] = True
        entities[1]["parent_of"] = ["Child " + self.letter, "Sibling S"]
        entities[1]["partners"] = [
            {"with": "Father F", "status": "separated"},
            {"with": "Partner P", "status": "current"},
        ]
        entities[2]["parent_of"] = ["Child " + self.letter]
        entities[5]["parent_of"] = ["Mother M"]
        for person in self.professionals:
            job, agency = self.jobs[person.acronym]
            entities.append(
                {
                    "acronym": person.acronym,
                    "category": "professional",
                    "names": [person.full],
                    "title": person.title,
                    "job_title": job,
                    "agency": agency,
                    "role": job,
                }
            )
        for acronym, person in self.officials.items():
            entities.append(
                {"acronym": acronym, "category": "official", "names": [person.full], "role": acronym, "public": True}
            )
        for agency in AGENCIES:
            entities.append(
                {
                    "acronym": agency.acronym,
                    "category": "agency",
                    "names": [agency.name],
                    "role": "Agency",
                    "public": True,
                }
            )
        for acronym, name in self.places.items():
            category = {"School 1": "school", "GP Practice 1": "organisation"}.get(acronym, "place")
            entities.append({"acronym": acronym, "category": category, "names": [name], "role": "Place"})
        return entities


def _misspelt(surname: str) -> str:
    """Another spelling, as records have it: the second letter doubled."""
    return surname[:2] + surname[1:]


def prose(rnd: random.Random, cast: Cast, real: bool, sentences: int = 3) -> str:
    return " ".join(rnd.choice(SENTENCES).format(**cast.names(rnd, real)) for _ in range(sentences))


def spell_out_first_use(body: str) -> str:
    """``<<MASH>>``: spelled out the first time in the document, bare afterwards."""
    seen: set[str] = set()

    def one(match: re.Match[str]) -> str:
        abbr = match.group(1)
        if abbr in seen:
            return abbr
        seen.add(abbr)
        return f"{EXPANSIONS[abbr]} ({abbr})"

    return ABBREVIATION.sub(one, body)


EXPANSIONS = {
    "MASH": "Multi-Agency Safeguarding Hub",
    "CIN": "Child in Need",
    "GP": "General Practitioner",
    "DASH": "Domestic Abuse, Stalking and Harassment",
    "MARAC": "Multi-Agency Risk Assessment Conference",
    "EDT": "Emergency Duty Team",
    "S47": "Section 47",
    "IMR": "Individual Management Review",
    "PPN": "Public Protection Notice",
    "NFA": "No Further Action",
    "CPS": "Crown Prosecution Service",
    "ToR": "Terms of Reference",
    "ESCP": "Eastmoor Safeguarding Children Partnership",
}


def frontmatter(meta: dict[str, object], body: str) -> str:
    return f"---\n{yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)}---\n\n{spell_out_first_use(body)}"


def meta(kind: str, title: str, **extra: object) -> dict[str, object]:
    return {"type": kind, "title": title, "status": "approved", "version": "1.0", **extra}


def terms_of_reference(cast: Cast) -> str:
    title = f"Serious Case Review: {cast.subject}"
    review = {
        "title": title,
        "type": "serious-case-review",
        "board": "Eastmoor Safeguarding Children Partnership",
        "area": "Eastmoor",
        "subject": cast.subject,
        "period": {"start": cast.start, "end": cast.end},
        "decision_date": cast.end + timedelta(days=40),
        "year": cast.end.year + 1,
        "themes": ["neglect", "information sharing"],
        "format": "pan-dorset",
    }
    data = meta(
        "terms-of-reference",
        f"Terms of Reference: {title}",
        review=review,
        agencies=[{"id": a.id, "name": a.name, "acronym": a.acronym} for a in AGENCIES],
        questions=[{"id": f"Q{n}", "text": text} for n, (_, text) in enumerate(QUESTIONS, 1)],
    )
    body = (
        f"# Terms of Reference: {title}\n\n## Purpose of the review\n\n"
        f"The <<ESCP>> commissioned this review of the work of agencies with {cast.subject}. "
        "Its purpose is to learn how agencies worked together, not to find who was to blame.\n\n"
        "## Questions every IMR must answer\n\n"
        + "".join(f"{n}. **Q{n}.** {text}\n" for n, (_, text) in enumerate(QUESTIONS, 1))
        + "\n## Family composition\n\n[[genogram]]\n"
    )
    return frontmatter(data, body.replace("every IMR", "every <<IMR>>", 1).replace("IMR must", "<<IMR>> must", 1))


def imr_table(rnd: random.Random, cast: Cast) -> str:
    rows = ["| date | contact | people | what happened |", "|---|---|---|---|"]
    for _ in range(40):
        names = cast.names(rnd, real=True)
        summary = rnd.choice(SUMMARIES).format(**names)
        rows.append(
            f"| {cast.day(rnd):%d.%m.%Y} | {rnd.choice(EVENTS).lower()} | {names['prof']}; {names['mother']} | {summary} |"
        )
    return "\n".join(rows) + "\n"


def imr(rnd: random.Random, cast: Cast, agency: Agency) -> str:
    author_name, signer = rnd.sample(AUTHORS, 2)
    recommendations = [
        {
            "id": f"{agency.id.upper()}-R{n}",
            "recommendation": "Require every adult in the household to be checked before an assessment is completed.",
            "outcome": "Assessments rest on the full history of every adult.",
            "measure": "Quarterly audit of 25 assessments.",
            "lead": "Head of Service",
            "timescale": cast.end + timedelta(days=300 + 30 * n),
            "rests_on": [f"{agency.id}-q{n * 3}"],
        }
        for n in (1, 2, 3)
    ]
    data = meta(
        "imr",
        f"Individual Management Review: {agency.acronym}",
        agency=agency.id,
        subject=cast.subject,
        author={
            "name": author_name,
            "job_title": "Safeguarding Review Lead",
            "qualifications": "Registered social worker",
        },
        commissioned=cast.end + timedelta(days=47),
        completed=cast.end + timedelta(days=90),
        records_secured=cast.end,
        sign_off={"name": signer, "designation": "Director", "date": cast.end + timedelta(days=92)},
        recommendations=recommendations,
    )
    para = lambda n=3: prose(rnd, cast, True, n) + "\n\n"  # noqa: E731
    parts = [
        f"# Individual Management Review: {agency.acronym}\n\n[[key]]\n\n[[glossary]]\n\n",
        "## Author and statement of independence\n\n",
        f"This <<IMR>> was written by {author_name}, who had no involvement with the family and does not manage anyone involved.\n\n",
        "## Introduction\n\n",
        para(),
        para(),
        "## Terms of reference\n\nThe <<ToR>> were set by the <<ESCP>>; each of the eleven questions is answered below.\n\n",
        "## Methodology\n\n",
        para(),
        para(),
        "## Family composition\n\n[[genogram]]\n\n",
        para(2),
        "## Agency involvement\n\n",
        para(),
        para(),
        imr_table(rnd, cast),
        "\n",
        para(),
        para(),
        "## Analysis of involvement\n\n",
    ]
    for n, (heading, _) in enumerate(QUESTIONS, 1):
        parts.append(f"### Q{n}: {heading}\n\n")
        parts.append(prose(rnd, cast, True, 3) + f" {{#{agency.id}-q{n}}}\n\n")
        other = AGENCIES[(AGENCIES.index(agency) + 1) % len(AGENCIES)]
        parts.append(
            prose(rnd, cast, True, 2)
            + f" See paragraph [](#{agency.id}-q{max(1, n - 1)}) and the {other.acronym} finding in [](../imr/{other.id}.md#{other.id}-q{n}).\n\n"
        )
    parts += [
        "## Diversity\n\n",
        para(2),
        f"## Lessons learned\n\nThe learning rests on paragraphs [](#{agency.id}-q4), [](#{agency.id}-q6) and [](#{agency.id}-q10).\n\n",
        para(),
        "## Recommendations\n\n[[recommendations]]\n\n",
        "## References\n\n- Multi-agency safeguarding procedures, version 7.\n- Working Together to Safeguard Children.\n\n",
        f"## Sign-off\n\nSigned off on behalf of {agency.acronym} on {cast.end + timedelta(days=92):%-d %B %Y}.\n",
    ]
    return frontmatter(data, "".join(parts))


def action_plan(rnd: random.Random, cast: Cast, agency: Agency) -> str:
    actions = [
        {
            "id": f"{agency.id.upper()}-A{n}",
            "recommendation": f"{agency.id.upper()}-R{(n - 1) % 3 + 1}",
            "action": "Issue a procedure and brief every team on it.",
            "owner": "Head of Service",
            "target_date": cast.end + timedelta(days=200 + 20 * n),
            "status": rnd.choice(["not-started", "in-progress", "complete"]),
            "evidence": "Progress reported to the quality assurance group each quarter.",
        }
        for n in range(1, 6)
    ]
    data = meta("action-plan", f"Action plan: {agency.acronym}", agency=agency.id, actions=actions)
    body = f"# Action plan: {agency.acronym}\n\nThis plan responds to the recommendations of the {agency.acronym} <<IMR>>.\n"
    return frontmatter(data, body)


def public_sections(rnd: random.Random, cast: Cast, headings: list[str], paragraphs: int, sentences: int) -> str:
    """Sections written in acronyms only, as every publishable document must be."""
    out = []
    for heading in headings:
        out.append(f"## {heading}\n\n")
        out += [prose(rnd, cast, False, sentences) + "\n\n" for _ in range(paragraphs)]
    return "".join(out)


def executive_summary(rnd: random.Random, cast: Cast) -> str:
    title = f"Executive summary: Serious Case Review: {cast.subject}"
    headings = [
        "About this review",
        "How the review was carried out",
        "Summary of the case",
        "Key issues",
        "Recommendations",
        "Action taken",
    ]
    return frontmatter(
        meta("executive-summary", title, publish=True), f"# {title}\n\n" + public_sections(rnd, cast, headings, 2, 3)
    )


def synopsis(rnd: random.Random, cast: Cast) -> str:
    title = f"Synopsis of learning: Serious Case Review: {cast.subject}"
    headings = ["The case in brief", "Main issues", "Learning points for practitioners", "What agencies are doing"]
    return frontmatter(
        meta("synopsis", title, publish=True), f"# {title}\n\n" + public_sections(rnd, cast, headings, 1, 3)
    )


def overview_report(rnd: random.Random, cast: Cast) -> str:
    title = f"Overview report: Serious Case Review: {cast.subject}"
    rows = "| date | agency | event |\n|---|---|---|\n" + "".join(
        f"| {cast.day(rnd):%d.%m.%Y} | {rnd.choice(AGENCIES).acronym} | {rnd.choice(SUMMARIES).format(**cast.names(rnd, False))} |\n"
        for _ in range(20)
    )
    cites = ", ".join(f"[](imr/{a.id}.md#{a.id}-q{n})" for a in AGENCIES for n in (4, 6))
    body = (
        f"# {title}\n\n[[executive-summary]]\n\n"
        + public_sections(rnd, cast, ["Introduction"], 3, 3)
        + "## The facts\n\n### The family\n\n[[genogram]]\n\n"
        + prose(rnd, cast, False)
        + "\n\n### Composite chronology\n\n"
        + rows
        + "\n"
        + public_sections(rnd, cast, ["Analysis"], 6, 4)
        + f"The findings rest on the agencies' analysis: {cites}.\n\n"
        + public_sections(rnd, cast, ["Conclusions and recommendations"], 3, 3)
    )
    return frontmatter(meta("overview-report", title, publish=False), body)


def chronology_rows(rnd: random.Random, cast: Cast, agency: Agency) -> list[list[object]]:
    rows = []
    for day in sorted(cast.day(rnd) for _ in range(rnd.randint(60, 100))):
        names = cast.names(rnd, real=False)
        people = sorted(
            {names["prof"], names["child"], rnd.choice([names["mother"], names["partner"], names["sibling"]])}
        )
        when: object = (
            day if agency.spreadsheet and rnd.random() < 0.5 else day.strftime(rnd.choice(["%d.%m.%Y", "%Y-%m-%d"]))
        )
        at = "" if rnd.random() < 0.3 else f"{rnd.randrange(8, 20):02d}:{rnd.choice(['00', '15', '30'])}"
        rows.append(
            [
                when,
                at,
                agency.acronym,
                rnd.choice(EVENTS),
                "; ".join(people),
                rnd.choice(SUMMARIES).format(**names),
                "Follow-up visit in ten days.",
                "",
                rnd.choice("YN"),
                "N",
                rnd.choice("YN"),
                "record",
            ]
        )
    return rows


HEADER = [
    "Date", "Time", "Agency", "Type of event / document source", "Person(s) involved",
    "Summary of key information", "Decisions and actions", "Issues for review / comment",
    "Child seen", "Seen alone", "Wishes and feelings sought", "Source",
]  # fmt: skip
LANDING = """---
type: page
title: Safeguarding case reviews
status: approved
version: "1.0"
---

# Safeguarding case reviews

Synthetic reviews generated for benchmarks. Every name in them is invented.
"""


def reviews_for(documents: int) -> int:
    """How many reviews give about ``documents`` Markdown documents."""
    return max(1, round(documents / DOCUMENTS_PER_REVIEW))


def write_review(content: Path, index: int, seed: int) -> int:
    """Write review ``index``; return the number of Markdown documents written."""
    rnd = random.Random(f"casereview-bench-{seed}-{index}")
    cast = Cast.make(rnd, index)
    folder = content / "reviews" / cast.slug
    for sub in ("imr", "action-plans", "chronology"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    key = yaml.safe_dump({"entities": cast.key_entities()}, sort_keys=False, allow_unicode=True)
    (folder / "key.yml").write_text(key, encoding="utf-8")
    glossary = {"abbreviations": [{"abbr": "ESCP", "expansion": EXPANSIONS["ESCP"]}]}
    (folder / "glossary.yml").write_text(yaml.safe_dump(glossary), encoding="utf-8")
    documents = {"index.md": terms_of_reference(cast)}
    for agency in AGENCIES:
        documents[f"imr/{agency.id}.md"] = imr(rnd, cast, agency)
        documents[f"action-plans/{agency.id}.md"] = action_plan(rnd, cast, agency)
        rows = chronology_rows(rnd, cast, agency)
        writer = write_xlsx if agency.spreadsheet else write_csv
        writer(folder / "chronology" / f"{agency.id}.{'xlsx' if agency.spreadsheet else 'csv'}", rows)
    documents["overview-report.md"] = overview_report(rnd, cast)
    documents["executive-summary.md"] = executive_summary(rnd, cast)
    documents["synopsis.md"] = synopsis(rnd, cast)
    for name, text in documents.items():
        (folder / name).write_text(text, encoding="utf-8")
    return len(documents)


def write_csv(path: Path, rows: list[list[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)


def write_xlsx(path: Path, rows: list[list[object]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Chronology"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)


def generate(target: Path, documents: int, seed: int = 7) -> int:
    """Write a complete project into ``target`` (replaced if it exists): the repository's
    mkdocs.yml, mkdocs.public.yml and theme/, with content/ generated. Returns the
    number of Markdown documents in reviews."""
    if target.exists():
        shutil.rmtree(target)
    content = target / "content"
    content.mkdir(parents=True)
    for name in ("mkdocs.yml", "mkdocs.public.yml"):
        shutil.copy2(REPO / name, target / name)
    shutil.copytree(REPO / "theme", target / "theme")
    shutil.copy2(REPO / "content" / "glossary.yml", content / "glossary.yml")
    (content / "index.md").write_text(LANDING, encoding="utf-8")
    return sum(write_review(content, i, seed) for i in range(reviews_for(documents)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path, help="project folder to write (replaced if it exists)")
    parser.add_argument("--documents", type=int, default=100, help="about this many Markdown documents")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    written = generate(args.target, args.documents, args.seed)
    print(f"{written} documents in {reviews_for(args.documents)} review(s) written to {args.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
