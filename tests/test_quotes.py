"""The quotes stage: direct and indirect quotes, their speakers, and links to events.

Figures on the hand-written test set (tests/data/quotes.jsonl) are measured by
``scripts/eval_quotes.py``; the floors here sit just under them (see docs/quotes.md).
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest

from conftest import load_script
from whodid.document import Document
from whodid.lexicon import load_lexicon
from whodid.model import (
    Article,
    CodedArticle,
    Event,
    Plover,
    Quote,
    QuoteSpeaker,
    Span,
)
from whodid.quotes import WORD_LISTS, link_events, quote_words, quoted_spans, word_count

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / \
    "tasnim-2014-06-18-iran-us-iraq.jsonl"
L, R = "\u201c", "\u201d"


@pytest.fixture(scope="module")
def code(pipeline):
    def run(text: str, date: str = "2014-06-18") -> CodedArticle:
        return pipeline.code_text(text, date=date)

    return run


def direct(result: CodedArticle) -> list[Quote]:
    return [q for q in result.quotes if q.direct]


def indirect(result: CodedArticle) -> list[Quote]:
    return [q for q in result.quotes if not q.direct]


def assert_offsets(result: CodedArticle) -> None:
    """Every quote's content and speaker span point at their own text."""
    for quote in result.quotes:
        assert result.text[quote.content.start:quote.content.end] == quote.content.text
        if quote.speaker is not None:
            assert result.text[quote.speaker.start:quote.speaker.end] == quote.speaker.text


# -- marks, without the parser -------------------------------------------------------------------
def test_curly_and_straight_marks_pair() -> None:
    text = f'{L}One two three,{R} he said. "Four five six," she said.'
    assert [text[o + 1:c] for o, c in quoted_spans(text)] == ["One two three,",
                                                               "Four five six,"]


def test_quote_runs_on_into_a_paragraph_that_reopens_it() -> None:
    text = f"{L}First paragraph.\n\n{L}Second paragraph,{R} he said."
    [(opening, closing)] = quoted_spans(text)
    assert text[opening + 1:closing] == f"First paragraph.\n\n{L}Second paragraph,"


def test_paragraphs_run_together_each_open_a_quote() -> None:
    # paragraphs joined on one line: each opens with a mark, only the last one closes
    text = ('The mayor said: "We tried very hard. "Obviously we failed. I hope not. '
            '"It amazes me." The cost is "not known" yet.')
    assert [text[o + 1:c].strip() for o, c in quoted_spans(text)] == [
        "We tried very hard.", "Obviously we failed. I hope not.", "It amazes me.",
        "not known"]


def test_run_together_quotes_keep_their_speaker(code) -> None:
    result = code('Kenya\'s foreign minister said: "We tried very hard to keep the talks '
                  'going. "Obviously we failed in that. "It amazes me that they walked out."')
    quotes = direct(result)
    assert len(quotes) == 3
    assert {q.speaker.code for q in quotes} == {"KENGOV"}


def test_unclosed_mark_without_a_reopening_is_stray() -> None:
    text = 'The 12" guns fired.\n\nThe navy said "nothing more" today.'
    assert [text[o + 1:c] for o, c in quoted_spans(text)] == ["nothing more"]


def test_word_count_keeps_contractions_whole() -> None:
    assert word_count("I wouldn\u2019t rule it out") == 5


# -- direct quotes --
def test_quote_then_pronoun_resolves_to_the_person(code) -> None:
    result = code("US Secretary of State John Kerry arrived in Cairo on Sunday. "
                  f"{L}There is no military solution to this crisis,{R} he said.")
    [quote] = direct(result)
    assert quote.content.text == "There is no military solution to this crisis"
    assert quote.speaker.text == "he" and quote.speaker.code == "USAGOV"
    assert quote.cue == "said"
    assert_offsets(result)


def test_pronoun_speaker_carries_the_name_and_the_naming_mention(code) -> None:
    text = ("Turkish Foreign Minister Mevlut Cavusoglu arrived in Baghdad on Sunday. "
            "\"We will not leave our soldiers without protection,\" he said.")
    result = code(text, date="2016-10-10")
    [quote] = direct(result)
    speaker = quote.speaker
    assert speaker.text == "he" and speaker.code == "TURGOV"
    assert speaker.name == "Mevlut Cavusoglu"
    assert "Cavusoglu" in text[speaker.name_start:speaker.name_end]
    assert speaker.name_end <= text.index("arrived")


def test_inverted_said_name(code) -> None:
    result = code('"There is no military solution to this crisis," said Kerry.')
    [quote] = direct(result)
    assert quote.speaker.text == "Kerry" and quote.speaker.code == "USAGOV"


def test_told_reporters_after_the_quote(code) -> None:
    result = code('"The border will stay closed until further notice", the Turkish interior '
                  "minister told reporters.")
    [quote] = direct(result)
    assert quote.speaker.code == "TURGOV" and quote.cue == "told"
    assert not indirect(result)


def test_colon_introduction_is_not_duplicated_as_indirect(code) -> None:
    result = code("The Iranian defence minister said: \u201cWe are ready to defend our borders "
                  "against any aggression.\u201d")
    assert len(result.quotes) == 1
    [quote] = direct(result)
    assert quote.speaker.code == "IRNGOV"
    assert quote.content.text.startswith("We are ready")


def test_dash_ending(code) -> None:
    result = code('"We will never surrender to occupation." - Hassan Nasrallah')
    [quote] = direct(result)
    assert quote.speaker.text == "Hassan Nasrallah" and quote.cue is None


