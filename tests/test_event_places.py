"""Where events happen (whodid.event_places) on sentences written here, through the coder."""

from __future__ import annotations

import json

import jsonschema
import pytest

from whodid.model import CodedArticle
from whodid.resources import output_schema


def _located(pipeline, text: str, trigger: str) -> list:
    """The locations of the events whose trigger contains ``trigger``."""
    result = pipeline.code_text(text, date="2024-03-04")
    located = [e.location for e in result.events if trigger in e.trigger.text]
    assert located, [(e.cameo, e.trigger.text) for e in result.events]
    return located


def _where(location) -> tuple[str | None, str | None]:
    return (location.text, location.precision) if location is not None else (None, None)


@pytest.mark.parametrize("text, trigger", [
    # a refusal is not located at whom it refuses
    ("Iran's foreign minister rejected cooperation with the United States.", "rejected"),
    # a condemnation is not located where the condemned attack was
    ("Kenya's president condemned the attack in Mombasa.", "condemned"),
    # nor an appeal where those it is about are
    ("The Red Cross called on the government to release the prisoners held in Kandahar.",
     "called"),
])
def test_statements_are_not_located_at_what_they_are_about(pipeline, text, trigger) -> None:
    assert {_where(loc) for loc in _located(pipeline, text, trigger)} == {(None, None)}


def test_a_statement_without_a_place_of_its_own_happens_at_the_dateline(pipeline) -> None:
    text = "TEHRAN (Reuters) - Iran's foreign minister rejected cooperation with the United States."
    assert {_where(loc) for loc in _located(pipeline, text, "rejected")} == {
        ("Tehran", "dateline")}


@pytest.mark.parametrize("text, trigger, where", [
    ("The minister rejected cooperation with the United States in Tehran on Monday.",
     "rejected", "Tehran"),
    ("Speaking in Tehran, the minister accused Israel of aggression.", "accused", "Tehran"),
    ("The president appealed to France for aid during a visit to Nairobi.", "appealed",
     "Nairobi"),
])
def test_a_statement_happens_where_it_was_made(pipeline, text, trigger, where) -> None:
    assert {_where(loc) for loc in _located(pipeline, text, trigger)} == {(where, "clause")}


def test_coordinated_places_all_locate_the_event(pipeline) -> None:
    result = pipeline.code_text("Gunmen attacked churches in Nairobi and Mombasa on Sunday.",
                                date="2024-03-04")
    attacks = [e for e in result.events if e.trigger.text == "attacked"]
    assert attacks
    for event in attacks:
        assert _where(event.location) == ("Nairobi", "clause")
        assert [p.text for p in event.location.also] == ["Mombasa"]
        assert event.location.also[0].country == "KEN"
        assert result.text[event.location.also[0].start:event.location.also[0].end] == "Mombasa"
    # the record carries them, validates, and reads back
    record = json.loads(json.dumps(result.to_dict()))
    jsonschema.validate(record, output_schema())
    assert CodedArticle.from_dict(record) == result


def test_a_single_place_has_no_others(pipeline) -> None:
    for location in _located(pipeline, "Gunmen attacked a church in Mombasa.", "attacked"):
        assert _where(location) == ("Mombasa", "clause") and location.also == []


def test_records_without_other_places_still_read() -> None:
    # a record written before ``also`` existed
    from whodid.model import EventLocation, _from_dict

    old = {"text": "Mosul", "start": 0, "end": 5, "name": "Mosul", "country": "IRQ",
           "lat": 36.3, "lon": 43.1, "geonames_id": 99072, "precision": "clause"}
    assert _from_dict(EventLocation, old).also == []


def test_a_deed_with_no_place_takes_the_nearest_place_of_its_paragraph(pipeline) -> None:
    text = ("NAIROBI (Reuters) - Fighting broke out in Mogadishu on Monday. Gunmen attacked "
            "a police station.")
    assert {_where(loc) for loc in _located(pipeline, text, "attacked")} == {
        ("Mogadishu", "paragraph")}
    # not across a paragraph break: the dateline then
    text = ("NAIROBI (Reuters) - Fighting broke out in Mogadishu on Monday.\n\nGunmen attacked "
            "a police station.")
    assert {_where(loc) for loc in _located(pipeline, text, "attacked")} == {
        ("Nairobi", "dateline")}


def test_a_statement_with_no_place_takes_the_dateline_not_the_paragraph(pipeline) -> None:
    text = ("NAIROBI (Reuters) - Fighting broke out in Mogadishu on Monday. Kenya's president "
            "condemned the attack.")
    assert {_where(loc) for loc in _located(pipeline, text, "condemned")} == {
        ("Nairobi", "dateline")}


def test_what_a_protest_is_against_is_not_where_it_happens(pipeline) -> None:
    located = _located(pipeline, "Students protested against the escalation of the fighting "
                       "in Bosnia.", "protested")
    assert {_where(loc) for loc in located} == {(None, None)}
    # an attack against rebels somewhere happens there
    located = _located(pipeline, "Syrian troops launched an offensive against rebels in Idlib.",
                       "launched")
    assert {_where(loc)[0] for loc in located} == {"Idlib"}


