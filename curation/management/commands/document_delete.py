"""Withdraw a document from the graph: `manage.py document_delete KEY [--dry-run] [--user NAME]`."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from curation.services import document_withdraw
from kg import services
from kg.documents import DocumentRemoval, FactBrief
from kg.errors import GraphError


def _fact_line(fact: FactBrief) -> str:
    said = fact.decision or ("curator's fact" if fact.curated else fact.status)
    return f"  {fact.subject} -{fact.type}-> {fact.object}  [{said}]"


class Command(BaseCommand):
    help = (
        "Withdraw a document: the facts only it supported go, facts a curator decided or made stay "
        "(noted with the withdrawn source); logged in the audit log. --dry-run lists it all and changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("key", help="the document's key (as in /documents/<key>)")
        parser.add_argument(
            "--dry-run", action="store_true", help="list what would be removed and kept; change nothing"
        )
        parser.add_argument("--user", default=None, help="the username the audit log names (default: none)")

    def handle(self, *args, key: str, dry_run: bool, user: str | None, **options) -> None:
        actor = self._user(user)
        try:
            if dry_run:
                removal = services.document_delete_preview(key=key)
            else:
                removal = DocumentRemoval.from_dict(document_withdraw(user=actor, key=key).before)
        except GraphError as exc:
            raise CommandError(exc.message) from exc
        self._report(removal, dry_run=dry_run)

    def _user(self, username: str | None):
        if username is None:
            return None
        found = get_user_model().objects.filter(username=username).first()
        if found is None:
            raise CommandError(f"No user '{username}'.")
        return found

    def _report(self, removal: DocumentRemoval, *, dry_run: bool) -> None:
        verb = "Would withdraw" if dry_run else "Withdrew"
        write = self.stdout.write
        write(f"{verb} document {removal.key} (“{removal.title}”): {removal.claims} statements.")
        write(f"Facts only this document supported, removed: {len(removal.removed_facts)}")
        for fact in removal.removed_facts:
            write(_fact_line(fact))
        write(
            f"Facts a curator decided or made, kept with a note that this source was withdrawn: {len(removal.kept_facts)}"
        )
        for fact in removal.kept_facts:
            write(_fact_line(fact))
        write(f"Facts other documents state too, kept: {removal.other_facts}")
        write(f"Entities nothing else mentions, removed: {len(removal.removed_entities)}")
        for key in removal.removed_entities:
            write(f"  {key}")
        if dry_run:
            write("Nothing was changed (--dry-run).")
