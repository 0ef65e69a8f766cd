"""The analyser (api/skills/text.py): what a text's words become, as matching reads them."""

from api.skills.text import analyse


def test_a_word_of_the_table_as_written_wins_over_another_words_stem():
    # Spanish stems "Medicaid" to médico's stem; the table lists Medicaid itself, which is meant.
    a = analyse("Medicaid y CHIP", "Ayudo con las solicitudes y renovaciones", hint="es")
    assert "@medicaid" in a.terms and "@doctor" not in a.terms
    assert a.surface["@medicaid"] == "Medicaid"
    # And an English text keeps finding a doctor by stem.
    assert "@doctor" in analyse("Find a doctor", "", hint="en").terms


def test_sleep_is_the_sleep_concept_however_it_is_said():
    # A new mom's helper lists "sleep"; a need says "won't sleep" or "no duerme la siesta": one concept.
    helper = analyse("New moms", "Breastfeeding, sleep, postpartum", hint="en")
    assert "@sleep_training" in helper.terms and helper.surface["@sleep_training"] == "sleep"
    assert "@sleep_training" in analyse("Baby won't sleep", "", hint="en").terms
    assert "@sleep_training" in analyse("Siestas", "Mi bebé no quiere dormir", hint="es").terms
    # Sleeping over is not sleep help.
    assert "@sleep_training" not in analyse("Sleepover hosting", "", hint="en").terms


def test_the_concept_table_passes_its_own_check():
    # Unique keys and terms per language, phrases of at most three words, broader links without cycles.
    import runpy
    from pathlib import Path

    import api.skills.concepts as concepts

    runpy.run_path(str(Path(concepts.__file__)), run_name="__main__")
