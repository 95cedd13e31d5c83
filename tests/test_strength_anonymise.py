"""Aggregate tables: secondary suppression picks the cheapest figures, and the text lines up (R-CL-4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from fractions import Fraction

import attrs
import pytest

from parentinfant._anonymise import (
    AgeBand,
    AggregateTable,
    FamilyRecord,
    _cheapest_path,
    aggregate,
    anonymise,
    anonymise_all,
    export_rows,
    to_csv_text,
)
from parentinfant._outcomes import DEFAULT_MEASURES, Change
from parentinfant._referral import ProfessionalReferral, Referral, SelfReferral
from parentinfant.contact import Appointment
from parentinfant.errors import InvalidRecord
from parentinfant.family import Family, Infant, Parent, Referrer
from parentinfant.lifecycle import (
    Allocate,
    BookAppointment,
    Case,
    RecordAttendance,
    StartScreening,
    Withdraw,
    apply,
    open_case,
)

Figure = tuple[int, int]
Cost = tuple[int, int, int]
RULE = "R-CL-4"


def referral(id: str = "RPI-0042") -> Referral:
    return Referral(
        id=id,
        received=dt.date(2026, 11, 2),
        route=SelfReferral(),
        family=Family(
            parents=[Parent("Amira Haddad", "mother")],
            infant=Infant.born_on(dt.date(2026, 8, 10)),
        ),
    )


def assert_refusal(error: InvalidRecord, field: str, requirement: str, value: object) -> None:
    """The error carries field, rule and value, and its message names all three."""
    assert error.field == field
    assert error.rule == RULE
    assert error.value == value
    assert str(error) == f"{field} {requirement} ({RULE}), got {value!r}"


# --------------------------------------------------------------------------- refusals


def test_anonymise_names_the_wrong_type_of_referral_not_its_content_R_CL_4() -> None:
    """R-CL-4: an error must not carry what it was given into a log."""
    with pytest.raises(InvalidRecord) as info:
        anonymise("Amira Haddad")  # type: ignore[arg-type]
    assert_refusal(info.value, "referral", "must be a Referral", "str")
    with pytest.raises(InvalidRecord) as info:
        anonymise(referral(), case="RPI-0042")  # type: ignore[arg-type]
    assert_refusal(info.value, "case", "must be a Case or None", "str")


def test_anonymise_names_the_wrong_type_of_changes_R_CL_4() -> None:
    """R-CL-4: outcome changes come as a collection of changes."""
    scores = [
        DEFAULT_MEASURES.score("epds", v, on=day, who="mother", timepoint=t)
        for v, day, t in [
            (20, dt.date(2026, 11, 2), "baseline"),
            (12, dt.date(2027, 5, 3), "follow-up"),
        ]
    ]
    one = Change(baseline=scores[0], follow_up=scores[1])
    with pytest.raises(InvalidRecord) as info:
        anonymise(referral(), changes=one)  # type: ignore[arg-type]
    assert_refusal(info.value, "changes", "must be a collection of Change values", "Change")
    with pytest.raises(InvalidRecord) as info:
        anonymise(referral(), changes=[one, 12])  # type: ignore[list-item]
    assert_refusal(info.value, "changes", "must hold Change values", "int")


@pytest.mark.parametrize(
    "row",
    [pytest.param(0, id="zero"), pytest.param(True, id="bool"), pytest.param(1.0, id="float")],
)
def test_a_row_number_must_be_a_whole_number_from_one_R_CL_4(row: object) -> None:
    """R-CL-4: rows are numbered 1 to n."""
    with pytest.raises(InvalidRecord) as info:
        anonymise(referral(), row=row)  # type: ignore[arg-type]
    assert_refusal(info.value, "row", "must be a whole number at least 1", row)


def test_anonymise_all_refuses_one_referral_and_a_stray_item_R_CL_4() -> None:
    """R-CL-4: the export is made from a collection; errors give types and positions."""
    with pytest.raises(InvalidRecord) as info:
        anonymise_all(referral())  # type: ignore[arg-type]
    assert_refusal(
        info.value, "records", "must be a collection of FamilyRecord values", "Referral"
    )
    with pytest.raises(InvalidRecord) as info:
        anonymise_all([referral(), "RPI-0043"])  # type: ignore[list-item]
    assert_refusal(info.value, "records[2]", "must be a FamilyRecord or Referral", "str")


def test_a_repeated_referral_id_is_withheld_from_the_error_R_CL_4() -> None:
    """R-CL-4: the error gives the position, never the id."""
    with pytest.raises(InvalidRecord) as info:
        anonymise_all([referral("A-1"), referral("B-2"), referral("A-1")])
    assert_refusal(
        info.value, "records[3]", "must not repeat an earlier referral id", "(withheld)"
    )


def test_export_rows_names_the_wrong_type_of_family_R_CL_4() -> None:
    """R-CL-4: only anonymised families are exported."""
    with pytest.raises(InvalidRecord) as info:
        export_rows([{"row": 1}])  # type: ignore[list-item]
    assert_refusal(info.value, "families", "must hold AnonymisedFamily values", "dict")


@pytest.mark.parametrize(
    ("kwargs", "field", "requirement", "value"),
    [
        pytest.param(
            {"by": ["route"], "threshold": 0},
            "threshold",
            "must be a whole number at least 1",
            0,
            id="threshold-zero",
        ),
        pytest.param(
            {"by": ["route"], "threshold": 2.5},
            "threshold",
            "must be a whole number at least 1",
            2.5,
            id="threshold-fraction",
        ),
        pytest.param(
            {"by": ["route", "route"]},
            "by",
            "must name one or two different columns",
            ("route", "route"),
            id="by-repeated",
        ),
        pytest.param(
            {"by": ["route", "antenatal", "row"]},
            "by",
            "must name one or two different columns",
            ("route", "antenatal", "row"),
            id="by-three",
        ),
    ],
)
def test_a_bad_aggregate_request_names_field_rule_and_value_R_CL_4(
    kwargs: dict[str, object], field: str, requirement: str, value: object
) -> None:
    """R-CL-4: a table is by one or two descriptors, with a threshold of at least 1."""
    with pytest.raises(InvalidRecord) as info:
        aggregate([{"route": "self", "antenatal": "no", "row": 1}], **kwargs)  # type: ignore[arg-type]
    assert_refusal(info.value, field, requirement, value)


def test_one_descriptor_may_be_named_as_plain_text_R_CL_4() -> None:
    """R-CL-4: by="route" means by the route column, not by its letters."""
    table = aggregate([{"route": "self"}] * 5, by="route")
    assert (table.by, table.row_labels, table.cells) == (("route",), ("self",), ((5,),))


# --------------------------------------------------------------------------- helpers


def table_rows(grid: list[list[int]]) -> list[dict[str, str]]:
    """Export-like rows whose counts by ("r", "c") are ``grid``: rows "r0".., columns "c0"..."""
    return [
        {"r": f"r{i}", "c": f"c{j}"}
        for i, line in enumerate(grid)
        for j, n in enumerate(line)
        for _ in range(n)
    ]


def with_totals(inner: list[list[int]]) -> list[list[int]]:
    grid = [[*line, sum(line)] for line in inner]
    grid.append(
        [sum(line[j] for line in inner) for j in range(len(inner[0]))] + [sum(map(sum, inner))]
    )
    return grid


def figure_cost(grid: list[list[int]], figure: Figure, threshold: int) -> Cost:
    """The documented price of hiding one more figure (R-CL-4): totals last, then the
    smallest positive count (a zero protects little, so it is priced at the threshold),
    then the fewest figures."""
    i, j = figure
    margin = i == len(grid) - 1 or j == len(grid[0]) - 1
    count = grid[i][j]
    return (int(margin), count if count > 0 else threshold, 1)


def path_cost(
    grid: list[list[int]], figures: Iterator[Figure] | list[Figure], threshold: int
) -> Cost:
    total = (0, 0, 0)
    for figure in figures:
        c = figure_cost(grid, figure, threshold)
        total = (total[0] + c[0], total[1] + c[1], total[2] + c[2])
    return total


def brute_force_cheapest(
    grid: list[list[int]], hidden: set[Figure], bridge: Figure, threshold: int
) -> Cost:
    """The least cost of any simple path from the bridge's row to its column, not using
    the bridge, where a figure already hidden is free: every path is tried."""
    rows, columns = len(grid), len(grid[0])
    best: list[Cost] = []

    def walk(row: int, used_rows: set[int], used_columns: set[int], cost: Cost) -> None:
        for j in range(columns):
            if (row, j) == bridge or j in used_columns:
                continue
            step = (0, 0, 0) if (row, j) in hidden else figure_cost(grid, (row, j), threshold)
            here = (cost[0] + step[0], cost[1] + step[1], cost[2] + step[2])
            if j == bridge[1]:
                best.append(here)
                continue
            for i in range(rows):
                if i in used_rows:
                    continue
                back = (0, 0, 0) if (i, j) in hidden else figure_cost(grid, (i, j), threshold)
                walk(
                    i,
                    used_rows | {i},
                    used_columns | {j},
                    (here[0] + back[0], here[1] + back[1], here[2] + back[2]),
                )

    walk(bridge[0], {bridge[0]}, set(), (0, 0, 0))
    return min(best)


def joins(figures: set[Figure], start_row: int, goal_column: int) -> bool:
    """Whether the figures link the row to the column (rows and columns as nodes)."""
    reached_rows, reached_columns = {start_row}, set()
    changed = True
    while changed:
        changed = False
        for i, j in figures:
            if (i in reached_rows) != (j in reached_columns):
                reached_rows.add(i)
                reached_columns.add(j)
                changed = True
    return goal_column in reached_columns


def is_bridge(hidden: set[Figure], figure: Figure) -> bool:
    return not joins(hidden - {figure}, figure[0], figure[1])


# --------------------------------------------------------------------------- cheapest path

# Small tables where the cheap way and a dearer one differ in where the totals,
# the zeros and the figures already hidden lie.
GRIDS = {
    "zero-and-fifteen-before-totals": ([[0, 15], [2, 7]], 8),
    "second-row-inner-not-margin": ([[3, 0], [12, 12]], 5),
    "row-total-last": ([[0, 3], [9, 6], [9, 2]], 5),
    "revisits-cheaper-route": ([[12, 0, 1], [1, 0, 12], [0, 12, 2]], 5),
    "hidden-figures-are-free": ([[2, 0, 12], [0, 9, 9], [0, 12, 3]], 5),
    "three-small-counts": ([[3, 3, 12], [2, 12, 6], [12, 2, 6]], 5),
    "two-rows-of-zeros": ([[3, 0, 1], [0, 0, 9]], 5),
    "wide-table": ([[12, 9, 4, 5], [7, 20, 1, 7], [12, 0, 7, 0], [15, 3, 9, 0]], 5),
    "deep-table": ([[0, 12], [0, 0], [1, 1], [1, 7]], 5),
    "four-by-four": ([[9, 5, 15, 2], [0, 6, 0, 20], [5, 5, 8, 15], [15, 0, 12, 6]], 5),
    "three-by-four": ([[8, 0, 15, 2], [9, 1, 7, 8], [1, 20, 0, 15]], 8),
}


@pytest.mark.parametrize(("inner", "threshold"), list(GRIDS.values()), ids=list(GRIDS))
def test_each_secondary_suppression_is_the_cheapest_that_closes_a_cycle_R_CL_4(
    inner: list[list[int]], threshold: int
) -> None:
    """R-CL-4: while a suppressed figure could be worked out (it lies on no cycle), the
    cheapest figures closing a cycle through it are hidden: checked at every step
    against every possible path."""
    grid = with_totals(inner)
    hidden = {
        (i, j) for i, line in enumerate(grid) for j, v in enumerate(line) if 0 < v < threshold
    }
    steps = 0
    while bridge := next((f for f in sorted(hidden) if is_bridge(hidden, f)), None):
        path = _cheapest_path(grid, hidden, bridge, threshold)
        assert path, "a bridge needs at least one more figure hidden"
        assert not set(path) & hidden  # only new figures are returned
        assert bridge not in path
        assert joins(hidden - {bridge} | set(path), bridge[0], bridge[1])  # the cycle closes
        assert path_cost(grid, path, threshold) == brute_force_cheapest(
            grid, hidden, bridge, threshold
        )
        hidden |= set(path)
        steps += 1
    assert steps >= 1


def test_inner_counts_are_hidden_before_totals_even_when_larger_R_CL_4() -> None:
    """R-CL-4: row r1 holds 2 and 7 and column c0's total is 2: all below 8, all hidden.

    Closing a cycle through r1's 2 can take the inner 0 and 15 of row r0, or the
    column total 22: inner counts go first, though 0 (priced as 8) + 15 > 22. The
    column total 2 is then alone in the totals row, and only the other column
    total (22) can pair with it. Row totals 15 and 9 and the total 24 stay shown.
    """
    table = aggregate(table_rows([[0, 15], [2, 7]]), by=["r", "c"], threshold=8)
    assert table.cells == ((None, None), (None, None))
    assert table.row_totals == (15, 9)
    assert table.column_totals == (None, None)
    assert table.total == 24


def test_the_cheapest_cycle_through_the_last_inner_row_is_inner_R_CL_4() -> None:
    """R-CL-4: r0 holds 3 and 0 (total 3), r1 holds 12 and 12.

    The 3 and r0's total 3 are hidden. A cycle through the 3 closes by r0's 0 and
    r1's two 12s (no totals), not by the column totals 15 and 12; then r0's
    total is joined to the rest only through r1's total 24. The column totals
    15 and 12 and the total 27 stay shown.
    """
    table = aggregate(table_rows([[3, 0], [12, 12]]), by=["r", "c"])
    assert table.cells == ((None, None), (None, None))
    assert table.row_totals == (None, None)
    assert table.column_totals == (15, 12)
    assert table.total == 27


def test_a_row_total_is_hidden_only_after_inner_counts_R_CL_4() -> None:
    """R-CL-4: rows r0 (0, 3; total 3), r1 (9, 6; 15), r2 (9, 2; 11).

    Hidden first: r0's 3, its total 3 and r2's 2. A cycle through r0's 3 can use
    r0's 0 and r2's 9 (priced 5 + 9 = 14, all inner) or r2's total 11 (a total):
    the inner pair goes. r0's total is then linked only through a row total:
    r2's 11 is the cheapest. Row r1 and the column totals stay shown.
    """
    table = aggregate(table_rows([[0, 3], [9, 6], [9, 2]]), by=["r", "c"])
    assert table.cells == ((None, None), (9, 6), (None, None))
    assert table.row_totals == (None, 15, None)
    assert table.column_totals == (18, 11)
    assert table.total == 29


# --------------------------------------------------------------------------- text


def test_the_table_text_aligns_labels_left_and_counts_right_R_CL_4() -> None:
    """R-CL-4: a reader sees the suppressed counts as * and a note on what * means."""
    rows = [{"route": "self"}] * 6 + [{"route": "professional"}] * 2
    assert aggregate(rows, by=["route"]).text().split("\n") == [
        "Families by route",
        "route         families",
        "------------  --------",
        "professional         *",
        "self                 *",
        "total                8",
        "",
        "* fewer than 5 families, or hidden so that such a count cannot be worked out",
        "  from the totals.",
    ]


def test_a_blank_category_keeps_its_column_in_the_text_R_CL_4() -> None:
    """R-CL-4: a descriptor recorded as blank text is a category of its own, aligned
    like the others; with nothing suppressed there is no note."""
    rows = [{"route": ""}] * 5 + [{"route": "self"}] * 6
    assert aggregate(rows, by=["route"]).text().split("\n") == [
        "Families by route",
        "route  families",
        "-----  --------",
        "              5",
        "self          6",
        "total        11",
    ]


# --------------------------------------------------------------------------- csv


def test_csv_text_uses_plain_newlines_and_blank_fields_for_none_R_CL_4() -> None:
    """R-CL-4: the export is CSV with one line per row and not recorded left empty."""
    text = to_csv_text(
        [{"row": 1, "route": "self", "closure_reason": None}, {"row": 2, "route": "consultation"}]
    )
    assert text == "row,route,closure_reason\n1,self,\n2,consultation,\n"


def test_the_export_says_yes_or_no_for_antenatal_in_lower_case_R_CL_4() -> None:
    """`antenatal` is written "yes" or "no", the spelling the data dictionary gives (R-CL-4)."""
    born = anonymise(referral())  # the infant in `referral()` is born
    expected = Referral(
        id="RPI-0043",
        received=dt.date(2026, 11, 2),
        route=SelfReferral(),
        family=Family(
            parents=[Parent("Lena Brooks", "mother")],
            infant=Infant.unborn(dt.date(2027, 1, 9)),
        ),
    )
    unborn = anonymise(expected, row=2)
    rows = export_rows([born, unborn], k=None)
    assert [row["antenatal"] for row in rows] == ["no", "yes"]


# --------------------------------------------------------------------------- thresholds


def test_a_second_one_way_figure_is_the_smallest_other_count_R_CL_4() -> None:
    """R-CL-4: consultation 2 is below 5 and hidden; alone, it would be 17 - 9 - 6.

    The cheapest other figure is hidden with it: the smallest count shown,
    self's 6, not professional's 9 (which comes first in reading order) nor the
    total 17. Professional's 9 and the total stay shown.
    """
    rows = (
        [{"route": "consultation"}] * 2 + [{"route": "professional"}] * 9 + [{"route": "self"}] * 6
    )
    table = aggregate(rows, by=["route"])
    assert table.row_labels == ("consultation", "professional", "self")
    assert table.cells == ((None,), (9,), (None,))
    assert (table.column_totals, table.total, table.suppressed) == ((17,), 17, 2)


def test_equal_one_way_counts_are_hidden_in_reading_order_R_CL_4() -> None:
    """R-CL-4: consultation 2 is hidden; professional and self both hold 6, so the
    cheaper figures tie and the first in reading order (professional) goes with it."""
    rows = (
        [{"route": "consultation"}] * 2 + [{"route": "professional"}] * 6 + [{"route": "self"}] * 6
    )
    table = aggregate(rows, by=["route"])
    assert table.cells == ((None,), (None,), (6,))
    assert table.total == 14


def test_a_one_way_count_equal_to_the_threshold_is_shown_R_CL_4() -> None:
    """R-CL-4: only counts from 1 to threshold - 1 are suppressed, so 5 and 7 show
    with the default threshold of 5; with a threshold of 7 the 5 is below it."""
    rows = [{"route": "professional"}] * 5 + [{"route": "self"}] * 7
    assert aggregate(rows, by=["route"]).cells == ((5,), (7,))
    table = aggregate(rows, by=["route"], threshold=7)
    # 5 < 7 is hidden, and with it the only other category (7), before the total 12.
    assert (table.cells, table.total) == (((None,), (None,)), 12)


def test_a_two_way_zero_and_a_count_at_the_threshold_are_shown_R_CL_4() -> None:
    """R-CL-4: zeros are shown and a count equal to the threshold (5) is shown, so a
    table of 0, 6 / 5, 6 (row totals 6 and 11, column totals 5 and 12, total 17)
    has nothing to suppress."""
    table = aggregate(table_rows([[0, 6], [5, 6]]), by=["r", "c"])
    assert table.cells == ((0, 6), (5, 6))
    assert table.row_totals == (6, 11)
    assert table.column_totals == (5, 12)
    assert (table.total, table.suppressed) == (17, 0)
    assert "* fewer than" not in table.text()


def test_a_two_way_total_below_the_threshold_is_hidden_R_CL_4() -> None:
    """R-CL-4: three families in all (r0: 1, 1; r1: 1, 0). Every figure from 1 to 4
    is hidden, the total 3 included; only the zero shows. Each hidden figure lies
    on a cycle (rows r0 and totals reach every column), so none is added."""
    table = aggregate(table_rows([[1, 1], [1, 0]]), by=["r", "c"])
    assert table.cells == ((None, None), (None, 0))
    assert table.row_totals == (None, None)
    assert table.column_totals == (None, None)
    assert table.total is None
    assert table.suppressed == 8
    assert table.rows()[-1] == ["total", "*", "*", "*"]


def test_a_table_whose_labels_and_rows_do_not_line_up_is_not_printed_short_R_CL_4() -> None:
    """R-CL-4: a table with two row labels but one row of counts is refused when laid
    out, rather than printed without one of its rows."""
    table = AggregateTable(
        by=("route",),
        threshold=5,
        row_labels=("professional", "self"),
        column_labels=("families",),
        cells=((6,),),
        row_totals=(),
        column_totals=(11,),
        total=11,
    )
    with pytest.raises(ValueError, match="zip"):
        table.rows()


# --------------------------------------------------------------------------- descriptors and order


def case_with(attended_by: list[tuple[str, ...] | None]) -> Case:
    """An allocated case with one appointment per item, seen by those named (``None``: a DNA)."""
    case, _ = open_case("RPI-0042", at=dt.datetime(2026, 11, 2, 9))
    case, _ = apply(case, StartScreening(), at=dt.datetime(2026, 11, 2, 10))
    case, _ = apply(case, Allocate(practitioner="Grace Okafor"), at=dt.datetime(2026, 11, 3, 9))
    starts = [dt.datetime(2026, 11, day, 10) for day in range(10, 10 + len(attended_by))]
    for minute, start in enumerate(starts):
        appointment = Appointment(
            start=start,
            duration=dt.timedelta(hours=1),
            session_type="assessment",
            mode="clinic",
            practitioner="Grace Okafor",
        )
        case, _ = apply(
            case,
            BookAppointment(appointment=appointment),
            at=dt.datetime(2026, 11, 4, 9, minute),
        )
    for start, who in zip(starts, attended_by, strict=True):
        command = (
            RecordAttendance(start=start, attendance="did-not-attend")
            if who is None
            else RecordAttendance(start=start, attendance="attended", attended_by=who)
        )
        case, _ = apply(case, command, at=start + dt.timedelta(hours=2))
    return case


def family_of(
    id: str,
    *,
    infant: Infant | None = None,
    parents: tuple[Parent, ...] = (),
    route: ProfessionalReferral | SelfReferral | None = None,
) -> Referral:
    return Referral(
        id=id,
        received=dt.date(2026, 11, 2),
        route=route or SelfReferral(),
        family=Family(
            parents=list(parents or (Parent("Amira Haddad", "mother"),)),
            infant=infant or Infant.born_on(dt.date(2026, 8, 10)),
        ),
    )


COUPLE = (Parent("Amira Haddad", "mother"), Parent("Yusuf Haddad", "father"))


def test_a_row_number_is_one_unless_given_R_CL_4() -> None:
    """R-CL-4: a family anonymised alone is the first (and only) row of its export."""
    assert anonymise(referral()).row == 1


def test_without_a_case_sessions_with_a_father_are_not_recorded_R_REC_5() -> None:
    """R-REC-5 / R-CL-4: with no case there are no sessions to count, so none is recorded."""
    assert anonymise(referral()).sessions_with_father_or_partner is None


def test_sessions_only_the_mother_came_to_do_not_count_for_the_father_R_REC_5() -> None:
    """R-REC-5: a session counts for a father or partner only when one of them came to it."""
    case = case_with([("Amira Haddad",), ("Amira Haddad", "Yusuf Haddad")])
    family = anonymise(family_of("RPI-1", parents=COUPLE), case)
    # Seen twice; the father came only to the second.
    assert (family.sessions_attended, family.sessions_with_father_or_partner) == (2, 1)


def test_anonymise_all_keeps_each_familys_outcome_changes_R_CL_4() -> None:
    """R-CL-4: the export carries outcome changes (measure, change, improved) without the person."""
    scores = [
        DEFAULT_MEASURES.score("epds", v, on=day, who="mother", timepoint=t)
        for v, day, t in [
            (20, dt.date(2026, 11, 2), "baseline"),
            (12, dt.date(2027, 5, 3), "follow-up"),
        ]
    ]
    change = Change(baseline=scores[0], follow_up=scores[1])
    (family,) = anonymise_all([FamilyRecord(referral(), changes=[change])])
    # EPDS 20 -> 12 is a change of 12 - 20 = -8.
    assert [(o.measure, o.change) for o in family.outcomes] == [("epds", Fraction(-8))]
    rows = export_rows(
        anonymise_all([FamilyRecord(referral(), changes=[change]), family_of("RPI-2")]), k=None
    )
    (with_change,) = [r for r in rows if r["outcome_epds_change"] is not None]
    (without,) = [r for r in rows if r["outcome_epds_change"] is None]
    assert with_change["outcome_epds_change"] == "-8"
    # A family nobody measured on EPDS has its EPDS columns not recorded, not zero.
    assert without["outcome_epds_improved"] is None


def test_the_export_keeps_the_referrers_role_R_CL_4() -> None:
    """R-CL-4: the referring professional's role is a descriptor (not their name)."""
    route = ProfessionalReferral(Referrer(name="Jo Smith", role="health-visitor"))
    (row,) = export_rows([anonymise(family_of("RPI-1", route=route))], k=None)
    assert row["referrer_role"] == "health-visitor"
    assert "Jo Smith" not in str(row)


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (-1, AgeBand.NOT_KNOWN),
        (0, AgeBand.UNDER_20),
        (1, AgeBand.UNDER_20),
        (19, AgeBand.UNDER_20),
        (20, AgeBand.FROM_20_TO_24),
        (24, AgeBand.FROM_20_TO_24),
        (25, AgeBand.FROM_25_TO_29),
        (29, AgeBand.FROM_25_TO_29),
        (30, AgeBand.FROM_30_TO_34),
        (34, AgeBand.FROM_30_TO_34),
        (35, AgeBand.FROM_35_TO_39),
        (39, AgeBand.FROM_35_TO_39),
        (40, AgeBand.FROM_40),
    ],
    ids=lambda v: str(v.value) if isinstance(v, AgeBand) else str(v),
)
def test_each_age_band_holds_exactly_its_ages_R_CL_4(age: int, band: AgeBand) -> None:
    """R-CL-4: ages leave as bands; only an unknown or negative age is not known."""
    assert AgeBand.for_age(age) is band


