"""The family's genogram, drawn as SVG from the anonymisation key.

Family entities carry ``parent_of``, ``partners``, ``sex``, ``deceased``, ``subject`` and
``household``; siblings follow from shared parents. :func:`casereview.sources.family.check_family`
reports inconsistencies (naming acronyms only) and :func:`draw_genogram` draws the conventional
symbols, labelled with acronyms only, so the drawing is as safe as the public text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from casereview.sources.family import children_by_parent, family_members
from casereview.sources.key import Entity, Key

UNRECORDED = ""  # two parents of one child with no partnership in the key


# --------------------------------------------------------------------------- the family model


@dataclass
class Family:
    """The family members of a key, with an acyclic parent relation, ready to lay out."""

    people: dict[str, Entity]
    parents: dict[str, tuple[str, ...]]  # child -> its (at most two) drawn parents
    relations: dict[tuple[str, str], str]  # (a, b) in key order -> status or UNRECORDED

    @property
    def order(self) -> dict[str, int]:
        return {a: i for i, a in enumerate(self.people)}

    def children_of(self, parents: tuple[str, ...]) -> list[str]:
        return [c for c, ps in self.parents.items() if ps == parents]

    @property
    def parent_sets(self) -> list[tuple[str, ...]]:
        return list(dict.fromkeys(self.parents.values()))


def family_of(key: Key) -> Family:
    people: dict[str, Entity] = {}
    for entity in family_members(key):
        people.setdefault(entity.acronym, entity)  # the first of duplicate acronyms wins
    children = _acyclic(children_by_parent(key))
    parents: dict[str, list[str]] = {}
    for parent, kids in children.items():
        for child in kids:
            parents.setdefault(child, []).append(parent)
    order = {a: i for i, a in enumerate(people)}
    relations: dict[tuple[str, str], str] = {}
    for entity in people.values():
        for p in entity.partners:
            if p.with_acronym in people and p.with_acronym != entity.acronym:
                pair = tuple(sorted((entity.acronym, p.with_acronym), key=order.__getitem__))
                relations.setdefault(pair, p.status)  # type: ignore[arg-type]
    drawn = {c: tuple(ps[:2]) for c, ps in parents.items()}
    for pair in drawn.values():
        if len(pair) == 2:
            relations.setdefault(pair, UNRECORDED)
    drawn = {c: drawn[c] for c in people if c in drawn}
    return Family(people, drawn, relations)


def _acyclic(children: dict[str, list[str]]) -> dict[str, list[str]]:
    """Drop the edges that close a cycle (depth-first, key order) so layout terminates."""
    state: dict[str, int] = {}  # 1 = on the stack, 2 = finished
    kept: dict[str, list[str]] = {p: [] for p in children}

    def visit(node: str) -> None:
        state[node] = 1
        for child in children.get(node, []):
            if state.get(child) == 1:
                continue
            kept[node].append(child)
            if child not in state:
                visit(child)
        state[node] = 2

    for node in children:
        if node not in state:
            visit(node)
    return kept


def generations(family: Family) -> dict[str, int]:
    """Generation of each person: children below parents, partners level, roots pulled down."""
    gen = dict.fromkeys(family.people, 0)
    kids: dict[str, list[str]] = {}
    for child, ps in family.parents.items():
        for p in ps:
            kids.setdefault(p, []).append(child)
    for _ in range(4 * len(gen) + 4):  # bounded: inconsistent keys must still terminate
        before = dict(gen)
        for child, ps in family.parents.items():
            gen[child] = max([gen[child]] + [gen[p] + 1 for p in ps])
        for a, b in family.relations:
            gen[a] = gen[b] = max(gen[a], gen[b])
        for parent, children in kids.items():
            if parent not in family.parents:
                gen[parent] = max(gen[parent], min(gen[c] for c in children) - 1)
        if gen == before:
            break
    rank = {g: i for i, g in enumerate(sorted(set(gen.values())))}
    return {a: rank[g] for a, g in gen.items()}


def siblings(family: Family) -> tuple[list[list[str]], list[tuple[str, str]]]:
    """Groups of full siblings (same parents) and pairs of half-siblings (one parent shared)."""
    full = [kids for ps in family.parent_sets if len(kids := family.children_of(ps)) > 1]
    half = []
    kids = list(family.parents)
    for i, a in enumerate(kids):
        for b in kids[i + 1 :]:
            pa, pb = family.parents[a], family.parents[b]
            if pa != pb and set(pa) & set(pb):
                half.append((a, b))
    return full, half


# --------------------------------------------------------------------------- layout

SYMBOL = 40.0
HALF = SYMBOL / 2
ROW_PITCH = 150.0
MARGIN = 40.0
CHAR_WIDTH = 7.0  # a generous average for 12px sans-serif, so labels never touch


def _slot(acronym: str) -> float:
    """Horizontal room one person needs: the symbol or its label, whichever is wider."""
    return max(76.0, CHAR_WIDTH * len(acronym) + 18)


def _step(left: str, right: str, partners: bool) -> float:
    gap = (_slot(left) + _slot(right)) / 2
    return max(120.0, gap + 24) if partners else gap


Rows = list[list[list[str]]]  # generation -> units (partners side by side) -> acronyms


def layout(family: Family, gen: dict[str, int]) -> tuple[Rows, dict[str, float]]:
    """Units per generation in a crossing-reducing order, and each person's x."""
    rows = _units(family, gen)
    kids = _kids(family)
    for _ in range(3):  # barycentre sweeps, down then up
        for g in range(1, len(rows)):
            _sort_row(rows[g], _pack(rows), lambda a: list(family.parents.get(a, ())))
        for g in reversed(range(len(rows) - 1)):
            _sort_row(rows[g], _pack(rows), lambda a: kids.get(a, []))
    x = _pack(rows)
    for _ in range(3):
        for g in range(1, len(rows)):
            _settle(rows[g], x, _down_deltas(family, rows[g], x))
        for g in reversed(range(len(rows) - 1)):
            _settle(rows[g], x, _up_deltas(family, rows[g], x))
    for g in range(1, len(rows)):
        _settle(rows[g], x, _down_deltas(family, rows[g], x))
    left = min(x[a] - _slot(a) / 2 for a in x)
    return rows, {a: v - left + MARGIN for a, v in x.items()}


