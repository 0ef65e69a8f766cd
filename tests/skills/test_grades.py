"""The grades a need or a strength names (api/skills/grades.py), in English and Spanish."""

import pytest

from api.skills.grades import fits, label, need_grades, strength_grades


@pytest.mark.parametrize(
    ("title", "description", "span"),
    [
        ("Reading log", "3rd grader has to read 20 min a day", (3, 3)),
        ("5th grade math homework", "", (5, 5)),
        ("Tarea", "Mi hijo de octavo grado necesita ayuda", (8, 8)),
        ("Ayuda", "para mi hija de 5to grado", (5, 5)),
        ("Lectura para mi niña de kínder", "", (0, 0)),
        ("Algebra", "my son is in high school", (9, 12)),
        ("Ride to school", "2 kids, we leave at 7", None),
        ("Pickup", "Room 12, 9-12 am", None),
    ],
)
def test_a_need_names_its_childs_grade(title, description, span):
    assert need_grades(title, description) == span


@pytest.mark.parametrize(
    ("title", "description", "span"),
    [
        ("Homework help K-2", "Sight words. Retired kindergarten aide.", (0, 2)),
        ("Middle school math tutor", "", (6, 9)),
        ("Matemáticas de primaria", "", (0, 6)),
        ("Tutor", "I help grades 3-5 with reading", (3, 5)),
        ("Lectura inicial: kínder a 1ro", "", (0, 1)),
        # A passing mention says who the helper is, not whom they help.
        ("Math tutor", "Retired high school teacher; my son is in 3rd grade", None),
    ],
)
def test_a_strength_names_the_grades_its_helper_works_with(title, description, span):
    assert strength_grades(title, description) == span


def test_fit_and_labels():
    assert fits((3, 3), (0, 6)) and fits((3, 3), None) and fits(None, (0, 2))
    assert not fits((5, 5), (0, 2)) and not fits((5, 5), (6, 9))
    assert label((0, 2), "en") == "grades K–2" and label((0, 2), "es") == "kínder a 2.º"
    assert label((5, 5), "en") == "grade 5" and label((5, 5), "es") == "5.º grado"