ORDER_PAIRS: dict[str, tuple[Referral, Referral, Case | None, Case | None]] = {
    "referrer-role": (
        family_of("RPI-1", route=ProfessionalReferral(Referrer(name="A", role="gp"))),
        family_of("RPI-2", route=ProfessionalReferral(Referrer(name="B", role="midwife"))),
        None,
        None,
    ),
    "infant-age": (
        family_of("RPI-1", infant=Infant.born_on(dt.date(2026, 10, 26))),  # 1 week
        family_of("RPI-2", infant=Infant.born_on(dt.date(2026, 10, 19))),  # 2 weeks
        None,
        None,
    ),
    "weeks-before-due": (
        family_of("RPI-1", infant=Infant.unborn(dt.date(2026, 11, 9))),  # 1 week
        family_of("RPI-2", infant=Infant.unborn(dt.date(2026, 11, 16))),  # 2 weeks
        None,
        None,
    ),
    "ethnic-category": (
        family_of("RPI-1", parents=(Parent("A", "mother", ethnic_category="asian-indian"),)),
        family_of("RPI-2", parents=(Parent("B", "mother", ethnic_category="white-irish"),)),
        None,
        None,
    ),
    "no-case-before-a-case": (
        family_of("RPI-1", parents=COUPLE),
        family_of("RPI-2", parents=COUPLE),
        None,
        case_with([("Amira Haddad", "Yusuf Haddad")]),  # 1 offered, 1 seen, 1 with father
    ),
    "no-case-before-no-sessions": (
        family_of("RPI-1"),
        family_of("RPI-2"),
        None,
        case_with([]),
    ),
    "sessions-offered": (
        family_of("RPI-1"),
        family_of("RPI-2"),
        case_with([("Amira Haddad",)]),  # 1 offered, 1 seen
        case_with([("Amira Haddad",), None]),  # 2 offered, 1 seen
    ),
    "sessions-attended": (
        family_of("RPI-1"),
        family_of("RPI-2"),
        case_with([("Amira Haddad",), None]),  # 2 offered, 1 seen
        case_with([("Amira Haddad",), ("Amira Haddad",)]),  # 2 offered, 2 seen
    ),
    "sessions-with-father": (
        family_of("RPI-1", parents=COUPLE),
        family_of("RPI-2", parents=COUPLE),
        case_with([("Amira Haddad",)]),  # 0 with the father
        case_with([("Yusuf Haddad",)]),  # 1 with the father
    ),
    "closure-reason": (
        family_of("RPI-1"),
        family_of("RPI-2"),
        apply(case_with([]), Withdraw(), at=dt.datetime(2026, 11, 9, 9))[0],  # family-withdrew
        apply(
            case_with([]),
            Withdraw(reason="moved-away", note="Leeds"),
            at=dt.datetime(2026, 11, 9, 9),
        )[0],
    ),
}


@pytest.mark.parametrize(
    ("first", "second", "first_case", "second_case"),
    list(ORDER_PAIRS.values()),
    ids=list(ORDER_PAIRS),
)
def test_rows_follow_the_descriptors_whatever_order_families_come_in_R_CL_4(
    first: Referral, second: Referral, first_case: Case | None, second_case: Case | None
) -> None:
    """R-CL-4: rows are numbered by the descriptors alone, so input order cannot be read back.

    The two families differ in one descriptor only; the one with the smaller
    value (text in alphabetical order, not recorded before any value, fewer
    before more) is row 1, in either input order.
    """
    one, two = FamilyRecord(first, first_case), FamilyRecord(second, second_case)
    expected = anonymise(first, first_case, row=1), anonymise(second, second_case, row=2)
    assert expected[0] != attrs.evolve(expected[1], row=1)  # they do differ
    assert anonymise_all([one, two]) == expected
    assert anonymise_all([two, one]) == expected
