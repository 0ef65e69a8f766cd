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


def test_the_category_a_text_is_filed_under_chooses_a_words_meaning():
    need = ("La camioneta rebota", "Creo que es la suspensión")
    assert "@behavior" in analyse(*need, hint="es").terms  # a pupil's suspension, by default
    under_car_repair = analyse(*need, hint="es", category="trades.car_repair").terms
    assert "@car_suspension" in under_car_repair and "@behavior" not in under_car_repair
    assert "@car_repair" in under_car_repair and "@truck_lending" not in under_car_repair
    assert "@phones" in analyse("The app", "I can't log in", hint="en", category="tech.devices").terms
    assert "@school_portals" in analyse("The app", "I can't log in", hint="en", category="tech.school_apps").terms


def test_every_sense_names_a_category_and_a_concept_of_the_table():
    from api.skills.concepts import CONCEPTS, SENSES
    from api.skills.taxonomy import TAXONOMY

    slugs = {row[0] for row in TAXONOMY}
    concepts = {c.key for c in CONCEPTS}
    for sense in SENSES:
        assert sense.category in slugs and sense.concept in concepts, sense


def test_a_communitys_own_word_wins_over_the_tables_meaning_of_it_under_a_category():
    from api.skills.text import ConceptTerm, builtin_lexicon

    ours = builtin_lexicon().extended([ConceptTerm("homework", "en", "app")])  # "the App" is their homework site
    terms = analyse("The app", "I can't log in", hint="en", category="tech.school_apps", lexicon=ours).terms
    assert "@homework" in terms and "@school_portals" not in terms
    assert "@school_portals" in analyse("The app", "", hint="en", category="tech.school_apps").terms


def test_a_word_beside_its_cue_takes_that_meaning_whatever_the_category():
    # A mechanic who filed under moving: "suspensión" beside "frenos" is still a truck's.
    mislabelled = analyse("Mecánico", "Frenos, balatas, suspensión", hint="es", category="household.moving").terms
    assert "@car_suspension" in mislabelled and "@behavior" not in mislabelled
    # "Skyward and the app" is a school app under any category; a suspension meeting stays a pupil's.
    assert "@phones" not in analyse("Skyward and the app", "", hint="en", category="tech.devices").terms
    assert "@behavior" in analyse("Suspension meeting", "", hint="en", category="school_system.meetings").terms


def test_frenos_gato_and_formula_read_by_where_they_are_said():
    def terms(title, description, category):
        return analyse(title, description, hint="es", category=category).terms

    assert "@braces" in terms("Frenos para mi hijo", "El dentista dice que necesita frenos", "health.doctors")
    assert "@brakes" in terms("Frenos", "Cambio de frenos y balatas", "trades.car_repair")
    jack = terms("Llanta ponchada", "No tengo gato para cambiar la llanta", "household.lending")
    assert "@pets" not in jack and "@car_repair" in jack
    assert "@pets" in terms("Mi gato", "Cuido gatos y perros", "household.pets")
    assert "@wic" not in terms("Tarea de álgebra", "No entiende la fórmula cuadrática", "tutoring.math")
    assert "@wic" in terms("Leche", "Necesito fórmula para el bebé", "benefits.food")


def test_a_term_whose_stem_is_a_common_words_is_found_only_as_written():
    # "probably" is not probability, "engineering" not an engine, "un rato" not rats, "se quebró" (it
    # broke) not quebrados (fractions), "deportaron" (they deported) not deportes (sports).
    for text, lang, wrong in [
        ("I can probably help with engineering homework", "en", ("@statistics", "@check_engine")),
        ("Book a date for a visit", "en", ("@books", "@teen_dating", "@custody")),
        ("Se quebró una rama hace un rato", "es", ("@fractions", "@rodents")),
        ("Deportaron a mi esposo", "es", ("@sports",)),
        ("Le pinté la cara", "es", ("@dentist",)),  # "caries" is not made "carieses", stemmed to "car"
    ]:
        terms = analyse(text, "", hint=lang).terms
        assert not set(wrong) & set(terms), (text, terms)
    # The terms themselves still are.
    assert "@statistics" in analyse("Probability and statistics", "", hint="en").terms
    assert "@fractions" in analyse("Quebrados", "", hint="es").terms
    assert "@sports" in analyse("Deportes para niños", "", hint="es").terms
    assert "@deportation" in analyse("Deportaron a mi esposo", "", hint="es").terms


def test_a_phrase_that_is_one_word_without_its_stop_words_is_found_as_written():
    # "no duerme", "la migra", "Down syndrome" and "sin gluten" were dropped from the table before:
    # without "no", "la", "down" and "sin" each is one word, which alone would mean too much.
    assert "@sleep_training" in analyse("Mi bebé no duerme", "", hint="es").terms
    assert "@deportation" in analyse("Llegó la migra al trabajo", "", hint="es").terms
    assert "@down_syndrome" in analyse("My son has Down syndrome", "", hint="en").terms
    assert "@gluten_free" in analyse("Recetas sin gluten", "", hint="es").terms
    assert analyse("Know your rights", "", hint="en").surface["@deportation"] == "Know your rights"
    # The word alone is not the concept.
    assert "@deportation" not in analyse("The right person", "I know my rights", hint="en").terms
    assert "@sleep_training" not in analyse("Duerme en casa de su abuela", "", hint="es").terms


