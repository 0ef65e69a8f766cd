"""Approximate locations: an H3 cell of about 1 km, never the exact point."""

from __future__ import annotations

import math
import re

import h3
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import Invalid
from api.platform.models import PostalCode

# Resolution 8: cells of about 0.74 km² (roughly 1 km across).
HOME_RESOLUTION = 8


def coarse_cell(lat: float, lng: float, *, field: str = "location") -> str:
    if not (-90 <= lat <= 90) or not (-180 <= lng <= 180):
        raise Invalid("Latitude must be between -90 and 90 and longitude between -180 and 180.", field=field)
    return h3.latlng_to_cell(lat, lng, HOME_RESOLUTION)


_ZIP = re.compile(r"^(\d{5})(?:-\d{4})?$")


async def area_from_postal_code(db: AsyncSession, code: str, *, field: str = "postalCode") -> tuple[str, str]:
    """A US ZIP code (or ZIP+4) → (cell of the ZIP's centre, "City, ST"), from the postal_codes table."""
    match = _ZIP.match(code.strip()) if isinstance(code, str) else None
    row = (
        (
            await db.execute(
                select(PostalCode.lat, PostalCode.lng, PostalCode.label).where(PostalCode.code == match[1])
            )
        ).first()
        if match
        else None
    )
    if row is None:
        raise Invalid(
            "We could not find that postal code. Use a 5-digit US ZIP code, or share an approximate location instead.",
            field=field,
            code="UNKNOWN_POSTAL_CODE",
        )
    return h3.latlng_to_cell(row.lat, row.lng, HOME_RESOLUTION), row.label


async def checked_area(db: AsyncSession, c, postal_code: str | None, *, field: str = "postalCode"):
    """A postal code from outside as (cell, "City, ST"), its problem added to the Checker `c`
    (api.validation) instead of raised, so a form's every error is told at once; None when there
    is no code or a problem."""
    if not postal_code:
        return None
    if not c.characters(field, postal_code, label="The postal code"):
        return None
    try:
        return await area_from_postal_code(db, postal_code, field=field)
    except Invalid as e:
        c.add(field, e.message, e.code)
        return None


def cell_center(cell: str) -> tuple[float, float]:
    return h3.cell_to_latlng(cell)


def distance_km(lat1, lng1, lat2, lng2):
    """Great-circle distance in km between two points, as a SQL expression (haversine on cell
    centres: coarse by construction). Arguments are columns, bind parameters or numbers."""
    return 12742 * func.asin(
        func.sqrt(
            func.power(func.sin(func.radians(lat2 - lat1) / 2), 2)
            + func.cos(func.radians(lat1))
            * func.cos(func.radians(lat2))
            * func.power(func.sin(func.radians(lng2 - lng1) / 2), 2)
        )
    )


def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """The same distance in Python."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))