def _kids(family: Family) -> dict[str, list[str]]:
    kids: dict[str, list[str]] = {}
    for child, ps in family.parents.items():
        for p in ps:
            kids.setdefault(p, []).append(child)
    return kids


def _units(family: Family, gen: dict[str, int]) -> Rows:
    links: dict[str, list[str]] = {a: [] for a in family.people}
    for a, b in family.relations:
        if gen[a] == gen[b]:
            links[a].append(b)
            links[b].append(a)
    order = family.order
    rows: Rows = [[] for _ in range(max(gen.values()) + 1)]
    placed: set[str] = set()
    for person in family.people:
        if person not in placed:
            component = _breadth_first(person, links, order)
            ends = [m for m in component if len(links[m]) <= 1] or component
            unit = _breadth_first(min(ends, key=order.__getitem__), links, order)
            placed.update(unit)
            rows[gen[person]].append(unit)
    return rows


def _breadth_first(start: str, links: dict[str, list[str]], order: dict[str, int]) -> list[str]:
    seen = [start]
    for node in seen:
        seen += [n for n in sorted(links[node], key=order.__getitem__) if n not in seen]
    return seen


def _pack(rows: Rows) -> dict[str, float]:
    x: dict[str, float] = {}
    for units in rows:
        cursor, previous = 0.0, None
        for unit in units:
            for i, person in enumerate(unit):
                if previous is not None:
                    cursor += _step(previous, person, partners=i > 0)
                x[person], previous = cursor, person
    return x


def _sort_row(units: list[list[str]], x: dict[str, float], relatives: Callable[[str], list[str]]) -> None:
    """Order units by the mean x of their relatives in the next row; flip a unit if that
    uncrosses its members' lines."""

    def mean(people: list[str]) -> float | None:
        xs = [x[r] for a in people for r in relatives(a) if r in x]
        return sum(xs) / len(xs) if xs else None

    for unit in units:
        targets = [t for a in unit if (t := mean([a])) is not None]
        if _inversions(targets[::-1]) < _inversions(targets):
            unit.reverse()
    units.sort(key=lambda u: m if (m := mean(u)) is not None else sum(x[a] for a in u) / len(u))


