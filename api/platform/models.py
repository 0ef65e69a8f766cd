"""Platform-wide rows that belong to no community or person: secrets the application makes for
itself (the VAPID private key; later, signing material) and reference data (US ZIP codes)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, created_at
from api.partitioning import Placement


class Secret(Base):
    __tablename__ = "secrets"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = created_at()


class PostalCode(Base):
    """A US ZIP code's centre and place name, loaded by migration 0005 from the zipcodes package:
    looked up in the database, so no API process holds the whole table in memory."""

    __tablename__ = "postal_codes"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    lat: Mapped[float] = mapped_column(Float, nullable=False)
    lng: Mapped[float] = mapped_column(Float, nullable=False)
    label: Mapped[str] = mapped_column(String(80), nullable=False)


# Not one community's rows (api/partitioning.py).
NOT_BY_COMMUNITY = {
    Secret: (Placement.COORDINATOR, "The platform's own keys, read by the processes, never joined."),
    PostalCode: (Placement.REFERENCE, "US ZIP code centres, the same for everyone (about 41,000 rows)."),
}
