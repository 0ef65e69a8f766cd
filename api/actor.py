"""Who is acting: a plain snapshot of the signed-in caregiver, safe to keep across rollbacks."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from api.errors import Unauthenticated


@dataclass(frozen=True)
class Viewer:
    account_id: uuid.UUID
    session_id: uuid.UUID
    family_id: uuid.UUID | None
    is_platform_admin: bool
    ui_language: str


def require_viewer(viewer: Viewer | None) -> Viewer:
    if viewer is None:
        raise Unauthenticated("Please log in first.")
    return viewer