def _inversions(values: list[float]) -> int:
    return sum(a > b for i, a in enumerate(values) for b in values[i + 1 :])


def _anchor_x(parents: tuple[str, ...], x: dict[str, float]) -> float:
    return sum(x[p] for p in parents) / len(parents)


def _down_deltas(family: Family, units: list[list[str]], x: dict[str, float]) -> dict[str, list[float]]:
    """How far each child should move so its sibling group sits under its parents.

    A pair's wish counts four times: a kink under the middle of a partnership line is
    harder to read than one under a single parent."""
    row = {a for unit in units for a in unit}
    deltas: dict[str, list[float]] = {}
    for ps in family.parent_sets:
        group = [c for c in family.children_of(ps) if c in row]
        if group:
            delta = _anchor_x(ps, x) - sum(x[c] for c in group) / len(group)
            for child in group:
                deltas.setdefault(child, []).extend([delta] * len(ps) ** 2)
    return deltas


def _up_deltas(family: Family, units: list[list[str]], x: dict[str, float]) -> dict[str, list[float]]:
    """How far each parent should move to sit over the middle of its children."""
    row = {a for unit in units for a in unit}
    deltas: dict[str, list[float]] = {}
    for ps in family.parent_sets:
        if all(p in row for p in ps):
            kids = family.children_of(ps)
            delta = sum(x[c] for c in kids) / len(kids) - _anchor_x(ps, x)
            for parent in ps:
                deltas.setdefault(parent, []).append(delta)
    return deltas


def _settle(units: list[list[str]], x: dict[str, float], deltas: dict[str, list[float]]) -> None:
    """Move units towards their wished shifts, keeping order and spacing (isotonic
    regression by pool-adjacent-violators on left edges minus cumulative widths)."""
    offsets, targets, weights = [], [], []
    offset = 0.0
    for i, unit in enumerate(units):
        if i:
            previous = units[i - 1]
            offset += x[previous[-1]] - x[previous[0]] + _step(previous[-1], unit[0], False)
        wished = [d for a in unit for d in deltas.get(a, [])]
        shift = sum(wished) / len(wished) if wished else 0.0
        offsets.append(offset)
        targets.append(x[unit[0]] + shift - offset)
        weights.append(float(len(wished)) or 0.01)
    for unit, y, offset in zip(units, _isotonic(targets, weights), offsets, strict=True):
        move = y + offset - x[unit[0]]
        for person in unit:
            x[person] += move


