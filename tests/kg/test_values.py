"""Values read as a reader would: refinements agree, disagreeing refinements stay a conflict, an
accepted value outweighs guesses."""

from kg.values import Statement, agrees, best_value


def _said(value, document, accepted=False, confidence=0.5):
    return Statement(value=value, document=document, accepted=accepted, confidence=confidence)


def test_a_year_and_two_different_months_of_it_do_not_make_the_year_the_answer():
    statements = [_said("2020", "a"), _said("2020-05", "b"), _said("2020-06", "c")]
    assert best_value(statements) in ("2020-05", "2020-06")
    assert not agrees("2020-05", "2020-06")


def test_a_year_and_its_month_are_one_value_the_month():
    assert best_value([_said("2020", "a"), _said("2020-05", "b")]) == "2020-05"


def test_an_accepted_value_outweighs_two_documents_of_guesses():
    statements = [_said(13e9, "a", accepted=True, confidence=0.9), _said(65e9, "b"), _said(65e9, "c")]
    assert best_value(statements) == 13e9


def test_among_guesses_the_value_more_documents_state_wins_over_a_surer_single_one():
    statements = [_said(13e9, "a", confidence=0.8), _said(65e9, "b"), _said(65e9, "c")]
    assert best_value(statements) == 65e9


def test_a_timestamp_is_its_date_and_a_thirteenth_month_is_no_date():
    from kg.values import date_parts, released_before

    assert date_parts("2023-02-24T00:00:00Z") == (2023, 2, 24)
    assert date_parts("2023-13") is None
    assert released_before("2022-12", "2023-02-24T08:00:00+01:00")