def test_split_quote_is_one_attribution_in_two_parts(code) -> None:
    result = code(f"{L}We are ready to talk,{R} the Iranian foreign minister said, "
                  f"{L}but we will not wait forever.{R}")
    [quote] = direct(result)
    assert quote.content.text.startswith("We are ready to talk")
    assert quote.content.text.endswith("but we will not wait forever.")
    assert [p.text for p in quote.parts] == ["We are ready to talk",
                                             "but we will not wait forever."]
    assert quote.speaker.code == "IRNGOV" and quote.cue == "said"
    assert_offsets(result)
    for part in quote.parts:
        assert result.text[part.start:part.end] == part.text


def test_event_in_the_attribution_of_a_split_quote_is_not_quoted(code) -> None:
    result = code(f"{L}Our troops will stay in the north,{R} the Turkish defence minister "
                  f"said after the army shelled the border villages, {L}and they will fight "
                  f"on until the attacks stop.{R}")
    [quote] = direct(result)
    assert len(quote.parts) == 2
    shelled = [e for e in result.events if e.trigger.text.startswith("shell")]
    assert shelled and all(e.quote is None for e in shelled)


def test_multi_paragraph_quote_is_one_quote(code) -> None:
    text = ("US Secretary of State John Kerry addressed the Senate on Wednesday.\n\n"
            f"{L}We have opened our doors to everyone who fled the war.\n\n"
            f"{L}But the international community must share this burden,{R} he said.")
    result = code(text)
    [quote] = direct(result)
    assert quote.content.text.startswith("We have opened")
    assert quote.content.text.endswith("share this burden")
    assert quote.speaker.text == "he" and quote.speaker.code == "USAGOV"
    assert_offsets(result)


def test_next_quote_in_the_paragraph_continues_the_attribution(code) -> None:
    result = code('"We reject these accusations," the Chinese foreign ministry spokesman said. '
                  '"They have no basis in fact."')
    [quote] = direct(result)
    assert quote.speaker.code == "CHNGOV"
    assert [p.text for p in quote.parts] == ["We reject these accusations",
                                             "They have no basis in fact."]


@pytest.mark.parametrize(("speaker", "surname"), [
    ("Mr. Haddad", "Haddad"), ("Sen. Laura Brennan (D-Ore.)", "Brennan"),
    ("John F. Haddad", "Haddad")])
def test_abbreviations_in_the_attribution_end_no_sentence(code, speaker: str,
                                                          surname: str) -> None:
    result = code(f'"The bill will cost the state far too much money," {speaker} said. '
                  f'"We cannot afford it this year."')
    [quote] = direct(result)
    assert surname in quote.speaker.text
    assert quote.cue == "said" and len(quote.parts) == 2


def test_next_quote_in_a_new_paragraph_is_a_quote_of_its_own(code) -> None:
    result = code('"We reject these accusations," the Chinese foreign ministry spokesman said.'
                  '\n\n"They have no basis in fact."')
    first, second = direct(result)
    assert second.speaker == first.speaker and first.speaker.code == "CHNGOV"
    assert not first.parts and not second.parts


def test_standalone_paragraph_after_an_introduction(code) -> None:
    result = code("The Iraqi prime minister spoke to reporters in Baghdad on Monday:\n\n"
                  f"{L}The terrorists will be defeated and our cities will be liberated.{R}")
    [quote] = direct(result)
    assert quote.speaker.code == "IRQGOV"


def test_standalone_paragraph_before_a_bare_attribution(code) -> None:
    result = code('"Our patience is running out and the world must act."\n\n'
                  "The Ukrainian president said this in Kiev on Thursday.")
    [quote] = direct(result)
    assert quote.speaker.text == "Ukrainian president" and quote.speaker.code == "UKRGOV"


def test_standalone_paragraph_without_an_introduction_has_no_speaker(code) -> None:
    result = code("The talks ended without an agreement on Friday.\n\n"
                  f"{L}Nobody wants another war in this region.{R}\n\n"
                  "Diplomats expect a new round next month.")
    [quote] = direct(result)
    assert quote.speaker is None


def test_short_quote_with_a_speaker_is_kept(code) -> None:
    result = code("Asked whether he would resign, the minister shook his head. "
                  f"{L}Never,{R} he said.")
    assert [q.content.text for q in direct(result)] == ["Never"]


@pytest.mark.parametrize("text", [
    f"The government described the protesters as {L}terrorists{R} and banned the march.",
    'Washington has promised more weapons to the "moderate" rebels in northern Syria.',
    f"The so-called {L}peace plan{R} was rejected by both parties on Tuesday.",
    'In his book "The Audacity of Hope", Barack Obama wrote about his childhood.',
    f"Protesters screened the documentary {L}The Square{R} in Cairo on Friday night.",
    f"Abu Bakr al-Baghdadi, known as {L}the invisible sheikh{R}, is rarely seen in public.",
    'The militia commander, nicknamed "the Butcher of Homs" by residents, was arrested.',
])
def test_scare_quotes_titles_and_nicknames_are_not_quotes(code, text: str) -> None:
    assert not direct(code(text))


# -- indirect speech --
def test_said_that(code) -> None:
    result = code("US Secretary of State John Kerry said on Monday that Washington would be "
                  "open to talks with Tehran.")
    [quote] = indirect(result)
    assert quote.content.text == "Washington would be open to talks with Tehran"
    assert quote.speaker.code == "USAGOV" and quote.cue == "said"
    assert_offsets(result)