def _isotonic(values: list[float], weights: list[float]) -> list[float]:
    blocks: list[list[float]] = []  # mean, weight, count
    for value, weight in zip(values, weights, strict=True):
        blocks.append([value, weight, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            (m1, w1, n1), (m2, w2, n2) = blocks.pop(-2), blocks.pop()
            blocks.append([(m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, n1 + n2])
    return [mean for mean, _, count in blocks for _ in range(int(count))]


# --------------------------------------------------------------------------- drawing

INK = 'stroke="#1a1a1a" stroke-width="1.5"'
SLASHES = {"separated": 1, "divorced": 2, "former": 2}
Point = tuple[float, float]
Rect = tuple[float, float, float, float]  # left, top, right, bottom


def draw_genogram(key: Key) -> str:
    """The genogram of the key's family as one accessible SVG string, acronyms only."""
    family = family_of(key)
    subject = key.subject
    title = f"Genogram of the family of {subject.acronym}" if subject else "Genogram of the family"
    if not family.people:
        note = '<text x="10" y="30">No family members are recorded in the key.</text>'
        return _document(title, "No family members are recorded in the key.", 320, 50, [note])
    gen = generations(family)
    rows, x = layout(family, gen)
    plan = _Plan(family, gen, rows, x)
    parts = [_household(plan), *plan.partnerships(), *plan.descent(), *plan.people()]
    width = max(v + _slot(a) / 2 for a, v in x.items()) + MARGIN
    height = MARGIN + (len(rows) - 1) * ROW_PITCH + SYMBOL + 30 + MARGIN / 2
    return _document(title, describe(family), width, height, parts)


def _document(title: str, desc: str, width: float, height: float, parts: list[str]) -> str:
    """No height attribute and no ``height:auto``: WeasyPrint 70 then draws inline SVG as a
    square; with width alone both it and browsers keep the viewBox's aspect ratio."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="genogram" role="img" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" width="{_n(width)}" style="max-width:100%" '
        f'font-family="sans-serif" font-size="12">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>" + "".join(parts) + "</svg>"
    )


def _n(value: float) -> str:
    return f"{round(value, 1) + 0.0:g}"


def _line(a: Point, b: Point, css: str) -> str:
    return f'<line class="{css}" x1="{_n(a[0])}" y1="{_n(a[1])}" x2="{_n(b[0])}" y2="{_n(b[1])}" {INK}/>'


def _path(points: list[Point]) -> str:
    return "M" + " L".join(f"{_n(px)} {_n(py)}" for px, py in points)


@dataclass
class _Plan:
    family: Family
    gen: dict[str, int]
    rows: Rows
    x: dict[str, float]

    def top(self, acronym: str) -> float:
        return MARGIN + self.gen[acronym] * ROW_PITCH

    def place(self, acronym: str) -> tuple[int, int, int]:
        """(generation, unit index, position in unit)."""
        g = self.gen[acronym]
        return next((g, u, unit.index(acronym)) for u, unit in enumerate(self.rows[g]) if acronym in unit)

    def edge(self, acronym: str) -> float:
        return HALF + (2 if self.family.people[acronym].sex not in SEX_WORDS else 0)

    def partner_line(self, pair: tuple[str, str]) -> tuple[list[Point], Point]:
        """The line between two partners and the point their children hang from.

        Adjacent partners: a line between the symbols, children from its middle. Partners
        with people between them: an arch above the row, children from the gap next to
        the right-hand partner so the line down never crosses a symbol."""
        left, right = sorted(pair, key=self.x.__getitem__)
        (gl, ul, pl), (gr, ur, pr) = self.place(left), self.place(right)
        xl, xr, top = self.x[left], self.x[right], self.top(left)
        if (gl, ul) != (gr, ur):
            line = [(xl, top + HALF), (xr, self.top(right) + HALF)]
            return line, ((xl + xr) / 2, (line[0][1] + line[1][1]) / 2)
        if abs(pl - pr) == 1:
            y = top + HALF
            return [(xl + self.edge(left), y), (xr - self.edge(right), y)], ((xl + xr) / 2, y)
        rise = top - 6 - 10 * (abs(pl - pr) - 1)
        beside = self.x[self.rows[gr][ur][pr - 1 if pr > pl else pr + 1]]
        line = [(xl + 8, top), (xl + 8, rise), (xr - 8, rise), (xr - 8, top)]
        return line, ((beside + xr) / 2, rise)

    def anchor(self, parents: tuple[str, ...]) -> Point:
        """Where the line down to the children starts."""
        if len(parents) == 1:  # below the label, which would otherwise sit on the line
            return self.x[parents[0]], self.top(parents[0]) + SYMBOL + 24
        return self.partner_line(_by_order(self.family, parents))[1]

    def partnerships(self) -> list[str]:
        parts = []
        for pair, status in self.family.relations.items():
            line, (ax, ay) = self.partner_line(pair)
            css = f"partnership partnership--{status or 'unrecorded'}"
            dash = ' stroke-dasharray="2 3"' if status == UNRECORDED else ""
            at = ax - 14 if self.family.children_of(pair) else ax  # clear of the drop line
            marks = _slashes((at, ay), SLASHES.get(status, 0))
            parts.append(
                f'<g class="{css}" data-partners={quoteattr(" + ".join(pair))}>'
                f'<path d="{_path(line)}" fill="none" {INK}{dash}/>{marks}</g>'
            )
        return parts

    def descent(self) -> list[str]:
        """Sibling bars: each group of children hangs from its own parents' anchor."""
        groups = [
            (ps, [c for c in self.family.children_of(ps) if self.gen[c] == g])
            for ps in self.family.parent_sets
            for g in range(len(self.rows))
        ]
        groups = [(ps, kids) for ps, kids in groups if kids]
        spans = [self._span(ps, kids) for ps, kids in groups]
        parts = []
        for (ps, kids), level in zip(groups, _levels(spans), strict=True):
            ax, ay = self.anchor(ps)
            if len(kids) == 1 and abs(self.x[kids[0]] - ax) < 4:  # no kink of a pixel or two
                ax = self.x[kids[0]]
            bar = self.top(kids[0]) - 26 - 14 * level
            lo, hi = min([ax] + [self.x[c] for c in kids]), max([ax] + [self.x[c] for c in kids])
            d = [f"M{_n(ax)} {_n(ay)} V{_n(bar)}", f"M{_n(lo)} {_n(bar)} H{_n(hi)}"]
            d += [f"M{_n(self.x[c])} {_n(bar)} V{_n(self.top(c))}" for c in kids]
            parts.append(
                f'<path class="descent" data-parents={quoteattr(" + ".join(ps))} d="{" ".join(d)}" fill="none" {INK}/>'
            )
        return parts

    def _span(self, parents: tuple[str, ...], kids: list[str]) -> tuple[int, float, float]:
        xs = [self.anchor(parents)[0]] + [self.x[c] for c in kids]
        return self.gen[kids[0]], min(xs), max(xs)

    def people(self) -> list[str]:
        return [_person(e, self.x[a], self.top(a)) for a, e in self.family.people.items()]


def _by_order(family: Family, pair: tuple[str, ...]) -> tuple[str, str]:
    order = family.order
    a, b = sorted(pair, key=order.__getitem__)
    return a, b


def _slashes(at: Point, count: int) -> str:
    cx, cy = at
    offsets = [0.0] if count == 1 else [-4.0, 4.0] if count == 2 else []
    return "".join(_line((cx + o - 5, cy + 9), (cx + o + 5, cy - 9), "partnership-slash") for o in offsets)


def _levels(spans: list[tuple[int, float, float]]) -> list[int]:
    """Stack sibling bars of one row at different heights where they would overlap."""
    levels: list[int] = []
    for i, (row, lo, hi) in enumerate(spans):
        taken = {levels[j] for j, (r, a, b) in enumerate(spans[:i]) if r == row and lo <= b + 8 and hi >= a - 8}
        levels.append(next(n for n in range(len(spans) + 1) if n not in taken))
    return levels


def _person(entity: Entity, cx: float, top: float) -> str:
    sex = entity.sex if entity.sex in SEX_WORDS else "unknown"
    css = ["person", f"person--{sex}"]
    css += ["person--subject"] if entity.subject else []
    css += ["person--deceased"] if entity.deceased else []
    body = _shape(sex, cx, top, 0.0, "symbol", "#fff")
    if entity.subject:
        body += _shape(sex, cx, top, 5.0, "subject-outline", "none")
    if entity.deceased:
        reach = HALF + 5
        body += _line((cx - reach, top - 5), (cx + reach, top + SYMBOL + 5), "deceased-mark")
        body += _line((cx - reach, top + SYMBOL + 5), (cx + reach, top - 5), "deceased-mark")
    width = CHAR_WIDTH * len(entity.acronym) + 6
    body += (
        f'<rect class="label-background" x="{_n(cx - width / 2)}" y="{_n(top + SYMBOL + 6)}" '
        f'width="{_n(width)}" height="16" fill="#fff"/>'
        f'<text class="label" x="{_n(cx)}" y="{_n(top + SYMBOL + 18)}" text-anchor="middle" '
        f'fill="#1a1a1a">{escape(entity.acronym)}</text>'
    )
    return f'<g class="{" ".join(css)}" data-acronym={quoteattr(entity.acronym)}>{body}</g>'


def _shape(sex: str, cx: float, top: float, inset: float, css: str, fill: str) -> str:
    paint = f'class="{css}" fill="{fill}" {INK}'
    if sex == "male":
        side = SYMBOL - 2 * inset
        return (
            f'<rect {paint} x="{_n(cx - HALF + inset)}" y="{_n(top + inset)}" width="{_n(side)}" height="{_n(side)}"/>'
        )
    if sex == "female":
        return f'<circle {paint} cx="{_n(cx)}" cy="{_n(top + HALF)}" r="{_n(HALF - inset)}"/>'
    reach, inner = HALF + 2 - 1.4 * inset, 1.4 * inset
    corners = [(cx, top + inner), (cx + reach, top + HALF), (cx, top + SYMBOL - inner), (cx - reach, top + HALF)]
    return f'<polygon {paint} points="{" ".join(f"{_n(a)},{_n(b)}" for a, b in corners)}"/>'


# --------------------------------------------------------------------------- household


def _household(plan: _Plan) -> str:
    """A dashed outline around exactly the household members: one box per run of
    neighbouring members, joined through the gaps between rows (never over a person)."""
    pieces: list[tuple[int, float, float, int]] = []
    boxes: list[list[tuple[float, float, float]]] = []
    for g, units in enumerate(plan.rows):
        row = [a for unit in units for a in unit]
        boxes.append([_box(plan, a) for a in row])
        for a, box in zip(row, boxes[-1], strict=True):
            home = plan.family.people[a].household
            if home and pieces and pieces[-1][0] == g and pieces[-1][3] == row.index(a) - 1:
                pieces[-1] = (g, pieces[-1][1], box[2], row.index(a))
            elif home:
                pieces.append((g, box[0], box[2], row.index(a)))
    if not pieces:
        return ""
    rects: list[Rect] = [(lo, _row_top(g), hi, _row_bottom(g)) for g, lo, hi, _ in pieces]
    for i, piece in enumerate(pieces[1:], start=1):
        other = min(pieces[:i], key=lambda p: (abs(p[0] - piece[0]), abs(p[1] - piece[1])))
        rects += _bridge(other[:3], piece[:3], boxes)
    return (
        f'<path class="household" d="{_outline(rects)}" fill="none" stroke="#555" '
        f'stroke-width="1.2" stroke-dasharray="6 4"/>'
    )


def _box(plan: _Plan, acronym: str) -> tuple[float, float, float]:
    half = _slot(acronym) / 2 - 5
    return plan.x[acronym] - half, plan.x[acronym], plan.x[acronym] + half


def _row_top(g: int) -> float:
    return MARGIN + g * ROW_PITCH - 12


def _row_bottom(g: int) -> float:
    return MARGIN + g * ROW_PITCH + SYMBOL + 28


def _bridge(
    p: tuple[int, float, float], q: tuple[int, float, float], boxes: list[list[tuple[float, float, float]]]
) -> list[Rect]:
    (gp, lp, hp), (gq, lq, hq) = sorted([p, q])
    if gp == gq:  # a band just above the row, over whoever stands between
        return [(min(lp, lq), _row_top(gp) - 16, max(hp, hq), _row_top(gp))]
    if gq == gp + 1 and min(hp, hq) - max(lp, lq) >= 30:
        return [(max(lp, lq), _row_bottom(gp), min(hp, hq), _row_top(gq))]
    blocked = [(b[0] - 14, b[2] + 14) for row in boxes[gp + 1 : gq] for b in row]
    xc = _free_x(((max(lp, lq) + min(hp, hq)) / 2), blocked)
    upper, lower = _gap_middle(gp), _gap_middle(gq - 1)
    return [
        *_reach(lp, hp, xc, upper, _row_bottom(gp)),
        (xc - 12, upper - 12, xc + 12, lower + 12),
        *_reach(lq, hq, xc, lower, _row_top(gq)),
    ]


def _gap_middle(g: int) -> float:
    return (_row_bottom(g) + _row_top(g + 1)) / 2


def _reach(lo: float, hi: float, xc: float, middle: float, edge: float) -> list[Rect]:
    """A band along the middle of a gap from ``xc`` to a stub into a household piece
    whose box edge (top or bottom) is at ``edge``."""
    a = min(max(xc, lo + 16), hi - 16) if hi - lo > 32 else (lo + hi) / 2
    band = (min(a, xc) - 12, middle - 12, max(a, xc) + 12, middle + 12)
    return [band, (a - 12, min(middle, edge), a + 12, max(middle, edge))]


def _free_x(wanted: float, blocked: list[tuple[float, float]]) -> float:
    """The x nearest ``wanted`` that lies outside every blocked interval."""
    candidates = [wanted] + [edge for lo, hi in blocked for edge in (lo, hi)]
    free = [c for c in candidates if not any(lo < c < hi for lo, hi in blocked)]
    return min(free, key=lambda c: (abs(c - wanted), c))


def _outline(rects: list[Rect]) -> str:
    """The boundary of a union of rectangles as closed SVG subpaths (grid method)."""
    xs = sorted({r[0] for r in rects} | {r[2] for r in rects})
    ys = sorted({r[1] for r in rects} | {r[3] for r in rects})
    covered = {
        (i, j)
        for i in range(len(xs) - 1)
        for j in range(len(ys) - 1)
        if any(r[0] <= xs[i] and xs[i + 1] <= r[2] and r[1] <= ys[j] and ys[j + 1] <= r[3] for r in rects)
    }
    outgoing: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for i, j in sorted(covered):
        sides = [
            ((i, j - 1), (i, j), (i + 1, j)),
            ((i + 1, j), (i + 1, j), (i + 1, j + 1)),
            ((i, j + 1), (i + 1, j + 1), (i, j + 1)),
            ((i - 1, j), (i, j + 1), (i, j)),
        ]
        for neighbour, start, end in sides:
            if neighbour not in covered:
                outgoing.setdefault(start, []).append(end)
    loops = []
    while outgoing:
        start = point = min(outgoing)
        loop = []
        while True:
            loop.append(point)
            ends = outgoing[point]
            following = ends.pop(0)
            if not ends:
                del outgoing[point]
            point = following
            if point == start:
                break
        loops.append(_corners([(xs[i], ys[j]) for i, j in loop]))
    return " ".join(_path(loop) + " Z" for loop in loops)


def _corners(loop: list[Point]) -> list[Point]:
    """Drop the points in the middle of straight runs."""
    return [
        p
        for k, p in enumerate(loop)
        if not (
            loop[k - 1][0] == p[0] == loop[(k + 1) % len(loop)][0]
            or loop[k - 1][1] == p[1] == loop[(k + 1) % len(loop)][1]
        )
    ]


# --------------------------------------------------------------------------- words

STATUS_WORDS = {
    "current": "are partners",
    "married": "are married",
    "separated": "are separated",
    "divorced": "are divorced",
    "former": "are former partners",
}
SEX_WORDS = {"female": "female", "male": "male"}


def describe(family: Family) -> str:
    """The relationships in words, acronyms only: the SVG's accessible description."""
    sentences = [_person_sentence(e) for e in family.people.values()]
    for (a, b), status in family.relations.items():
        if status != UNRECORDED:
            sentences.append(f"{a} and {b} {STATUS_WORDS.get(status, 'are partners')}.")
    for ps in family.parent_sets:
        one = len(ps) == 1
        sentences.append(
            f"{_join(list(ps))} {'is the parent' if one else 'are the parents'} of {_join(family.children_of(ps))}."
        )
    full, half = siblings(family)
    sentences += [f"{_join(group)} are siblings." for group in full]
    sentences += [f"{a} and {b} are half-siblings." for a, b in half]
    household = [a for a, e in family.people.items() if e.household]
    if household:
        sentences.append(f"The household: {_join(household)}.")
    return " ".join(sentences)


def _person_sentence(entity: Entity) -> str:
    facts = [SEX_WORDS.get(entity.sex, "sex not recorded")]
    facts += ["the subject of the review"] if entity.subject else []
    facts += ["deceased"] if entity.deceased else []
    facts += ["lives in the household"] if entity.household else []
    return f"{entity.acronym}: {', '.join(facts)}."


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
