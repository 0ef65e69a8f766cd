"""Approximate locations: an H3 cell of about 1 km, never the exact point."""

from __future__ import annotations

import h3
import zipcodes

from api.errors import Invalid

# Resolution 8: cells of about 0.74 km² (roughly 1 km across).
HOME_RESOLUTION = 8


def coarse_cell(lat: float, lng: float, *, field: str = "location") -> str:
    if not (-90 <= lat <= 90) or not (-180 <= lng <= 180):
        raise Invalid("Latitude must be between -90 and 90 and longitude between -180 and 180.", field=field)
    return h3.latlng_to_cell(lat, lng, HOME_RESOLUTION)


def area_from_postal_code(code: str, *, field: str = "postalCode") -> tuple[str, str]:
    """A US ZIP code → (cell of the ZIP's centre, "City, ST"). Offline data from the zipcodes package."""
    code = code.strip()
    try:
        found = zipcodes.matching(code[:5]) if len(code) in (5, 10) else []
    except (ValueError, TypeError):
        found = []
    if not found:
        raise Invalid(
            "We could not find that postal code. Use a 5-digit US ZIP code, or share an approximate location instead.",
            field=field,
            code="UNKNOWN_POSTAL_CODE",
        )
    z = found[0]
    return h3.latlng_to_cell(float(z["lat"]), float(z["long"]), HOME_RESOLUTION), f"{z['city'].title()}, {z['state']}"


def cell_center(cell: str) -> tuple[float, float]:
    return h3.cell_to_latlng(cell)