def test_partial_quotation_in_a_reported_clause_is_one_mixed_quote(code) -> None:
    # most of the clause is quoted, but its subject is the reporter's own words
    result = code("The governor says voter fraud \"would be a terrible way to lose the "
                  "election in this state.\"")
    [quote] = result.quotes
    assert not quote.direct and quote.cue == "says"
    assert quote.content.text.startswith("voter fraud")
    assert quote.content.text.rstrip('."').endswith("in this state")


@pytest.mark.parametrize(("text", "cue", "opening"), [
    ("The mayor told his voters at a rally to \u201cgo to the polls and vote early\u201d and "
     "then \u201cstay there until the count.\u201d", "told", "to \u201cgo to the polls"),
    ("The mayor vowed to harshly punish \u201cthose who break the rules of the city.\u201d",
     "vowed", "to harshly punish"),
    ("The governor said the press is to blame for focusing on \u201cwho said what and who "
     "wrote what.\u201d", "said", "the press is to blame"),
])
def test_quotation_inside_a_reported_phrase_is_one_mixed_quote(code, text: str, cue: str,
                                                               opening: str) -> None:
    result = code(text)
    [quote] = result.quotes
    assert not quote.direct and quote.cue == cue
    assert quote.content.text.startswith(opening)
    assert quote.content.text.endswith(R)
    assert "mayor" in quote.speaker.text or "governor" in quote.speaker.text


def test_quote_added_with_its_own_verb_is_its_own_attribution(code) -> None:
    result = code(f"{L}Our army is strong and it is getting stronger every single day,{R} he "
                  f"said, adding that {L}some of the rules they ask us to follow are "
                  f"ridiculous.{R}")
    # (after "adding that" the quotation is part of the reporter's clause: a quote of its
    # own, not direct, as PolNeAR annotates 'that "..."')
    [first] = direct(result)
    [second] = indirect(result)
    assert (first.cue, second.cue) == ("said", "adding")
    assert not first.parts and second.content.text.startswith("some of the rules")


def test_quotation_with_only_the_verbs_modifier_after_it_stays_direct(code) -> None:
    result = code('The Egyptian foreign minister said "the ceasefire must be respected by '
                  'both sides" after the talks in Cairo.')
    [quote] = result.quotes
    assert quote.direct and quote.content.text.startswith("the ceasefire must")


@pytest.mark.parametrize(("text", "cue", "content"), [
    ("The opposition leader called the charges unfounded and politically motivated.",
     "called", "the charges unfounded and politically motivated"),
    ("The senator cited rising fuel prices as the main reason for the strike.",
     "cited", "rising fuel prices as the main reason for the strike"),
    ("The governor urged residents of the coastal towns to stay indoors.",
     "urged", "residents of the coastal towns to stay indoors"),
    ("The union called for an independent inquiry into the shooting.",
     "called", "an independent inquiry into the shooting"),
])
def test_stance_verbs_attribute_their_object(code, text: str, cue: str,
                                            content: str) -> None:
    [quote] = code(text).quotes
    assert not quote.direct and quote.cue == cue and quote.content.text == content
    assert quote.speaker is not None and quote.speaker.end < text.index(cue)


def test_a_stance_verb_with_a_party_as_object_only_is_no_quote(code) -> None:
    assert not code("The Kenyan foreign minister praised Kerry on Monday.").quotes


def test_clause_then_said(code) -> None:
    result = code("Iran will never cooperate militarily with the United States, the Iranian "
                  "defence minister said on Wednesday.")
    [quote] = indirect(result)
    assert quote.content.text == "Iran will never cooperate militarily with the United States"
    assert quote.speaker.code == "IRNGOV"


def test_according_to(code) -> None:
    result = code("According to the Nigerian police, the gunmen kidnapped twenty students "
                  "from the school.")
    [quote] = indirect(result)
    assert quote.content.text == "the gunmen kidnapped twenty students from the school"
    assert quote.speaker.text == "Nigerian police" and quote.cue == "according to"
    assert quote.speaker.code == "NGACOP"


def test_adding_that_is_the_same_speaker(code) -> None:
    result = code(f"{L}We have made progress,{R} the Iranian foreign minister said, adding that "
                  "a final deal was still weeks away.")
    [said] = direct(result)
    [added] = indirect(result)
    assert added.content.text == "a final deal was still weeks away"
    assert added.speaker.code == said.speaker.code == "IRNGOV"


@pytest.mark.parametrize(("text", "cue", "content"), [
    # beliefs, intentions and stances are attributed as PolNeAR annotates them
    ("Many analysts believe that the ceasefire will not hold.", "believe",
     "the ceasefire will not hold"),
    ("The union wants to reopen the talks with the city next month.", "wants",
     "to reopen the talks with the city next month"),
    ("The mayor complained about the noise from the new airport.", "complained",
     "the noise from the new airport"),
    ("The senator voted against the farm bill last year.", "voted", "the farm bill"),
])
def test_beliefs_intentions_and_stances_are_attributed(code, text: str, cue: str,
                                                       content: str) -> None:
    [quote] = code(text).quotes
    assert not quote.direct and quote.cue == cue and quote.content.text == content
    assert quote.speaker is not None and quote.speaker.end <= text.index(cue)


