"""The analyser (api/skills/text.py): what a text's words become, as matching reads them."""

from api.skills.text import analyse


def test_a_word_of_the_table_as_written_wins_over_another_words_stem():
    # Spanish stems "Medicaid" to médico's stem; the table lists Medicaid itself, which is meant.
    a = analyse("Medicaid y CHIP", "Ayudo con las solicitudes y renovaciones", hint="es")
    assert "@medicaid" in a.terms and "@doctor" not in a.terms
    assert a.surface["@medicaid"] == "Medicaid"
    # And an English text keeps finding a doctor by stem.
    assert "@doctor" in analyse("Find a doctor", "", hint="en").terms