def test_the_words_of_a_phrase_of_the_table_count_for_less():
    # "Corto ramas" is tree trimming, and a need about a fallen "rama" shares the word with it.
    helper = analyse("Poda de árboles", "Corto ramas con motosierra", hint="es").terms
    assert helper["@tree_trimming"] > helper["ram"] > 0
    # A word that says nothing (a "niño" in "cuidado de niños") is not kept.
    assert not {"nin", "nino"} & set(analyse("Cuidado de niños", "", hint="es").terms)


def test_teaching_food_and_cost_cross_languages():
    def concepts(text: str, lang: str) -> set[str]:
        return {t for t in analyse(text, "", hint=lang).terms if t.startswith("@")}

    assert {"@teaching", "@biking"} <= concepts("Teach my kid to ride a bike", "en")
    assert {"@teaching", "@biking"} <= concepts("Le enseño a andar en bici", "es")
    assert {"@legumes", "@vegetables", "@low_cost"} <= concepts("Cheap dinners with beans and veggies", "en")
    assert {"@legumes", "@vegetables", "@low_cost"} <= concepts("Recetas baratas con frijoles y verduras", "es")


def test_months_ordinals_and_contractions_say_nothing_about_the_help():
    # When, for which grade and "won't" are read by the time and grade rules, or not at all.
    terms = analyse("Proyecto de ciencias de octavo grado", "Empieza en mayo", hint="es").terms
    assert not {"octav", "may", "mayo"} & set(terms)
    terms = analyse("She won't eat meat", "Don't know, eighth grade", hint="en").terms
    assert not {"won", "don", "eighth"} & set(terms)


def test_everyday_words_for_the_same_help_meet_across_languages():
    def concepts(title, description, lang, category=None):
        return {t for t in analyse(title, description, hint=lang, category=category).terms if t.startswith("@")}

    # An English need and a Spanish offer (and the other way round) meet on one concept.
    assert "@moving" in concepts("Help moving", "Saturday, a few heavy things", "en") & concepts(
        "Nos cambiamos de casa", "Tengo troca y ayudo", "es"
    )
    assert "@car_repair" in concepts("Car won't start", "", "en") & concepts("Mi carro no prende", "", "es")
    assert "@behavior" in concepts("My son got suspended", "", "en") & concepts("Suspendieron a mi hijo", "", "es")
    assert "@housing" in concepts("Looking for an apartment", "", "en") & concepts("Busco apartamento", "", "es")
    assert "@lending" in concepts("Me prestan una escalera", "", "es")
    assert "@health_insurance" in concepts("Aseguranza", "Para toda la familia", "es")
    # Things families ask for that the table lacked.
    assert "@street_safety" in concepts("Crosswalk near the school", "", "en") & concepts("Un semáforo", "", "es")
    assert "@church" in concepts("Help finding a church", "", "en") & concepts("Busco una iglesia", "", "es")
    # "La aplicación" asked about under school apps is the school's app, not an application form.
    assert "@school_portals" in concepts("La aplicación", "No veo las faltas", "es", "tech.school_apps")
    assert "@applying" in concepts("Llenar la aplicación", "Para la vivienda", "es", "benefits.housing")


def test_common_words_are_not_read_as_a_concept_that_shares_their_stem():
    def concepts(title, lang):
        return {t for t in analyse(title, "", hint=lang).terms if t.startswith("@")}

    assert "@beauty" not in concepts("Unas horas en la tarde", "es")  # "unas" folds to "uñas"
    assert "@beauty" in concepts("Uñas acrílicas", "es")
    assert "@loans_debt" not in concepts("Me prestan una podadora", "es")  # "préstamos" stems like "prestar"
    assert "@social_studies" not in concepts("Trabajé en recursos humanos", "es")  # humanidades
    assert "@biking" not in concepts("The water cycle", "en")  # cycling
    assert "@coding" not in concepts("I need an activation code", "en")
    assert "@special_education" not in concepts("Necesito un especialista", "es")  # necesidades especiales
    # Nor is a specialist a doctor: a reading or IT specialist is one too.
    assert "@doctor" not in concepts("Reading specialist", "en")
    assert "@phones" not in concepts("Las células", "es")  # celular
    assert "@lending" not in concepts("No presta atención en clase", "es") and "@adhd" in concepts(
        "No presta atención en clase", "es"
    )


def test_the_child_a_phrase_is_done_for_may_stand_inside_it():
    # "Walk my kids to school" is the walking bus a helper calls "walk to school"; the same in Spanish.
    assert "@walking_bus" in analyse("Someone to walk my kids to school?", "", hint="en").terms
    assert "@school_rides" in analyse("Llevar a mis hijos a la escuela", "", hint="es").terms
    assert "@activity_rides" in analyse("¿Quién puede llevar a mi hija a la práctica?", "", hint="es").terms
    # Only where a stop word follows the phrase's first word: driving my kids to practice is a ride,
    # not "driving practice" (lessons).
    drive = analyse("Drive my kids to practice", "", hint="en").terms
    assert "@driving_lessons" not in drive and "@rides" in drive


def test_asking_for_ideas_or_tips_says_nothing_about_what_help():
    # "Dinner ideas" and "lunchbox ideas" share a way of asking, not a kind of help.
    assert set(analyse("Dinner ideas", "Any tips or advice?", hint="en").terms) == {"@meals", "@cooking", "dinner"}
    terms = analyse("Consejos", "Sugerencias y recomendaciones para unas semanas", hint="es").terms
    assert not terms