@pytest.mark.parametrize("text", [
    "It seems to rain every day in the valley.",
    "The senator ran against the governor in 2010.",
    "The army tried to reach the village before dark.",
])
def test_no_attribution_without_a_source_or_a_stance(code, text: str) -> None:
    assert not code(text).quotes


# -- links with events --
def test_event_inside_a_quote_links_both_ways(code) -> None:
    result = code('"We condemn the attack on our embassy in the strongest terms," the Iranian '
                  "foreign ministry said.")
    [quote] = result.quotes
    linked = [n for n, e in enumerate(result.events) if e.quote == 0]
    assert linked and quote.events == linked
    assert all(result.events[n].trigger.start >= quote.content.start for n in linked)


def test_links_are_consistent_and_empty_without_quotes(code) -> None:
    plain = code("Syrian troops attacked rebel positions near Aleppo on Monday.")
    assert not plain.quotes and all(e.quote is None for e in plain.events)
    no_events = code('"Nobody wants another war in this region," the diplomat said.')
    assert all(q.events == [] for q in no_events.quotes)


def _event(trigger: Span, root: str) -> Event:
    return Event(source=None, target=None, cameo=root + "0", root=root, quad_class=1,
                 goldstein=0.0, plover=Plover(None), sentence=0, trigger=trigger)


def test_link_events_by_content_and_by_cue(pipeline) -> None:
    text = "Iran warned that it would attack the ships."
    doc = pipeline.nlp(text)
    document = Document(article=Article(id="t", text=text), doc=doc)
    start = text.index("it would")
    document.quotes = [Quote(speaker=QuoteSpeaker("Iran", 0, 4), cue="warned",
                             content=Span(text[start:-1], start, len(text) - 1), direct=False)]
    warned = Span("warned", 5, 11)
    attack = Span("attack", text.index("attack"), text.index("attack") + 6)
    material = Span("warned", 5, 11)
    document.events = [_event(warned, "13"), _event(attack, "19"), _event(material, "19")]
    link_events(document, [1])  # token 1 is "warned"
    assert [e.quote for e in document.events] == [0, 0, None]
    assert document.quotes[0].events == [0, 1]


def test_link_events_with_no_quotes(pipeline) -> None:
    text = "Iran attacked the ships."
    document = Document(article=Article(id="t", text=text), doc=pipeline.nlp(text))
    document.events = [_event(Span("attacked", 5, 13), "19")]
    document.events[0].quote = 3  # stale value from an earlier run
    link_events(document, [])
    assert document.events[0].quote is None


# -- the seed article --
def test_seed_article_three_direct_quotes(pipeline) -> None:
    if not SEED.exists():
        pytest.skip(f"{SEED} is not here (../shared is only beside the repo in development "
                    "and CI)")
    from whodid.normalize import normalize_article

    data = json.loads(SEED.read_text(encoding="utf-8").splitlines()[0])
    article = normalize_article(Article(id=data["id"], text=data["text"],
                                        title=data.get("title"), date=data.get("date")))
    result = next(pipeline.code_articles([article]))
    quotes = direct(result)
    assert len(quotes) == 3
    # In text order: Firouzabadi, Kerry, Firouzabadi ("he stressed").
    assert [q.speaker.code for q in quotes] == ["IRNMIL", "USAGOV", "IRNMIL"]
    assert sum(q.speaker.code == "IRNMIL" for q in quotes) == 2
    assert quotes[0].content.text.startswith("(Military) cooperation")
    assert quotes[1].speaker.text == "Kerry"
    assert quotes[2].speaker.text == "he"
    # each speaker named: the pronoun carries the resolved actor and the naming mention
    assert [q.speaker.name for q in quotes] == ["Hassan Firouzabadi", "John Kerry",
                                                "Hassan Firouzabadi"]
    named = result.text[quotes[2].speaker.name_start:quotes[2].speaker.name_end]
    assert "Firouzabadi" in named and quotes[2].speaker.name_start < quotes[2].speaker.start
    assert_offsets(result)
    # Kerry's reported "open to cooperating" is an indirect quote carrying its event.
    kerry = [q for q in indirect(result) if q.speaker.code == "USAGOV"]
    assert kerry and any(result.events[n].root == "03" for n in kerry[0].events)


# -- figures on the test set --
def _eval_module() -> ModuleType:
    return load_script("eval_quotes")


def test_test_set_is_well_formed() -> None:
    cases = _eval_module().load_cases()
    assert len(cases) >= 40
    for case in cases:
        for quote in case["quotes"]:
            assert quote["content"] in case["text"]
            assert quote["speaker"] is None or quote["speaker"] in case["text"]
            assert isinstance(quote["direct"], bool)


def test_figures_on_the_test_set(pipeline) -> None:
    module = _eval_module()
    figures = module.evaluate(pipeline, module.load_cases()).figures()
    # Measured: precision 1.000, recall 1.000, speaker 0.986 (see docs/quotes.md).
    assert figures["precision"] >= 0.95
    assert figures["recall"] >= 0.97
    assert figures["direct_recall"] >= 0.97
    assert figures["speaker_accuracy"] >= 0.95
    assert figures["direct_flag_accuracy"] >= 0.97


def test_penn_treebank_quote_marks_are_quote_marks(code) -> None:
    text = ("``We will never accept foreign troops on our soil,'' the Iraqi defence minister "
            "said on Monday.")
    result = code(text)
    [quote] = direct(result)
    assert quote.content.text == "We will never accept foreign troops on our soil"
    assert text[quote.content.start:quote.content.end] == quote.content.text
    assert quote.speaker.code == "IRQGOV"


