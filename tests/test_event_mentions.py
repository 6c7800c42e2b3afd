"""Which words of the sentence show an event's parties (whodid.events.mentions)."""

from __future__ import annotations

import pytest

from whodid.model import CodedArticle, Event


@pytest.fixture(scope="module")
def code(pipeline):
    def run(text: str) -> CodedArticle:
        return pipeline.code_text(text, date="2011-03-02")

    return run


def only(result: CodedArticle, prefix: str) -> Event:
    events = [e for e in result.events if e.cameo.startswith(prefix)]
    assert len(events) == 1, [(e.cameo, e.source, e.target) for e in result.events]
    return events[0]


@pytest.mark.parametrize(("text", "prefix", "name"), [
    ("Sudanese rebels said on Monday they would free two Kenyan aid workers.", "035",
     "Sudanese rebels"),
    ("Ghana says it will not accept refugees from the fighting in Togo.", "12", "Ghana"),
    # the subject, not the capital in its phrase, though both are the government
    ("Sri Lankan military officials in Colombo claimed that they had attacked two rebel "
     "camps.", "19", "Sri Lankan military officials"),
])
def test_a_pronoun_source_is_shown_at_its_name_in_the_sentence(code, text, prefix,
                                                                 name) -> None:
    event = only(code(text), prefix)
    assert event.source.text == name
    assert text[event.source.start:event.source.end] == name


def test_a_pronoun_with_no_name_in_its_sentence_stays_itself(code) -> None:
    result = code("Omar al-Bashir arrived in Cairo on Sunday. On Monday he criticized "
                  "Egyptian officials.")
    event = only(result, "111")
    assert event.source.text == "he" and event.source.country == "SDN"


def test_an_implicit_target_is_shown_at_the_place_that_made_it(code) -> None:
    # a resignation is aimed at the country where it happens, which "in Lima" names
    text = "Interim President Alan Ruiz resigned on Sunday after protests in Lima."
    event = only(code(text), "083")
    assert event.target.country == "PER" and event.target.resolved_by == "implicit"
    assert (event.target.text, text[event.target.start:event.target.end]) == ("Lima",) * 2


@pytest.mark.parametrize(("text", "prefix", "words"), [
    ("The Canadian prime minister expressed sorrow over the deadly floods in Manitoba.",
     "018", "deadly floods"),
    ("Chinese officials condemned the decision to hold the vote.", "11", "decision"),
])
def test_what_no_actor_names_is_an_uncoded_target(code, text, prefix, words) -> None:
    event = only(code(text), prefix)
    assert event.target is not None and event.target.code is None
    assert event.target.resolved_by == "phrase" and words in event.target.text


def test_a_coded_target_is_not_replaced_by_a_phrase(code) -> None:
    event = only(code("Syrian troops shelled Lebanese villages near the border."), "19")
    assert event.target.country == "LBN" and event.target.resolved_by != "phrase"


def test_days_and_amounts_are_no_target(code) -> None:
    result = code("The Kenyan foreign minister arrived in Kampala on Tuesday.")
    assert all(e.target is None or e.target.resolved_by != "phrase"
               or "Tuesday" not in e.target.text for e in result.events)


def test_an_implicit_target_is_not_shown_at_the_source(code) -> None:
    result = code("The United States sent two investigators to look into the killings.")
    assert all(e.target is None or e.target.text != "United States" for e in result.events)


def test_a_claimed_attack_names_whom_it_struck(code) -> None:
    event = only(code("The Taliban claimed responsibility for an attack on Afghan soldiers "
                      "in Kandahar."), "01")
    assert (event.source.code, event.target.code) == ("AFGINSTAL", "AFGMIL")
    event = only(code("Houthi rebels claimed responsibility for a drone attack on the army's "
                      "bases."), "01")
    assert event.target.code is None and "bases" in event.target.text


def test_a_ceasefire_is_shown_where_it_holds_without_a_code(code) -> None:
    text = "The Ogaden rebels declared a unilateral ceasefire in Somalia on Sunday."
    event = only(code(text), "087")
    assert (event.target.text, event.target.code, event.target.resolved_by) == (
        "Somalia", None, "phrase")
    event = only(code("Hezbollah declared a unilateral ceasefire on Wednesday."), "087")
    assert event.target is None


def test_an_implicit_target_is_shown_at_what_the_act_fell_on(code) -> None:
    event = only(code("Austrian police deported four children."), "174")
    assert (event.target.text, event.target.country) == ("children", "AUT")


def test_someone_no_actor_codes_acts_where_the_sentence_has_no_other_event(code) -> None:
    event = only(code("Local musicians ended their boycott of the Israeli embassy."), "08")
    assert (event.source.text, event.source.code, event.source.resolved_by) == (
        "Local musicians", None, "phrase")
    assert event.target.country == "ISR"
    # neither party coded: nothing to tell it from sport or gossip
    assert not code("The fans criticised the referee after the match.").events


@pytest.mark.parametrize(("text", "prefix", "words", "country"), [
    # the place the target's country comes from, and what was struck there, are one target
    ("Militants bombed a crowded market in northern Kandahar on Friday.", "19",
     "crowded market in northern Kandahar", "AFG"),
    ("Ethiopian troops shelled a village near Mogadishu.", "19", "village near Mogadishu",
     "SOM"),
])
def test_a_target_placed_by_its_place_is_shown_with_what_was_struck_there(
        code, text, prefix, words, country) -> None:
    event = only(code(text), prefix)
    assert (event.target.text, event.target.country) == (words, country)
    assert text[event.target.start:event.target.end] == words


def test_a_pronoun_doer_of_a_reported_act_is_shown_at_its_reporter(code) -> None:
    # the charity no actor codes says "it" gives aid: the charity is the doer
    text = "Hope Across Borders says it is providing food aid to refugees in Chad."
    event = only(code(text), "07")
    assert event.source.text.startswith("Hope")
    assert event.target.text == "refugees" and event.target.country == "TCD"


def test_a_group_no_code_could_be_given_is_still_what_was_acted_on(pipeline) -> None:
    from whodid.document import Document
    from whodid.events.mentions import object_phrase
    from whodid.model import Article
    from whodid.normalize import normalize_article

    text = "The United Nations expressed concern over the detained protesters."
    document = Document(article=normalize_article(Article(id="t", text=text, origin="t")),
                        doc=pipeline.nlp(text))
    for _, stage in pipeline.stages[:3]:  # actors, places, actor context
        stage(document)
    protesters = next(t for t in document.doc if t.text == "protesters")
    assert document.actor_by_head[protesters.i].code is None  # no country to give them
    phrase = object_phrase(document, [protesters])
    assert phrase is not None and phrase.text == "detained protesters" and phrase.code is None
