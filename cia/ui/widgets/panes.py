"""Which pane shows which step of an assessment (the assessment screen mounts them as they are first shown)."""

from __future__ import annotations

from pathlib import Path

from ..session import Session
from ..steps import Step
from .base import StepPane


def pane_for(step: Step, session: Session, *, export_dir: Path | None) -> StepPane:
    """A new pane for ``step``, with the id the screen finds it by (``step-<key>``). Each pane's module is
    imported when its step is first shown."""
    pane_id = f"step-{step.key}"
    if step.kind == "screening":
        from .screening import ScreeningPane

        return ScreeningPane(session, id=pane_id, export_dir=export_dir)
    if step.kind == "details":
        from .details import DetailsPane

        return DetailsPane(session, id=pane_id)
    if step.kind == "front":
        from .front import FrontPane

        return FrontPane(session, id=pane_id)
    if step.kind == "category":
        from .category import CategoryPane

        return CategoryPane(session, step.ref.category, id=pane_id)
    if step.kind == "evidence":
        from .evidence import EvidencePane

        return EvidencePane(session, id=pane_id)
    from .review import ReviewPane

    return ReviewPane(session, id=pane_id)
