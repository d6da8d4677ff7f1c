"""Create (or update) a curator: a staff user in the `curators` group with exactly curation's permissions."""

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rest_framework.authtoken.models import Token

GROUP = "curators"
# app_label.codename: submissions (add, follow, requeue, cancel), the review queue, entities and merges,
# the log, documents (withdraw).
PERMISSIONS = (
    "ingest.view_submission",
    "ingest.add_submission",
    "ingest.change_submission",
    "curation.view_reviewedfact",
    "curation.change_reviewedfact",
    "curation.view_curatedentity",
    "curation.add_curatedentity",
    "curation.change_curatedentity",
    "curation.merge_curatedentity",
    "curation.view_auditentry",
    "curation.view_sourcedocument",
    "curation.delete_sourcedocument",
)
PASSWORD_ENV = "CURATOR_PASSWORD"


def curators_group() -> Group:
    """The group with exactly these permissions (extra ones someone added are removed)."""
    group, _ = Group.objects.get_or_create(name=GROUP)
    perms = []
    for name in PERMISSIONS:
        app_label, codename = name.split(".")
        try:
            perms.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        except Permission.DoesNotExist as exc:
            raise CommandError(f"Permission {name} is missing; run `manage.py migrate` first.") from exc
    group.permissions.set(perms)
    return group


class Command(BaseCommand):
    help = f"Create a curator (staff user in the '{GROUP}' group). Password from ${PASSWORD_ENV} or a prompt."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--no-input", action="store_true", help=f"never prompt; ${PASSWORD_ENV} must be set")
        parser.add_argument("--token", action="store_true", help="also print an API token for the write endpoints")

    def _password(self, *, no_input: bool) -> str:
        password = os.environ.get(PASSWORD_ENV, "")
        if password or no_input:
            if not password:
                raise CommandError(f"Set ${PASSWORD_ENV} or run without --no-input to be prompted.")
            return password
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The passwords differ.")
        return first

    def handle(self, *args, username: str, email: str, no_input: bool, token: bool, **options):
        password = self._password(no_input=no_input)
        User = get_user_model()
        with transaction.atomic():
            user, created = User.objects.get_or_create(username=username, defaults={"email": email})
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            user.set_password(password)
            user.is_staff = True
            user.email = email or user.email
            user.save()
            user.groups.add(curators_group())
        self.stdout.write(f"{'Created' if created else 'Updated'} curator {username} (group '{GROUP}').")
        if token:
            key = Token.objects.get_or_create(user=user)[0].key
            self.stdout.write(f"API token: {key}")