def test_quotation_governed_by_any_verb_is_its_subjects(code) -> None:
    result = code('Cruz exhorted the delegates to "vote your conscience" in November.')
    [quote] = result.quotes
    assert quote.speaker.text == "Cruz" and quote.cue == "exhorted"
    assert not quote.direct  # "to" is the reporter's word: a partial quotation
    result = code('In a speech on Monday the senator attacked "the cruel logic of the '
                  'budget cuts and the men who wrote them."')
    [quote] = result.quotes
    assert quote.direct and quote.cue == "attacked" and "senator" in quote.speaker.text


@pytest.mark.parametrize("text", [
    'The mayor made sure that everything at the count was "fair and above board."',
    "The minister told a radio station on Friday that \u201cthe cause of the fire\u201d "
    "was still under investigation.",
    "The governor welcomed the new police chief - \u201cmy most trusted adviser on "
    "crime.\u201d",
    "The party called its rival's plan \u201cthe worst idea in a generation.\u201d",
])
def test_partial_quotations_in_the_reporters_sentence_are_not_direct(code, text) -> None:
    result = code(text)
    assert result.quotes and not direct(result)
    assert_offsets(result)


def test_quotation_opening_a_clause_stays_direct(code) -> None:
    for text in ("The mayor said: \u201cWe will rebuild every house in the valley.\u201d",
                 "\u201cWe will rebuild every house,\u201d the mayor said, but \u201cit "
                 "will take years of work.\u201d"):
        [quote] = direct(code(text))
        assert quote.speaker.text.endswith("mayor")


def test_mark_glued_to_a_word_closes_and_opens_nothing() -> None:
    # the opening mark is missing: the glued one must not open a quote to the next mark
    text = ('The doctor reviewed his systems" including his lungs. The only "medical '
            'records" he released were short.')
    assert quoted_spans(text) == [(text.index('"medical'), text.index('" he'))]


def test_a_title_a_verb_governs_is_no_quote(code) -> None:
    assert not code('The actress starred in "The Long Road Home" last year.').quotes


def test_speaker_phrase_stays_in_its_paragraph(code) -> None:
    text = ("The Latest on the campaign (all times local):\n\n5:45 p.m.\n\n"
            "The candidate's doctor is calling him \"extremely physically fit.\"")
    [quote] = code(text).quotes
    assert quote.speaker.text.startswith("candidate's doctor") or \
        quote.speaker.text.startswith("The candidate's doctor")
    assert "\n" not in quote.speaker.text


def test_apostrophe_pairs_open_a_quote_too(code) -> None:
    # some archives write '' for the opening mark as well as the closing one
    text = ("The plan drew criticism.\n\n''This is not reform at all,'' said Paul Harris, "
            "an economist. ''It is a patch on a patch.''")
    result = code(text)
    [quote] = direct(result)
    assert quote.speaker.text.startswith("Paul Harris")
    assert [p.text for p in quote.parts] == ["This is not reform at all",
                                             "It is a patch on a patch."]
    assert_offsets(result)


def test_reported_clause_stops_where_another_report_begins(code) -> None:
    result = code("The senator said he did not believe those claims hurt the party in 2012, "
                  "arguing that it was divisions in the party that did.")
    by_cue = {q.cue: q.content.text for q in result.quotes}
    assert by_cue["said"] == "he did not believe those claims hurt the party in 2012"
    assert by_cue["arguing"] == "it was divisions in the party that did"


def test_cues_from_the_grammar_beyond_said(code) -> None:
    result = code("The senator denied that the funds had been misused by his office.\n\n"
                  "A new poll shows the governor leading in three swing states.")
    cues = {q.cue: q for q in result.quotes if not q.direct}
    assert "denied" in cues and "senator" in cues["denied"].speaker.text
    assert cues["denied"].content.text == "the funds had been misused by his office"
    assert "shows" in cues and "poll" in cues["shows"].speaker.text


def test_labelled_paragraphs_are_their_labels_attributions(code) -> None:
    text = ("The senator gave an interview on Sunday. Here is part of it.\n\n"
            "\"MORRIS: Let's start with the budget. What will you cut first?\n\n"
            "\"GREEN: We will cut nothing that matters to families.\"\n\n"
            "UPDATE: The vote was moved to Friday after the storm.\n\n"
            "Poll: Voters turn away from the governor over taxes")
    result = code(text)
    by_speaker = {q.speaker.text: q for q in result.quotes}
    assert set(by_speaker) == {"MORRIS", "GREEN", "Poll"}
    assert all(q.cue == ":" and not q.direct for q in result.quotes)
    assert by_speaker["GREEN"].content.text == "We will cut nothing that matters to families."
    assert by_speaker["Poll"].content.text == "Voters turn away from the governor over taxes"
    assert_offsets(result)


def test_quote_ending_with_a_comma_takes_the_attribution_after_it(code) -> None:
    # the parse may hang a clause on the cue ("told ... he had not been punished"): the
    # comma still announces the attribution
    text = (f"{L}You should resign and give back the money you took,{R} the senator told "
            f"the banker, after he admitted under the senator{chr(0x2019)}s questioning he "
            f"had not yet been held accountable.")
    [quote] = direct(code(text))
    assert quote.cue == "told" and quote.speaker.text.endswith("senator")


def test_a_title_inside_the_reporters_sentence_is_no_attribution(code) -> None:
    result = code("The governor said on Monday on Channel Four\u2019s \u201cMorning Politics "
                  "Today.\u201d")
    assert not result.quotes


