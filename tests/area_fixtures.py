"""Filling an area of a test assessment in one call (the impacts and the Across screen count such areas)."""

from __future__ import annotations


def area(a, section, key, *, benefits=(), risks=(), high=(), mitigations=(), answers=None, status="assessed"):
    """Area ``key`` of ``section`` assessed (or ``status``) with these points; ``high``: indexes of the risks
    rated high; ``answers``: mitigation index -> the indexes of the risks it answers."""
    entry = a.section(section).entry(key)
    entry.status = status
    entry.groups = ["People affected"]
    entry.benefits = list(benefits)
    entry.set_points("risks", list(risks))
    for i in high:
        entry.risks[i].rating = "high"
    entry.set_points("mitigations", list(mitigations))
    if answers is not None:
        for m, rs in answers.items():
            entry.mitigations[m].answers = [entry.risks[r].id for r in rs]
    return entry
