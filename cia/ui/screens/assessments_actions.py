"""What the Assessments screen does to the store: new, import (JSON or Word), duplicate, delete.

A part of :class:`~.assessments.AssessmentsScreen`, which provides ``store``, ``current_id``, ``summaries``,
``open`` and ``reload`` (each action shows the store again, the cursor on what it made).
"""

from __future__ import annotations

from pathlib import Path

from textual import work

from ...store import StoreError


class StoreActions:
    """The Assessments screen's actions on the store (a mixin of :class:`~.assessments.AssessmentsScreen`)."""

    def action_new(self) -> None:
        from ...model import new_assessment  # the model (pydantic) loads when first needed, not at start-up
        from ..modals.new_assessment import NewAssessment, NewAssessmentModal

        def created(result: NewAssessment | None) -> None:
            if result is None:
                return
            try:
                assessment = new_assessment(result.title, result.edition)
                self.store.create(assessment)
            except (StoreError, OSError, ValueError) as exc:
                self.notify(f"Could not create the assessment: {exc}", severity="error")
                return
            self.reload(select=assessment.id)
            self.open(assessment.id)

        self.app.push_screen(NewAssessmentModal(), created)

    def action_import(self) -> None:
        from ..modals.import_file import ImportModal

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            from ...docx_import import looks_like_word

            if looks_like_word(path):
                self._import_word(path)
                return
            try:
                assessment = self.store.import_file(path, new_id_on_clash=True)
            except StoreError as exc:
                self.notify(str(exc), title="Not imported", severity="error", timeout=10)
                return
            except OSError as exc:
                self.notify(f"{path}: {exc}", title="Not imported", severity="error")
                return
            self.reload(select=assessment.id)
            self.notify(f"Imported {assessment.title or assessment.id}.", title="Imported")

        self.app.push_screen(ImportModal(), chosen)

    @work(thread=True, exclusive=True, group="import-word")
    def _import_word(self, path: Path) -> None:
        """Read a Word CIA into the store off the UI thread, then show the import report."""
        from ...docx_import import DocxImportError
        from ...docx_import.into_store import import_docx

        try:
            done = import_docx(self.store, path, new_id_on_clash=True)
        except (DocxImportError, StoreError) as exc:
            self.app.call_from_thread(self.notify, str(exc), title="Not imported", severity="error", timeout=10)
            return
        except OSError as exc:
            self.app.call_from_thread(self.notify, f"{path}: {exc}", title="Not imported", severity="error")
            return
        self.app.call_from_thread(self._word_imported, done.assessment.id, done.report.text())

    def _word_imported(self, assessment_id: str, report: str) -> None:
        from ..modals.confirm import ChoiceModal

        self.reload(select=assessment_id)
        self.app.push_screen(ChoiceModal("Imported from Word", report, [("ok", "OK")]))

    def action_duplicate(self) -> None:
        assessment_id = self.current_id()
        if assessment_id is None:
            return
        try:
            copy = self.store.duplicate(assessment_id)
        except (StoreError, OSError) as exc:
            self.notify(f"Could not duplicate: {exc}", severity="error")
            return
        self.reload(select=copy.id)
        self.notify(f"Created {copy.title}.", title="Duplicated")

    def action_delete(self) -> None:
        from ..modals.confirm import confirm

        assessment_id = self.current_id()
        if assessment_id is None:
            return
        summary = self.summaries[assessment_id]
        try:
            holder = self.store.lock_holder(assessment_id)
        except StoreError:
            holder = None  # the delete itself will say what is wrong

        def answered(choice: str | None) -> None:
            if choice != "yes":
                return
            try:
                target = self.store.delete(assessment_id)
            except (StoreError, OSError) as exc:
                self.notify(f"Could not delete: {exc}", severity="error")
                return
            self.reload()
            self.notify(f"Moved to {target}.", title="Deleted")

        warning = f"\n\n{holder.describe()} has it open." if holder else ""
        self.app.push_screen(confirm("Delete this assessment?",
                                     f"“{summary.title}” will be moved to the store's trash folder "
                                     f"({self.store.trash_dir}).{warning}", yes="Delete", danger=True), answered)
