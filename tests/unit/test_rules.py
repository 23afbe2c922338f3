"""Rules written once in the core and followed everywhere: the first row applies (and its "See first row"
wording comes from the edition), points mean assessed, and the documents' column widths."""

from __future__ import annotations

import pytest

from cia.checks import check
from cia.export.figures import summary_checklist
from cia.export.writer import LANDSCAPE_WIDTH, PORTRAIT_WIDTH, column_widths
from cia.model import AreaEntry, new_assessment
from cia.register import rows
from cia.render import show


def _with_first_row(edition: str, cc_status: str = "assessed"):
    a = new_assessment("Rules", edition=edition)
    cc = a.cross_cutting_entry() or a.add_cross_cutting()
    cc.set_points("benefits", ["Shared benefit"])
    cc.set_points("risks", ["Shared risk"])
    cc.set_points("mitigations", ["Shared mitigation"])
    cc.status = cc_status
    race = a.section("psed").entry("race")
    race.set_points("groups", ["Residents"])
    race.set_points("risks", ["Own risk"])
    race.first_row.benefits = race.first_row.mitigations = True
    race.status = "assessed"
    return a, cc, race


@pytest.mark.parametrize("edition", ["2021", "2024"])
def test_the_first_row_applies_the_same_way_in_checks_register_documents_and_show(edition):
    a, cc, race = _with_first_row(edition)
    assert a.first_row_applying(race, "benefits") is cc and a.first_row_applying(race, "risks") is None
    assert a.effective_points("psed", race, "benefits") == ["Shared benefit"]
    assert a.effective_points("psed", race, "mitigations") == ["Shared mitigation"]
    own = next(r for r in rows(a) if r.area_key == "race")
    assert own.first_row_mitigations == ("Shared mitigation",)
    assert not [f for f in check(a) if f.code == "first-row-empty"]
    psed = next(r for r in summary_checklist(a) if r.key == "psed")
    assert (psed.benefits, psed.risks) == (1, 2)  # the first row's benefit once; its risk and the area's own
    sentence = a.template.first_row_sentence("psed", "benefits")
    assert sentence in show(a, width=200)  # the edition's own words, in the terminal too

    # a first row that is not assessed applies nowhere: no points counted, the checks say so
    cc.status = "not_assessed"
    assert a.first_row_points(race, "benefits") == [] and a.effective_points("psed", race, "risks") == ["Own risk"]
    assert next(r for r in rows(a) if r.area_key == "race").first_row_mitigations == ()
    empty = {f.location.field for f in check(a) if f.code == "first-row-empty"}
    assert empty == {"benefits", "mitigations"}
    psed = next(r for r in summary_checklist(a) if r.key == "psed")
    assert (psed.benefits, psed.risks) == (0, 1)  # only the area's own risk


def test_the_first_row_referring_to_itself_is_ignored():
    a, cc, _ = _with_first_row("2021")
    cc.first_row.benefits = True
    assert not a.refers_to_first_row(cc, "benefits") and a.first_row_applying(cc, "benefits") is None
    assert a.effective_points("psed", cc, "benefits") == ["Shared benefit"]


def test_points_mean_assessed():
    entry = AreaEntry(key="race")
    assert entry.unmarked_status == "not_assessed" and not entry.assess_if_written()
    entry.first_row.risks = True  # a reference to the first row is something written
    assert entry.unmarked_status == "assessed" and entry.assess_if_written() and entry.status == "assessed"
    na = AreaEntry(key="sex", status="na", benefits=["Kept"])
    assert not na.assess_if_written() and na.status == "na" and na.unmarked_status == "assessed"


@pytest.mark.parametrize("shares,total", [((0.19, 0.14, 0.223, 0.223, 0.224), LANDSCAPE_WIDTH),
                                          ((1 / 3,) * 3, PORTRAIT_WIDTH), ((0.78, 0.22), PORTRAIT_WIDTH)])
def test_column_widths_add_up_to_the_text_width(shares, total):
    widths = column_widths(shares, total)
    assert sum(widths) == total and len(widths) == len(shares)
    assert all(abs(w - total * s) < len(shares) + 1 for w, s in zip(widths, shares))