def test_clause_going_on_after_a_quotation_after_that_is_one_mixed_quote(code) -> None:
    text = ("The spokeswoman said in an email that, \u201cOf course the mayor is going to "
            "defend himself\u201d against what the council sees as an attack.")
    [quote] = code(text).quotes
    assert not quote.direct and quote.cue == "said"
    assert quote.content.text.startswith("\u201cOf course")
    assert quote.content.text.endswith("as an attack")


# -- the word lists (data/quotes.yaml) ----------------------------------------------------------
def test_word_lists_come_from_the_quotes_data() -> None:
    words = quote_words()
    assert set(words) == set(WORD_LISTS)
    assert {"cite", "call", "describe"} <= words["object_cues"]
    assert "deny" in words["indirect_cues"] and "believe" in words["not_indirect"]
    assert "mr" in words["abbreviations"] and "want" in words["attitude_verbs"]
    # (YAML reads a bare on/off/yes/no as a boolean: every list must hold words only)
    assert all(isinstance(w, str) and w.isalpha() for ws in words.values() for w in ws)


def test_a_lexicon_file_still_overrides_a_quote_list(tmp_path: Path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text("quote_object_cues: [Lambast]\n", encoding="utf-8")
    words = quote_words(load_lexicon([extra]))
    assert words["object_cues"] == frozenset({"lambast"})
    assert words["direct_cues"] == quote_words()["direct_cues"]


def test_a_malformed_word_list_is_refused_naming_the_file_and_list(tmp_path: Path,
                                                                   monkeypatch) -> None:
    import whodid.quotes as quotes

    bad = tmp_path / "quotes.yaml"
    good = quotes._builtin_quote_words.__wrapped__
    bad.write_text("direct_cues: [reply]\n", encoding="utf-8")
    monkeypatch.setattr("whodid.resources.data_path", lambda name: bad)
    with pytest.raises(ValueError, match=r"quotes\.yaml: 'indirect_cues' must be a list"):
        good()
    # a bare "on" is a YAML boolean, no word
    bad.write_text("".join(f"{name}: [for, on]\n" if name == "object_prepositions"
                           else f"{name}: [word]\n" for name in WORD_LISTS), encoding="utf-8")
    with pytest.raises(ValueError, match=r"'object_prepositions' must be a list of words"):
        good()


# -- attributions beyond the reported clause ----------------------------------------------------
def test_a_report_set_off_by_commas_attributes_its_whole_sentence(code) -> None:
    text = ("The new rail line, the transport minister said on Tuesday, will be finished "
            "two years late.")
    [quote] = code(text).quotes
    assert quote.cue == "said" and quote.speaker.text.endswith("transport minister")
    assert quote.content.text == ("The new rail line, the transport minister said on "
                                  "Tuesday, will be finished two years late")
    assert not quote.direct


def test_a_quotation_after_a_report_set_off_by_commas_stays_direct(code) -> None:
    text = ("After the vote on the strike, the mayor said, \u201cWe will not negotiate under "
            "threat.\u201d")
    [quote] = code(text).quotes
    assert quote.direct and quote.cue == "said"
    assert quote.content.text == "We will not negotiate under threat."


def test_a_main_clause_between_commas_is_no_interrupting_report(code) -> None:
    text = ("Quoting an old rumour, the candidate accused the governor, who denied it, "
            "of hiding the accounts.")
    contents = [q.content.text for q in code(text).quotes]
    assert not any(c.startswith("Quoting") for c in contents)


def test_embedded_questions_are_attributed(code) -> None:
    result = code("Several delegates questioned whether the treaty could survive the "
                  "vote. A reporter asked how the plan would be paid for.")
    by_cue = {q.cue: q for q in result.quotes}
    assert by_cue["questioned"].content.text == "the treaty could survive the vote"
    assert by_cue["questioned"].speaker.text.endswith("delegates")
    assert by_cue["asked"].content.text == "how the plan would be paid for"


def test_a_stance_object_keeps_the_phrase_the_parse_hung_on_its_verb(code) -> None:
    result = code("The governor cited his support from forty county sheriffs.")
    [quote] = result.quotes
    assert quote.cue == "cited"
    assert quote.content.text == "his support from forty county sheriffs"


def test_a_relative_pronoun_speaker_stands_for_its_noun(code) -> None:
    text = ("The vote was delayed by John Kerry, who said the new sanctions would hurt "
            "ordinary families.")
    [quote] = code(text).quotes
    assert quote.content.text == "the new sanctions would hurt ordinary families"
    speaker = quote.speaker
    assert speaker.text == "who" and text[speaker.start:speaker.end] == "who"
    assert speaker.name == "John Kerry" and speaker.code is not None
    assert text[speaker.name_start:speaker.name_end].endswith("Kerry")


@pytest.mark.parametrize(("text", "cue", "content", "speaker"), [
    # a party is what a stance is about, as PolNeAR annotates it
    ("The teachers' union endorsed the governor on Monday.", "endorsed", "the governor",
     "union"),
    ("The new survey shows the senator with a narrow lead.", "shows",
     "the senator with a narrow lead", "survey"),
    ("Farm groups strongly oppose the water tax.", "oppose", "the water tax", "Farm groups"),
])
def test_stance_objects_are_attributed(code, text, cue, content, speaker) -> None:
    [quote] = code(text).quotes
    assert (quote.cue, quote.content.text) == (cue, content)
    assert quote.speaker.text.endswith(speaker) and not quote.direct


@pytest.mark.parametrize(("text", "cue", "content"), [
    # a report that names what it says rather than stating it: its object is the content
    ("The minister stressed the importance of the northern pipeline.", "stressed",
     "the importance of the northern pipeline"),
    ("The mayor outlined a plan for cheaper bus fares.", "outlined",
     "a plan for cheaper bus fares"),
])
def test_reported_objects_are_attributed(code, text, cue, content) -> None:
    [quote] = code(text).quotes
    assert (quote.cue, quote.content.text) == (cue, content) and not quote.direct


def test_a_figure_added_is_no_attribution(code) -> None:
    assert not code("The new tax added two billion dollars to the budget.").quotes


def test_a_word_list_given_twice_is_refused(tmp_path: Path, monkeypatch) -> None:
    import whodid.quotes as quotes

    bad = tmp_path / "quotes.yaml"
    bad.write_text("".join(f"{name}: [word]\n" for name in WORD_LISTS)
                   + "object_cues: [other]\n", encoding="utf-8")
    monkeypatch.setattr("whodid.resources.data_path", lambda name: bad)
    with pytest.raises(ValueError, match=r"quotes\.yaml.*object_cues"):
        quotes._builtin_quote_words.__wrapped__()


@pytest.mark.parametrize(("text", "cue", "content", "speaker"), [
    # nouns of speech and stance whose possessor is their source
    ("The senator's call for an independent inquiry was rejected by the committee.", "call",
     "an independent inquiry", "senator"),
    ("Voters doubted the governor's claim that the deficit had disappeared.", "claim",
     "the deficit had disappeared", "governor"),
    ("The mayor's plan to hire more nurses ran into trouble in the council.", "plan",
     "to hire more nurses", "mayor"),
])
def test_nouns_of_speech_are_attributed_to_their_possessor(code, text, cue, content,
                                                           speaker) -> None:
    by_cue = {q.cue: q for q in code(text).quotes}
    assert by_cue[cue].content.text == content and speaker in by_cue[cue].speaker.text


def test_a_noun_inside_what_a_verb_reports_is_no_report_of_its_own(code) -> None:
    [quote] = code("The minister praised the mayor's plan to hire more nurses.").quotes
    assert quote.cue == "praised"
    assert quote.content.text == "the mayor's plan to hire more nurses"


@pytest.mark.parametrize(("text", "cue", "speaker"), [
    # a quotation whose last mark announces its attribution takes the subject of the verb
    # right after it, whatever the verb
    (f"{L}Why should families pay for this mistake?{R} the senator demanded.", "demanded",
     "senator"),
    (f"{L}The water is finally safe to drink in every district,{R} the report read.", "read",
     "report"),
    (f"{L}We will not sign this deal in its present form,{R} Maria Lopez, the trade envoy, "
     f"said on Friday.", "said", "Maria Lopez"),
])
def test_the_verb_after_an_announcing_mark_attributes_the_quote(code, text, cue,
                                                                speaker) -> None:
    [quote] = code(text).quotes
    assert quote.direct and quote.cue == cue and speaker in quote.speaker.text


def test_a_quote_ending_in_a_period_takes_no_verb_of_action_as_its_cue(code) -> None:
    text = f"{L}We have nothing to add to our statement today.{R} The senator left the room."
    [quote] = code(text).quotes
    assert quote.cue is None


def test_a_quote_after_a_report_in_its_paragraph_is_that_sources(code) -> None:
    text = (f"Her former deputy praised her as a tireless negotiator. {L}She never left a "
            f"meeting without a deal in her pocket.{R}")
    quote = next(q for q in code(text).quotes if q.direct)
    assert quote.speaker is not None and quote.speaker.text.endswith("former deputy")


def test_a_nested_quotation_does_not_hide_the_announcing_comma(code) -> None:
    text = (f"{L}The council approved what the mayor called {chr(0x2018)}the budget of the "
            f"decade,{chr(0x2019)}{R} the newspaper gushed.")
    quote = next(q for q in code(text).quotes if q.direct)
    assert quote.cue == "gushed" and quote.speaker.text.endswith("newspaper")


def test_a_named_sources_that_clause_is_attributed_whatever_the_verb(code) -> None:
    result = code("Senator Ortega understood that the vote would fail without the farm "
                  "states.")
    [quote] = result.quotes
    assert quote.cue == "understood" and "Ortega" in quote.speaker.text
    assert quote.content.text == "the vote would fail without the farm states"


def test_a_things_that_clause_is_no_attribution(code) -> None:
    assert not code("The delay meant that the bridge stayed closed all winter.").quotes


def test_a_relative_clause_aside_at_the_end_of_a_stance_object_is_cut(code) -> None:
    text = ("The governor praised the new water plan, which the council passed on Monday "
            "after a long debate.")
    [quote] = code(text).quotes
    assert quote.cue == "praised" and quote.content.text == "the new water plan"


def test_a_reported_clause_ends_with_its_paragraph(code) -> None:
    text = ("The governor has said that the state cannot afford to keep the old bridge open "
            "because there is no money to repair it\n\n"
            f"{L}It will fall down one day,{R} the governor warned in Albany on Monday. "
            f"{L}Nobody wants to be on it when it does.{R}")
    result = code(text)
    said = next(q for q in result.quotes if q.cue == "said")
    assert "\n" not in said.content.text and said.content.text.endswith("repair it")
    assert [q.content.text for q in result.quotes if q.direct][0].startswith("It will fall")


def test_a_participle_ending_a_reported_clause_is_the_reporters(code) -> None:
    result = code("Senator Alvarez said he did not think the new tariffs hurt the farmers, "
                  "arguing that the drought was to blame.")
    arguing = next(q for q in result.quotes if q.cue == "arguing")
    assert "Alvarez" in arguing.speaker.text


def test_a_reported_clause_the_parse_took_for_an_adverbial_one(code) -> None:
    # the parse may hang the reported clause as an adverbial clause of the verb of saying
    text = "Okafor said after the vote she would not back the governor's budget."
    said = next((q for q in code(text).quotes if q.cue == "said"), None)
    assert said is not None and "Okafor" in said.speaker.text
    assert said.content.text.endswith("she would not back the governor's budget")


def test_an_adverbial_clause_of_a_verb_of_saying_is_not_reported(code) -> None:
    result = code("The minister spoke because the strike had closed the port.")
    assert not result.quotes


def test_a_name_right_before_a_subjectless_verb_of_saying_is_its_source(code) -> None:
    # the parse may hang the name on the phrase before the verb and leave it no subject
    text = ("During a short interview with the staff of the Weekly Herald Okafor said that "
            "the tax would have to rise in the next budget.")
    said = next((q for q in code(text).quotes if q.cue == "said"), None)
    assert said is not None and said.speaker.text.endswith("Okafor")


@pytest.mark.parametrize(("text", "cue", "content"), [
    ("The union endorsed Senator Ortega, a former county judge from the valley.",
     "endorsed", "Senator Ortega"),
    ("The poll shows a close race in Nevada, where six electoral votes are at stake.",
     "shows", "a close race in Nevada"),
    ("The governor wants to hire more teachers, focusing on rural schools in the north.",
     "wants", "to hire more teachers"),
    ("Most economists believe the tariffs will hurt farmers, a view the White House "
     "rejects.", "believe", "the tariffs will hurt farmers"),
])
def test_an_aside_at_the_end_of_a_stance_or_belief_is_the_reporters(code, text, cue,
                                                                    content) -> None:
    [quote] = code(text).quotes
    assert quote.cue == cue and quote.content.text == content


def test_what_a_source_wants_keeps_its_conjoined_verbs(code) -> None:
    [quote] = code("The governor wants to hire more teachers and build new schools.").quotes
    assert quote.content.text == "to hire more teachers and build new schools"


TRANSCRIPT = (
    "The governor was asked about the budget on a Sunday show. Part of the exchange:\n\n"
    "\"MORRIS: Governor, the teachers say you promised them a raise. Did you?\n\n"
    "\"GREEN: I never promised a raise this year. The unions know that the money "
    "is not there.\n\n"
    "\"And the legislature agreed with me when it passed the budget in June.\n\n"
    "\"(CROSSTALK)\n\n"
    "\"MORRIS: Will you sign the bill if it reaches your desk?\n\n"
    "\"GREEN: I will read it first.\"\n\n"
    "The show airs every Sunday morning.")


def test_a_transcript_turn_runs_on_to_the_next_label(code) -> None:
    result = code(TRANSCRIPT)
    turns = [q for q in result.quotes if q.cue == ":"]
    assert [q.speaker.text for q in turns] == ["MORRIS", "GREEN", "MORRIS", "GREEN"]
    green = turns[1].content.text
    # the unlabelled paragraph after GREEN's label is his turn; the stage direction ends it
    assert green.startswith("I never promised") and green.endswith("in June.")
    assert "CROSSTALK" not in green
    # the last turn does not run on into the reporter's closing paragraph
    assert turns[3].content.text == "I will read it first."
    assert_offsets(result)


def test_a_report_inside_a_transcript_turn_is_part_of_the_turn(code) -> None:
    result = code(TRANSCRIPT)
    # ('the teachers say ...', 'The unions know that ...' are the speakers' own words)
    inside = [q for q in result.quotes if q.content.start > TRANSCRIPT.index("MORRIS")]
    assert inside and all(q.cue == ":" for q in inside)


def test_a_lone_label_does_not_run_on(code) -> None:
    text = ("Ortega: The water plan will pass this year\n\n"
            "The mayor of Fresno spoke to reporters on Tuesday.\n\n"
            "She said the council had the votes.")
    result = code(text)
    [label] = [q for q in result.quotes if q.cue == ":"]
    assert label.content.text == "The water plan will pass this year"


def test_a_clause_opened_by_the_poll_it_comes_from_is_attributed_to_it(code) -> None:
    result = code("In the latest Fresno Bee poll, Ortega leads her rival by six points among "
                  "likely voters.")
    [quote] = result.quotes
    assert quote.cue == "In" and quote.speaker.text == "the latest Fresno Bee poll"
    assert quote.content.text == "Ortega leads her rival by six points among likely voters"
    assert_offsets(result)


@pytest.mark.parametrize("text", [
    "In Fresno, Ortega leads her rival by six points.",  # a place, not a document
    "Ortega said in an interview that she would run again.",  # the verb's circumstance
    # (a clause holding a quotation is the quotation's speaker's)
    f"In an interview, Ortega praised the plan as {L}a gift to every farm in the valley{R}.",
])
def test_in_a_document_attributes_only_a_clause_of_its_own(code, text) -> None:
    assert not [q for q in code(text).quotes if q.cue == "In" or q.cue == "in"]