def test_a_country_that_says_whose_something_is_is_not_the_place(pipeline) -> None:
    located = _located(pipeline, "Iraqi protesters demonstrated outside the U.S. embassy on "
                       "Wednesday.", "demonstrated")
    assert {_where(loc) for loc in located} == {(None, None)}
    located = _located(pipeline, "Iraqi protesters demonstrated outside the U.S. embassy in "
                       "Baghdad on Wednesday.", "demonstrated")
    assert {_where(loc) for loc in located} == {("Baghdad", "clause")}


def test_places_listed_after_including_name_what_the_event_acts_on(pipeline) -> None:
    located = _located(pipeline, "Islamic State fighters captured several cities in Iraq, "
                       "including Mosul and Tikrit.", "captured")
    for location in located:
        assert _where(location) == ("Mosul", "clause")
        assert [p.text for p in location.also] == ["Tikrit"]


def test_a_town_naming_the_event_noun_is_its_place(pipeline) -> None:
    located = _located(pipeline, "Syrian troops launched the long-awaited Aleppo offensive on "
                       "Sunday.", "offensive")
    assert {_where(loc) for loc in located} == {("Aleppo", "clause")}


def test_a_country_whose_base_stands_elsewhere_is_not_the_place(pipeline) -> None:
    located = _located(pipeline, "Gunmen broke into a U.S. military base in northern Syria, "
                       "killing five soldiers.", "killing")
    assert {_where(loc)[0] for loc in located} == {"Syria"}


@pytest.mark.parametrize("text, trigger, precision", [
    ("Taliban fighters ambushed a police convoy in Kandahar's Panjwai district.", "ambushed",
     "clause"),
    # the same from the rest of the sentence
    ("The militants who ambushed the convoy were trained in camps, officials in Kandahar's "
     "Panjwai district said, after 12 soldiers were killed.", "killed", "sentence"),
])
def test_the_place_the_words_put_inside_another_wins(pipeline, text, trigger, precision
                                                     ) -> None:
    assert {_where(loc) for loc in _located(pipeline, text, trigger)} == {
        ("Panjwai district", precision)}


@pytest.mark.parametrize("text, trigger, where", [
    # a participle clause on what the deed acts on says where that is
    ("The army launched an offensive in the Hama countryside, targeting the farms located "
     "near the town of Qasr Bishr.", "targeting", "Qasr Bishr"),
    # and so does a relative clause on it
    ("Rebels launched an assault in Idlib, striking the hills that surround the village of "
     "Umm Jalal.", "striking", "Umm Jalal"),
])
def test_a_clause_describing_what_a_deed_acts_on_places_it(pipeline, text, trigger,
                                                          where) -> None:
    assert {_where(loc) for loc in _located(pipeline, text, trigger)} == {(where, "clause")}


def test_a_relative_clause_elsewhere_is_not_the_deeds_clause(pipeline) -> None:
    # the relative clause is on the subject, not on what the deed acts on: at most a
    # place of the sentence, not of the event's clause
    text = "Soldiers who had trained in Jordan shelled the rebel positions on Sunday."
    assert {_where(loc)[1] for loc in _located(pipeline, text, "shelled")} <= {
        None, "sentence"}


def test_a_known_town_holds_the_unknown_name_of_its_suburb(pipeline) -> None:
    # "the <town> suburb of X": X is the suburb; "the X neighbourhood of <town>" as before
    assert {_where(loc) for loc in _located(
        pipeline, "The former lawmaker was shot at his home in the Mombasa suburb of Nyali.",
        "shot")} == {("Nyali", "clause")}
    assert {_where(loc) for loc in _located(
        pipeline, "Five people were shot in the Shaab neighbourhood of Baghdad.", "shot")} == {
        ("Shaab", "clause")}


@pytest.mark.parametrize("text, where", [
    # "the Syrian Army controlled X" (for "Army-controlled"), parsed as a clause of its own
    ("The rebels launched an assault in the Idlib Governorate on Tuesday, targeting the "
     "Syrian Army controlled Al-Hadir District near the river.", "Al-Hadir District"),
    # the same with the holder in brackets, which the parse hangs on the main verb
    ("The rebels launched an attack in the western countryside of Homs on Friday, targeting "
     "the National Defence Forces (NDF) held village of Al-Buwaydah.", "Al-Buwaydah"),
    # the place whose part a deed acts on
    ("The army began an offensive in the southern countryside of Hama, targeting the "
     "Al-Tamanah Hill's western slope.", "Al-Tamanah Hill"),
    # the places a deed's object lies between
    ("The militants opened an attack in northern Syria, targeting the villages located "
     "between Homs and Palmyra.", "Homs"),
])
def test_what_a_targeting_clause_acts_on_places_it(pipeline, text, where) -> None:
    assert {_where(loc) for loc in _located(pipeline, text, "targeting")} == {
        (where, "clause")}

