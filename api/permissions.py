"""Who may write through the API: curators (the "curators" group, or the Django permission an endpoint names)."""

from rest_framework.permissions import BasePermission

CURATORS_GROUP = "curators"


class IsCurator(BasePermission):
    """A member of the curators group, or a user given `permission` on its own."""

    message = "Submitting documents needs the curator permission."
    permission = "ingest.add_submission"

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        return user.has_perm(self.permission) or user.groups.filter(name=CURATORS_GROUP).exists()


class CanWithdrawDocuments(IsCurator):
    message = "Withdrawing documents needs the curator permission."
    permission = "curation.delete_sourcedocument"


class CanCancelJobs(IsCurator):
    message = "Cancelling jobs needs the curator permission."
    permission = "ingest.change_submission"


class CuratorPermission(BasePermission):
    """The Django permission the view names in `required_permission` (the curators group has them)."""

    message = "This needs a curator's permission."

    def has_permission(self, request, view) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS") and getattr(view, "public_read", False):
            return True
        return bool(request.user and request.user.has_perm(view.required_permission))
