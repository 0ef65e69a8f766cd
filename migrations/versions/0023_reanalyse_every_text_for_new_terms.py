"""Every strength and need analysed again: the concept table gained about 320 terms and reads a few
words differently, and the analyser reads a few things anew (api/skills/concepts.py,
api/skills/text.py, api/skills/reanalyse.py).

Families gain words they write every day for the help they ask and offer, in both languages, so a
need finds a helper who says the same thing another way or in the other language: "help moving" /
"nos cambiamos de casa", "car won't start" / "el carro no prende", "got suspended" / "lo
suspendieron", "apartment" / "apartamento", "aseguranza", "prestar" (lending), "enfermera",
"quiropráctico", "first-time dad" / "primeriza", "miscarriage" / "aborto espontáneo", more spoken
languages (Vietnamese, Mam, zapoteco...), and three things families ask for that the table lacked:
a church (`@church`), help after a house fire or flood (`@disaster_relief`), and a safe street to
school (`@street_safety`, a crosswalk, a "semáforo").

Some words are now read only as written, because their stem is a common word's with another
meaning: "unas semanas" is no longer nails ("uñas" is only found in "uñas acrílicas"...), "me
prestan" no longer a loan ("préstamo"), "recursos humanos" no longer the humanities, "el ciclo del
agua" no longer cycling, "activation code" no longer coding, "necesito un especialista" no longer
special needs, "células" no longer a phone.

The analyser: the child a phrase is done for may stand inside it ("walk my kids to school" is the
walking bus, "llevar a mis hijos a la escuela" a ride to school); "unas" is a stop word; "ideas",
"tips", "consejos", "recomendaciones" say nothing about the help asked for.

Every text, not only those naming one of the terms: a pattern of the 330 terms took 5 minutes to
scan a million strengths and matched 69 % of them (measured 2026-12-04).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04 23:30:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from api.skills.reanalyse import reanalyse_all_in_batches

    reanalyse_all_in_batches(op)


def downgrade() -> None:
    """Nothing to undo: the terms are what the analyser of the release gives."""
