"""Occurrences from a rule, in wall time: DST never moves a weekly event, monthly means the same
weekday of the month, and the iCalendar text says the same thing."""

from datetime import date, datetime
from types import SimpleNamespace

from api.events import ics, recurrence


def event(start: datetime, frequency="weekly", interval=1, until=None, minutes=90, zone="America/Chicago", **kw):
    return SimpleNamespace(
        id="e1",
        starts_local=start,
        duration_minutes=minutes,
        frequency=frequency,
        interval=interval,
        until=until,
        timezone=zone,
        cancelled_at=None,
        title=kw.get("title", "Dads' Saturday breakfast"),
        description=kw.get("description", ""),
        place_name=kw.get("place_name", "Lincoln Library"),
        area_label=None,
    )


def test_a_weekly_event_keeps_its_local_time_across_both_dst_changes():
    spring = recurrence.occurrences(event(datetime(2027, 3, 2, 18, 0), until=date(2027, 3, 23)))
    assert [o.starts_at.strftime("%m-%d %H:%M %z") for o in spring] == [
        "03-02 18:00 -0600",
        "03-09 18:00 -0600",
        "03-16 18:00 -0500",  # after 14 March the clocks changed, the meeting did not
        "03-23 18:00 -0500",
    ]
    autumn = recurrence.occurrences(event(datetime(2027, 10, 26, 18, 0), until=date(2027, 11, 9)))
    assert [o.starts_at.strftime("%H:%M %z") for o in autumn] == [
        "18:00 -0500",
        "18:00 -0500",
        "18:00 -0600",
    ]  # 7 November
    assert all((o.ends_at - o.starts_at).total_seconds() == 90 * 60 for o in spring + autumn)


def test_every_two_weeks_and_the_last_date_is_included():
    occ = recurrence.occurrences(event(datetime(2027, 1, 5, 9, 0), interval=2, until=date(2027, 2, 16)))
    assert [o.key.isoformat() for o in occ] == ["2027-01-05", "2027-01-19", "2027-02-02", "2027-02-16"]


def test_monthly_is_the_same_weekday_of_the_month():
    second_tuesdays = recurrence.occurrences(event(datetime(2027, 1, 12, 18, 0), "monthly", until=date(2027, 4, 30)))
    assert [o.key.isoformat() for o in second_tuesdays] == ["2027-01-12", "2027-02-09", "2027-03-09", "2027-04-13"]
    last_fridays = recurrence.occurrences(event(datetime(2027, 1, 29, 18, 0), "monthly", until=date(2027, 4, 30)))
    assert [o.key.isoformat() for o in last_fridays] == ["2027-01-29", "2027-02-26", "2027-03-26", "2027-04-30"]
    quarterly = recurrence.occurrences(
        event(datetime(2027, 1, 4, 18, 0), "monthly", interval=3, until=date(2027, 12, 31))
    )
    assert [o.key.isoformat() for o in quarterly] == ["2027-01-04", "2027-04-05", "2027-07-05", "2027-10-04"]


def test_a_time_skipped_by_the_spring_change_comes_out_an_hour_later():
    occ = recurrence.occurrences(event(datetime(2027, 3, 7, 2, 30), until=date(2027, 3, 21)))
    assert [o.starts_at.strftime("%m-%d %H:%M") for o in occ] == ["03-07 02:30", "03-14 03:30", "03-21 02:30"]


def test_changes_cancel_or_move_one_date_and_keep_its_key():
    e = event(datetime(2027, 1, 5, 18, 0), until=date(2027, 1, 19))
    changes = {
        date(2027, 1, 12): SimpleNamespace(cancelled_at=datetime(2027, 1, 1), moved_to_local=None),
        date(2027, 1, 19): SimpleNamespace(cancelled_at=None, moved_to_local=datetime(2027, 1, 20, 19, 0)),
    }
    occ = recurrence.occurrences(e, changes)
    assert [(o.key.isoformat(), o.starts_at.strftime("%m-%d %H:%M"), o.cancelled, o.moved) for o in occ] == [
        ("2027-01-05", "01-05 18:00", False, False),
        ("2027-01-12", "01-12 18:00", True, False),
        ("2027-01-19", "01-20 19:00", False, True),
    ]


def test_the_ics_of_a_series_says_the_rule_its_exceptions_and_its_zone():
    e = event(datetime(2027, 3, 2, 18, 0), until=date(2027, 3, 30), description="Bring, a; dish\nand smile")
    changes = {
        date(2027, 3, 9): SimpleNamespace(cancelled_at=datetime(2027, 3, 1), moved_to_local=None),
        date(2027, 3, 16): SimpleNamespace(cancelled_at=None, moved_to_local=datetime(2027, 3, 17, 19, 0)),
    }
    text = ics.calendar(e, changes, link="https://meet.example.org/abc", now=datetime(2027, 1, 1))
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and text.endswith("END:VCALENDAR\r\n")
    assert "RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=TU;UNTIL=20270331T045959Z" in lines
    assert "DTSTART;TZID=America/Chicago:20270302T180000" in lines
    assert "EXDATE;TZID=America/Chicago:20270309T180000" in lines
    assert "RECURRENCE-ID;TZID=America/Chicago:20270316T180000" in lines
    assert "DTSTART;TZID=America/Chicago:20270317T190000" in lines
    assert "DESCRIPTION:Bring\\, a\\; dish\\nand smile" in lines
    assert "URL:https://meet.example.org/abc" in lines
    assert "TZOFFSETTO:-0500" in lines and "TZNAME:CDT" in lines  # the March change is in its VTIMEZONE
    assert all(len(line.encode()) <= 75 for line in lines)


def test_ics_lines_fold_at_75_octets_even_in_the_middle_of_accents():
    e = event(datetime(2027, 1, 5, 18, 0), frequency="none", title="Desayuno de papás " + "é" * 60)
    text = ics.calendar(e, {}, link=None)
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:Desayuno de papás " + "é" * 60 in unfolded
    assert "RRULE" not in text and "URL" not in text
