"""Who may write through the API: curators (the "curators" group or the add-submission permission)."""

from rest_framework.permissions import BasePermission

CURATORS_GROUP = "curators"


class IsCurator(BasePermission):
    message = "Submitting documents needs the curator permission."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        return user.has_perm("ingest.add_submission") or user.groups.filter(name=CURATORS_GROUP).exists()
