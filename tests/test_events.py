"""The events stage on sentences written for each phenomenon it must handle."""

from __future__ import annotations

import pytest

from whodid.model import CodedArticle, Event


@pytest.fixture(scope="module")
def code(pipeline):
    def run(text: str, date: str = "2014-06-18") -> CodedArticle:
        return pipeline.code_text(text, date=date)

    return run


def find(result: CodedArticle, prefix: str) -> list[Event]:
    return [e for e in result.events if e.cameo.startswith(prefix)]


def pair(event: Event) -> tuple[str | None, str | None]:
    return (event.source.country if event.source else None,
            event.target.country if event.target else None)


def test_plain_attack_with_subject_and_object(code) -> None:
    [event] = find(code("Syrian troops attacked rebel positions near Aleppo on Monday."), "19")
    assert event.source.code == "SYRMIL"
    assert event.modality == "asserted"
    assert event.quad_class == 4 and event.goldstein < 0
    assert event.plover.event == "ASSAULT"


def test_passive_agent_is_the_source(code) -> None:
    result = code("The Kurdish town was attacked by Turkish troops on Sunday.")
    assert [e.source.code for e in find(result, "19")] == ["TURMIL"]


def test_coordinated_sources_each_get_the_event(code) -> None:
    result = code("France and Germany condemned the Russian invasion of Ukraine on Friday.")
    sources = {e.source.country for e in find(result, "11")}
    assert sources == {"FRA", "DEU"}


def test_light_verb_and_event_noun(code) -> None:
    result = code("Iranian and Iraqi officials held talks in Baghdad on Tuesday.")
    assert find(result, "04"), result.events


def test_negated_cooperation_is_a_rejection(code) -> None:
    result = code("Iran will never cooperate militarily with the United States, the Iranian "
                  "defence minister said on Wednesday.")
    rejections = find(result, "12")
    assert rejections and rejections[0].cameo == "1212"
    assert rejections[0].modality == "negated"
    assert not find(result, "06")


def test_rule_out_cooperation(code) -> None:
    result = code("Tehran ruled out military cooperation with Washington.")
    [event] = find(result, "12")
    assert event.cameo == "1212"
    assert pair(event) == ("IRN", "USA")


def test_refusal_of_a_meeting(code) -> None:
    result = code("The Venezuelan president refused to meet the American envoy.")
    assert [e.cameo[:3] for e in find(result, "12")] == ["125"]


def test_negated_conflict_is_not_an_event(code) -> None:
    result = code("Pakistan did not attack Indian positions in Kashmir, the army said.")
    assert not find(result, "19")


def test_openness_is_intent_to_cooperate(code) -> None:
    result = code("US Secretary of State John Kerry said he would be open to cooperating with "
                  "Iran.")
    intents = find(result, "03")
    assert intents and intents[0].modality == "intended"
    assert pair(intents[0]) == ("USA", "IRN")


def test_vow_to_attack_is_a_threat(code) -> None:
    result = code("The Taliban vowed to attack American bases in Afghanistan.")
    threats = find(result, "13")
    assert threats and threats[0].cameo.startswith("138")
    assert not find(result, "19")


def test_threat_to_break_relations(code) -> None:
    result = code("Pakistan threatened to break off diplomatic relations with Israel.")
    assert [e.cameo for e in find(result, "13")] == ["1313"]


def test_future_visit_is_intent(code) -> None:
    result = code("The German foreign minister will visit Albania in June.")
    assert [e.cameo for e in find(result, "03")] == ["036"]
    assert not find(result, "042")


def test_demand_refined_by_what_is_demanded(code) -> None:
    result = code("The European Union demanded the release of the jailed Belarusian "
                  "journalists.")
    assert any(e.cameo.startswith("105") or e.cameo == "100" for e in find(result, "10"))
    result = code("Washington demanded that Hamas renounce violence against Israel.")
    demands = find(result, "10")
    assert demands and demands[0].target is not None


def test_reported_obligation_is_a_demand(code) -> None:
    result = code("Russia said on Tuesday that Sudan must return the captured helicopter.")
    demands = find(result, "10")
    assert demands and pair(demands[0]) == ("RUS", "SDN")


def test_reported_events_name_their_reporter(code) -> None:
    result = code("Syrian officials said Israeli jets bombed an airbase near Damascus.")
    [event] = [e for e in result.events if e.root == "19"]
    assert event.source.country == "ISR"
    assert event.modality == "reported"
    assert event.reported_by is not None and event.reported_by.country == "SYR"


def test_questions_and_conditionals_are_not_events(code) -> None:
    assert not code("Will Russia attack Ukraine again?").events
    result = code("If Israel attacks Iran, the region will burn, analysts said.")
    assert not find(result, "19")


@pytest.mark.parametrize("text", [
    "Arsenal attacked down the left and Henry shot past the keeper in the league match.",
    "Federer beat Roddick in straight sets to reach the tournament final.",
    "The film was a killer at the box office, crushing its rivals in the opening weekend.",
    "Shares in the firm were hit by a hostile takeover bid and a price war with rivals.",
])
def test_sport_business_and_culture_stay_peaceful(code, text: str) -> None:
    assert not [e for e in code(text).events if e.quad_class == 4]


@pytest.mark.parametrize(("text", "criticism"), [
    ("The Tory leader attacked the government's record on crime.", True),
    ("Liberal Democrats attacked Labour's plans for identity cards.", True),
    ("Labour fought the election on the economy.", False),
    ("Norway has reinforced its commitment to Syrian refugees.", False),
])
def test_force_used_on_a_plan_or_a_pledge_is_words(code, text, criticism) -> None:
    result = code(text)
    assert not [e for e in result.events if e.quad_class == 4]
    assert bool(find(result, "111")) is criticism
    # ... while positions are where force is used
    assert find(code("Rebels attacked army positions near Goma."), "19")


@pytest.mark.parametrize(("text", "target"), [
    ("The World Health Organization distributed vaccines in Liberia on Monday.", "LBR"),
    ("Jordan sent 50 tonnes of food to Gaza.", "PSE"),
    ("Turkish aid workers handed out blankets and tents to Syrian refugees.", "SYR"),
    ("Doctors Without Borders vaccinated 20,000 children in Chad.", "TCD"),
])
def test_humanitarian_goods_handed_out_are_aid(code, text, target) -> None:
    [aid] = find(code(text), "073")
    assert aid.target.country == target


def test_food_for_thought_is_no_aid(code) -> None:
    assert not find(code("The defeat has given Arsenal food for thought."), "07")


def test_trigger_and_offsets(code) -> None:
    text = "Israeli warplanes struck targets in Gaza on Thursday, the army said."
    result = code(text)
    for event in result.events:
        assert text[event.trigger.start:event.trigger.end] == event.trigger.text
        assert text[event.source.start:event.source.end] == event.source.text


def test_event_date_and_location_from_the_clause(code) -> None:
    result = code("Saudi-led jets bombed Houthi positions in Sanaa on Monday.",
                  date="2015-04-01")
    [event] = [e for e in result.events if e.root == "19"]
    assert event.date.value == "2015-03-30" and event.date.precision == "clause"
    assert event.location.name == "Sanaa" and event.location.country == "YEM"


@pytest.mark.parametrize("text, prefix", [
    ("Japan will give Kenya a grant of 30 million dollars to build rural schools.", "033"),
    ("Norwegian relief workers handed over 20 tonnes of medicine to the Kenyan Red Cross.",
     "073"),
    ("Peru and Chile reached a consensus on sharing border water, officials said.", "03"),
    ("Vietnam and Cambodia upgraded their diplomatic ties to ambassadorial level.", "050"),
    ("The government eased emergency measures in the northern province on Friday.", "081"),
    ("The army shortened the nightly curfew in Kandy by two hours.", "0813"),
    ("The UN nuclear agency dispatched inspectors to northern Syria on Monday.", "09"),
    ("A French court indicted the former Gabonese minister on Monday.", "112"),
    ("Bolivian police prevented a demonstration by coca growers in La Paz.", "172"),
    ("Chinese hackers defaced hundreds of Taiwanese government websites on Monday.", "17"),
    ("Thousands of Greek dockworkers stopped work on Tuesday over pension cuts.", "143"),
    ("Indian troops remained on high alert along the Line of Control on Sunday.", "152"),
    ("The city council denied permission for a march by opposition supporters.", "12"),
])
def test_event_phrases_beyond_the_most_common_verbs(code, text, prefix) -> None:
    assert find(code(text), prefix), code(text).events


def test_negated_acceptance_is_a_rejection(code) -> None:
    result = code("Jordan says it will not accept any more Syrian refugees, its interior "
                  "minister said.")
    assert find(result, "12") and not find(result, "03")


def test_hostile_act_on_a_condition_is_a_threat(code) -> None:
    result = code("The African Union may suspend its aid to Mali if the junta delays "
                  "elections, the commission chairman said on Friday.")
    [threat] = find(result, "13")
    assert threat.source.code.startswith("IGO")


def test_appeals_are_plover_requests(code) -> None:
    result = code("The Arab League urged Egypt to release the detained journalists.")
    [appeal] = find(result, "02")
    assert appeal.plover.event == "REQUEST"


def test_commitment_predicate_makes_an_intention(code) -> None:
    result = code("Pakistan is committed to holding talks with India, the foreign minister "
                  "said on Tuesday.")
    assert find(result, "036"), result.events


def test_a_subject_the_parser_hangs_on_the_auxiliary_still_acts(code) -> None:
    # "his government is committed to ...": "government" parsed as the subject of "is"
    events = code("The Malian leader said her government is committed to opening talks with "
                  "the rebels.").events
    assert [(e.cameo[:2], e.source.code) for e in events] == [("03", "MLIGOV")]


@pytest.mark.parametrize("text, prefix", [
    ("Ghana and Togo resumed negotiations on Monday on a border troop pullback.", "046"),
    ("Danish nurses handed over 300 kg of medical supplies to the Somali Red Crescent.",
     "073"),
    ("A battalion of Nepalese peacekeeping troops arrived in Haiti on Tuesday.", "074"),
    ("The Bolivian president received a mission of observers from the OAS on Friday.", "0862"),
    ("The OSCE will withdraw its observers from Georgia, its chairman announced.", "1662"),
    ("The OSCE threatened to withdraw its observers from Georgia on Monday.", "136"),
    ("Palestinian youths threw stones at Israeli soldiers in Hebron on Friday.", "145"),
    ("The Kenyan government ordered patrols by police along the Somali border.", "150"),
    ("Germany announced a suspension of military cooperation with Niger on Monday.", "16"),
    ("Turkey reopened its border with Armenia on Monday.", "0872"),
])
def test_more_specific_phrases(code, text, prefix) -> None:
    assert find(code(text), prefix), code(text).events


def test_statement_issued_by_an_actor_demands(code) -> None:
    result = code("Nigeria's main trade union issued a statement demanding that the "
                  "government reverse the fuel price increase.")
    [demand] = find(result, "10")
    assert demand.source.code.startswith("NGA")


def test_nationality_adjective_is_the_source_of_an_event_noun(code) -> None:
    result = code("Albanian protests against Serbian security policies continued on Sunday.")
    [protest] = find(result, "14")
    assert pair(protest) == ("ALB", "SRB")


def test_what_a_refused_permission_would_allow_did_not_happen(code) -> None:
    result = code("Sudan refused to allow UN helicopters to land and evacuate the wounded "
                  "peacekeepers.")
    assert find(result, "12")
    assert not find(result, "07")


def test_passive_investigation_without_agent_takes_the_country(code) -> None:
    result = code("A Russian businessman has been put under investigation in France for "
                  "money laundering.")
    [probe] = find(result, "09")
    assert probe.source.country == "FRA"


def test_a_date_is_not_a_target(code) -> None:
    result = code("China on Tuesday demanded that Japan stop the survey near the islands.")
    [demand] = find(result, "10")
    assert pair(demand) == ("CHN", "JPN")


def test_the_object_of_a_phrase_is_its_target(code) -> None:
    result = code("Norway said on Friday it had expelled two Iranian diplomats.")
    [expulsion] = find(result, "16")
    assert pair(expulsion) == ("NOR", "IRN")


def test_a_nationality_adjective_inside_the_object_is_the_target(code) -> None:
    result = code("Kenya rejected a Somali proposal for joint border patrols on Monday.")
    [rejection] = find(result, "12")
    assert pair(rejection) == ("KEN", "SOM")


@pytest.mark.parametrize(("text", "defied"), [
    ("The Peruvian interior minister declined to resign despite pressure from the "
     "Chilean government.", "CHL"),
    ("Serbia refused to hand over the general despite repeated requests by NATO.", "IGONAT"),
])
def test_a_refusal_defies_whom_its_despite_phrase_names(code, text, defied) -> None:
    [refusal] = find(code(text), "12")
    assert defied in (refusal.target.code, refusal.target.country)


def test_its_on_the_object_is_whose_the_object_is(code) -> None:
    result = code("Canada praised Norway and welcomed its decision to cancel Sudan's debt.")
    assert {pair(e) for e in find(result, "05")} == {("CAN", "NOR")}
    # with no one else named before it, "its" is the source's own: no target from it
    result = code("Chile announced its decision to raise tariffs.")
    assert all(e.target is None or e.target.country != "CHL" for e in result.events)


def test_people_acted_on_belong_where_it_happened(code) -> None:
    result = code("Gunmen killed four civilians in a market in Kandahar on Sunday.")
    [killing] = find(result, "18")
    assert killing.target.country == "AFG"


def test_an_ethnic_minority_is_of_the_country_where_it_acts(code) -> None:
    result = code("Thousands of ethnic Hungarians demonstrated in Cluj, Romania, on Sunday.")
    [protest] = find(result, "14")
    assert protest.source.country == "ROU"


def test_a_domestic_investigation_targets_the_own_country(code) -> None:
    result = code("Colombian prosecutors opened an investigation into the massacre on Monday.")
    [probe] = find(result, "09")
    assert probe.target is not None and probe.target.country == "COL"
    assert probe.target.resolved_by in ("implicit", "place")


def test_an_accusation_codes_the_accusation_not_the_alleged_deed(code) -> None:
    result = code("Ethiopia accused Eritrean troops of shelling border villages on Monday.")
    main = max(result.events, key=lambda e: e.confidence)
    assert main.cameo.startswith("112")
    assert main.target is not None and main.target.country == "ERI"
    for shelling in find(result, "19"):
        assert shelling.modality == "reported" and shelling.source.country == "ERI"


def test_a_reiterated_demand_is_refined_by_what_is_demanded(code) -> None:
    result = code("The African Union reiterated its demand that Sudan release the detained "
                  "opposition leaders.")
    [demand] = find(result, "10")
    assert demand.cameo == "1053" and demand.target.country == "SDN"


def test_being_opposed_to_a_mediation_rejects_it(code) -> None:
    result = code("Morocco is opposed to Algerian mediation in the dispute, an official said.")
    [rejection] = find(result, "12")
    assert rejection.source.country == "MAR"


def test_a_purpose_clause_on_the_object_belongs_to_the_subject(code) -> None:
    result = code("Thousands of Chileans gathered for a march in Santiago to protest the "
                  "pension reform.")
    [protest] = find(result, "14")
    assert protest.source.country == "CHL"


def test_a_participle_parsed_as_subject_yields_its_own_subject(code) -> None:
    result = code("The Red Cross operating in Yemen said the warring parties must allow "
                  "aid convoys into Taiz.")
    assert any(e.source.code and e.source.code.startswith("NGO") for e in find(result, "10"))


def test_opening_fire_is_not_an_intention(code) -> None:
    result = code("Bolivian police opened fire to disperse striking miners, killing two.")
    assert not [e for e in result.events if e.modality == "intended"], result.events
    assert find(result, "19") or find(result, "18")


def test_violence_with_no_named_target_is_aimed_where_it_happens(code) -> None:
    result = code("Israeli tanks fired shells at targets near Jenin in the West Bank on "
                  "Tuesday.")
    shelling = find(result, "19")
    assert shelling and all(e.target.country == "PSE" for e in shelling)


def test_a_place_in_the_actors_own_words_gives_its_country(code) -> None:
    result = code("The government of Punjab province ordered patrols by police after the "
                  "riots in Lahore.")
    assert any(e.source.country == "PAK" for e in find(result, "15")), result.events


def test_unnamed_people_acting_somewhere_are_of_that_country(code) -> None:
    result = code("Dozens of prisoners rioted at a jail in Lima on Monday, officials said.")
    [riot] = find(result, "14")
    assert riot.source.country == "PER"


def test_an_unnamed_bomber_is_an_unidentified_armed_force(code) -> None:
    result = code("A roadside bomb near Kandahar killed two Afghan soldiers on Sunday.")
    [killing] = find(result, "18")
    assert killing.source.code == "AFGUAF"


def test_a_conditional_threat_is_aimed_at_whoever_must_meet_the_condition(code) -> None:
    result = code("Venezuela threatened to cut oil shipments unless Guyana withdrew its claim, "
                  "officials said on Monday.")
    threats = find(result, "13")
    assert threats and pair(threats[0]) == ("VEN", "GUY")


def test_a_complaint_targets_what_it_is_about(code) -> None:
    result = code("Jordan complained to the United Nations on Tuesday over Syrian shelling "
                  "of its border villages.")
    [complaint] = find(result, "11")
    assert complaint.target.country == "SYR"


def test_rebels_attacking_the_states_forces_target_them(code) -> None:
    # the army's base is the state's forces', not forces the rebels command, nor the place
    result = code("Rebels attacked an army base near Gao in northern Mali on Monday.")
    assert [(e.source.code, e.target and e.target.code)
            for e in find(result, "19")][:1] == [("MLIREB", "MLIMIL")]


def test_a_visit_by_someone_to_a_country_targets_the_country(code) -> None:
    # the parser may hang "to Nepal" on the visitor, who takes no "to" phrase of his own
    result = code("The visit by the Indian prime minister to Nepal ended on Sunday.")
    assert [pair(e) for e in find(result, "04")][:1] == [("IND", "NPL")]


@pytest.mark.parametrize("text, source", [
    ("Protests erupted in Lusaka after the verdict.", "ZMBCVL"),
    ("Riots broke out in Dakar on Saturday over bread prices.", "SENCVL"),
])
def test_protest_breaking_out_in_a_place_is_by_its_people(code, text, source) -> None:
    assert [e.source.code for e in find(code(text), "14")] == [source]


def test_protest_placed_nowhere_names_no_protesters(code) -> None:
    assert not find(code("Protests erupted after the verdict."), "14")


def test_an_agentless_passive_between_two_parties_is_done_by_both(code) -> None:
    result = code("A truce was agreed between Georgia and Abkhaz separatists on Friday.")
    assert {e.source.country for e in result.events} == {"GEO"}
    result = code("A border treaty was signed between Peru and Chile in Lima.")
    assert {pair(e) for e in find(result, "05")} == {("PER", "CHL"), ("CHL", "PER")}


def test_reopening_an_embassy_restores_relations(code) -> None:
    result = code("Morocco reopened its embassy in Tehran on Monday.")
    assert [(e.cameo[:2], pair(e)) for e in result.events] == [("05", ("MAR", "IRN"))]


@pytest.mark.parametrize("text, expected", [
    ("Israel struck Hezbollah targets in Lebanon overnight.", "19"),
    ("The Turkish army struck rebel bases in northern Iraq.", "19"),
    ("Israel struck a deal with Egypt on gas exports.", "05"),
    ("Dock workers struck for higher pay on Monday.", "14"),
])
def test_a_state_or_force_striking_something_uses_force(code, text, expected) -> None:
    assert [e.cameo[:2] for e in code(text).events][:1] == [expected]


def test_talks_a_head_verb_arranged_are_with_whom_it_reached(code) -> None:
    result = code("Kenya's president called his Ugandan counterpart to discuss the crisis "
                  "in South Sudan.")
    assert ("KEN", "UGA") in {pair(e) for e in find(result, "04")}


def test_harm_to_its_people_in_a_report_is_to_the_reporters(code) -> None:
    result = code("Vietnam said China had harassed its fishermen near the islands.")
    harassment = [e for e in result.events if e.quad_class == 4]
    assert [(e.source.country, e.target.country) for e in harassment] == [("CHN", "VNM")]


@pytest.mark.parametrize("text, expected", [
    ("Pakistan mobilized troops along its border with India.", ("PAK", "IND")),
    ("Iraq moved tanks near the Kuwaiti border.", ("IRQ", "KWT")),
])
def test_forces_massed_along_a_border_are_aimed_across_it(code, text, expected) -> None:
    assert [pair(e) for e in find(code(text), "15")] == [expected]


def test_an_attack_near_a_border_is_not_aimed_across_it(code) -> None:
    result = code("Rebels attacked villages near the Rwandan border in eastern Congo.")
    assert not any(e.target and e.target.country == "RWA" for e in result.events)


def test_people_protesting_parsed_as_a_reduced_relative_still_protest(code) -> None:
    # the parser may read "protested" as "students (who were) protested"
    result = code("Thousands of students protested in Seoul against the new law.")
    assert [e.source.code for e in find(result, "14")] == ["KOREDU"]


def test_a_complaint_to_a_state_is_against_it(code) -> None:
    result = code("Norway complained to Russia on Monday over the arrest of Norwegian fishermen.")
    [complaint] = find(result, "11")
    assert pair(complaint) == ("NOR", "RUS")


@pytest.mark.parametrize("text, expected", [
    ("Chile protested to Peru over the new maritime map.", "114"),
    ("The Indian foreign ministry protested the detention of its diplomats.", "114"),
    ("Dock workers protested outside the port authority on Tuesday.", "14"),
])
def test_a_state_protesting_complains_officially_people_demonstrate(code, text,
                                                                  expected) -> None:
    assert [e.cameo[:len(expected)] for e in code(text).events][:1] == [expected]


def test_armed_men_vowing_to_march_on_a_city_threaten_force(code) -> None:
    result = code("Rebel fighters vowed to march on Bamako, their commander said on Sunday.")
    assert [e.cameo for e in find(result, "13")] == ["1384"] or find(result, "138")
    protest = code("Teachers vowed to march on parliament to demand higher pay.")
    assert not find(protest, "138")


def test_what_is_given_is_not_whom_it_is_given_to(code) -> None:
    result = code("Egypt offered its troops to the Sudanese government to help restore order.")
    [offer] = [e for e in result.events if e.cameo.startswith(("03", "07"))]
    assert offer.target.country == "SDN"


def test_an_order_is_a_demand_unless_it_is_an_order_to_use_force(code) -> None:
    summons = code("A Chilean judge ordered the former army chief to appear for questioning.")
    assert find(summons, "10")
    strike = code("The Nigerian president ordered troops to attack the rebel camps in the "
                  "north.")
    assert find(strike, "19") and not find(strike, "10")


def test_a_copula_sentence_is_not_an_event(code) -> None:
    result = code('"Chile and Peru are good neighbours and partners," the Chilean minister '
                  "said.")
    assert not [e for e in result.events if e.trigger.text in ("are", "is")], result.events


def test_whose_proposal_it_is_names_the_target(code) -> None:
    # the proposer, not the other party of the talks the proposal is about
    result = code("The Turkish foreign minister rejected an Egyptian proposal for talks "
                  "with Libya on Monday.")
    [event] = find(result, "12")
    assert pair(event) == ("TUR", "EGY")
    result = code("The Israeli prime minister has agreed to American mediation in the border "
                  "talks with Syria, an aide said.")
    assert ("ISR", "USA") in {pair(e) for e in find(result, "03")}


def test_own_forces_moved_are_not_the_target(code) -> None:
    result = code("Kenya announced that it will pull its troops out of Somalia unless the "
                  "government there arranges a ceasefire.")
    assert {pair(e) for e in find(result, "13")} == {("KEN", "SOM")}
    result = code("Nigeria said it would withdraw its peacekeeping force from Chad unless the "
                  "Chadian president arranged a ceasefire.")
    assert {pair(e) for e in find(result, "13")} == {("NGA", "TCD")}


def test_preparing_an_attack_is_a_show_of_force(code) -> None:
    result = code("The Macedonian army prepared to resume shelling rebel positions near Tetovo.")
    assert [e.cameo[:2] for e in result.events] == ["15"]
    # the adjective "prepared to" is willingness, not a build-up
    result = code("Algeria's president is prepared to lift the ban on the opposition party.")
    assert not find(result, "15")


def test_an_announced_sanction_is_decided_not_threatened(code) -> None:
    result = code("The United States announced it would prohibit all aid to the rebels.")
    [event] = find(result, "16")
    assert event.modality == "intended" and event.plover.event == "SANCTION"
    result = code("The United States threatened to cut all aid unless the rebels disarm.")
    assert find(result, "13") and not find(result, "16")


def test_requests_for_refuge_and_pressure_to_act(code) -> None:
    assert find(code("Thousands of Iraqi Kurds sought refuge in Turkey last month."), "023")
    result = code("Iranian authorities have been pressuring bus workers to cancel their strike.")
    assert [e.cameo for e in result.events] == ["100"]
    result = code("President Chirac issued a stern reminder to Iraq that it must cooperate "
                  "fully with UN inspectors.")
    assert {pair(e) for e in find(result, "10")} == {("FRA", "IRQ")}


def test_a_commitment_is_an_intention(code) -> None:
    result = code("The minister said Vietnam is committed to opening up its economy to "
                  "foreign investors.")
    [event] = find(result, "03")
    assert event.source.country == "VNM" and event.modality == "intended"


def test_a_foiled_plot_by_unnamed_plotters(code) -> None:
    result = code("An attempt to assassinate the regional governor was thwarted in "
                  "Novosibirsk, police said.")
    [event] = find(result, "185")  # an attempt to assassinate
    assert event.source.code == "RUSUAF"
    result = code("Gunmen loyal to the militia tried to assassinate the Iraqi prime minister "
                  "on Sunday.")
    assert [e.cameo for e in find(result, "18")] == ["185"]


def test_what_an_act_is_for_names_its_target(code) -> None:
    result = code("Demonstrators in Cairo blocked a road to show their anger at the United "
                  "States' policies in the region.")
    assert {pair(e) for e in find(result, "14")} == {("EGY", "USA")}
    result = code("Russia has threatened to stop the arms talks if the United States goes "
                  "ahead with the deployment of new missiles in Europe.")
    assert {pair(e) for e in find(result, "13")} == {("RUS", "USA")}


def test_a_complaint_framing_reported_speech_is_the_event(code) -> None:
    result = code("Croatian police are harassing Serb refugees, Amnesty International charged "
                  "on Wednesday.")
    [accusation] = find(result, "112")
    assert accusation.target.code == "HRVCOP"
    [harassment] = find(result, "17")
    assert harassment.modality == "reported" and harassment.confidence < accusation.confidence
    result = code("The Serbian government is failing to protect ethnic Albanians, the "
                  "Albanian foreign ministry protested.")
    assert {pair(e) for e in find(result, "11")} == {("ALB", "SRB")}
    assert not find(result, "14")  # a protest in words, not in the street


def test_what_protesters_demand_is_what_the_protest_is_for(code) -> None:
    result = code("Islamist students continued their hunger strike to demand the resignation "
                  "of the Egyptian interior minister.")
    assert [(e.cameo, e.target.code) for e in result.events] == [("1421", "EGYGOV")]
    result = code("Students staged mass demonstrations across Indonesia demanding political "
                  "reforms.")
    assert [e.root for e in result.events] == ["14"]  # no separate demand


def test_coordinated_parties_act_toward_each_other(code) -> None:
    result = code("Israel and Lebanon renewed negotiations on Monday on an Israeli troop "
                  "pullback.")
    assert {pair(e) for e in find(result, "04")} == {("ISR", "LBN"), ("LBN", "ISR")}
    # with someone else named, coordination is not reciprocity
    result = code("France and Germany condemned the Russian invasion of Ukraine on Friday.")
    assert {pair(e) for e in find(result, "11")} == {("FRA", "RUS"), ("DEU", "RUS")}


def test_an_act_aimed_at_a_deed_is_aimed_at_its_doer(code) -> None:
    result = code("The Kenyan government welcomed the American decision to lift the sanctions "
                  "on Sudan.")
    assert [pair(e) for e in find(result, "05")] == [("KEN", "USA")]


def test_coordinated_nationalities_are_one_actor_each(code) -> None:
    result = code("Armenian and Azeri troops clashed near the border on Sunday.")
    assert {(e.source.code, e.target.code) for e in find(result, "19")} == {
        ("ARMMIL", "AZEMIL"), ("AZEMIL", "ARMMIL")}
    result = code("Kenyan police arrested two British and Somali journalists in Nairobi.")
    assert {e.target.code for e in find(result, "17")} == {"GBRMED", "SOMMED"}


def test_what_an_act_is_for_has_not_happened(code) -> None:
    result = code("Denmark is ready to send equipment to help defend Lithuania if it is "
                  "attacked, the Danish defence minister said.")
    assert [(e.cameo[:2], pair(e)) for e in result.events] == [("03", ("DNK", "LTU"))]
    result = code("Kenya deployed troops along the border to protect refugees from Somali "
                  "militants.")
    assert not find(result, "05")  # the protection is a purpose, not a deed


def test_steps_to_widen_freedoms_are_a_concession(code) -> None:
    result = code("President Kagame has taken several steps to expand political freedoms.")
    assert [e.cameo for e in result.events] == ["0811"]


def test_what_is_rejected_or_prevented_has_not_happened(code) -> None:
    result = code("South Korea has rejected North Korea's demand to sever its military "
                  "alliance with the United States.")
    assert [(e.root, pair(e)) for e in result.events] == [("12", ("KOR", "PRK"))]
    result = code("Turkish police prevented a demonstration staged by students in Ankara.")
    assert not find(result, "14")


def test_what_is_agreed_is_still_to_be_done(code) -> None:
    result = code("Egypt and Sudan reached an agreement to reopen their border crossings.")
    assert {(e.cameo, pair(e)) for e in result.events} == {
        ("030", ("EGY", "SDN")), ("030", ("SDN", "EGY"))}


def test_the_object_after_an_as_phrase_is_the_target(code) -> None:
    result = code("Albania on Friday denounced as a crime Greece's treatment of ethnic Albanian "
                  "workers.")
    assert [pair(e) for e in find(result, "11")] == [("ALB", "GRC")]


def test_ordering_a_newspaper_shut_is_censorship(code) -> None:
    result = code("The Zimbabwean government ordered the independent Daily News to suspend "
                  "publication indefinitely.")
    assert [e.cameo for e in result.events] == ["1721"]


def test_anti_and_backed_name_no_target(code) -> None:
    result = code("A prominent anti-Syria journalist was killed in a car bomb explosion in "
                  "Beirut on Tuesday.")
    assert [pair(e) for e in find(result, "18")] == [("LBN", "LBN")]


def test_recognizing_an_election_result_is_yielding(code) -> None:
    result = code("The Kenyan parliament approved a law recognizing the opposition's victories "
                  "in the local elections.")
    assert [e.cameo for e in result.events] == ["080"]
    assert [e.cameo for e in code("France recognized the new government of Libya on "
                                  "Thursday.").events] == ["054"]


def test_engaged_in_is_what_the_subject_does(code) -> None:
    result = code("Serb forces were engaged in ethnic cleansing in Kosovo, according to the "
                  "US government.")
    assert [e.source.code for e in find(result, "20")] == ["SRBMIL"]


def test_fire_launched_against_a_target(code) -> None:
    result = code("Vietnamese forces launched artillery and rocket fire against Khmer Rouge "
                  "camps near the Thai border.")
    assert [(e.cameo, pair(e)) for e in find(result, "19")] == [("194", ("VNM", "KHM"))]


def test_a_main_verb_misparsed_as_a_participle_keeps_its_subject(code) -> None:
    result = code("Palestinian youths resorted to throwing stones during demonstrations "
                  "against the alleged human rights violations by the Israeli army, officials "
                  "said.")
    [protest] = find(result, "14")
    assert protest.source.code == "PSECVL"
    # the violations are only alleged: never the main news
    assert all(e.confidence < protest.confidence for e in result.events if e is not protest)
    assert not code("The weapons seized from the army were returned on Monday.").events
    # a true participle: the man did not accuse anyone
    result = code("A man accused of killing three policemen appeared in court in Nairobi.")
    assert not find(result, "11")


def test_sport_words_do_not_excuse_a_jailing(code) -> None:
    result = code("Nigerian authorities jailed 30 members of a separatist movement for playing "
                  "in a youth football tournament in Lagos.")
    assert [e.cameo for e in result.events] == ["173"]
    assert not find(code("Arsenal attacked down the left and Henry shot wide."), "1")


def test_where_an_unnamed_act_happened_not_what_it_is_about(code) -> None:
    result = code("A Christian missionary from Calgary was arrested in Lebanon for "
                  "collaborating with Israel.")
    [arrest] = find(result, "17")
    assert pair(arrest) == ("LBN", "CAN")


def test_the_doer_of_what_is_acted_on_is_the_target(code) -> None:
    result = code("Croatia is investigating alleged war crimes by Croatian extremists during "
                  "the war.")
    assert [e.target.text for e in find(result, "09")] == ["Croatian extremists"]
    result = code("Vietnamese forces launched artillery, mortar and rocket fire against "
                  "Kampuchean guerrilla camps near the Thai border.")
    assert [pair(e) for e in find(result, "19")] == [("VNM", "KHM")]


def test_a_killing_that_follows_an_attack_falls_on_its_target(code) -> None:
    result = code("Vietnamese forces launched rocket fire against Khmer Rouge camps near the "
                  "Thai border, killing 20 guerrillas.")
    assert {pair(e) for e in find(result, "18")} == {("VNM", "KHM")}


def test_in_defiance_or_retaliation_names_whom(code) -> None:
    result = code("Hundreds of thousands of people blocked streets in Hong Kong in defiance of "
                  "Chinese authorities.")
    assert [e.target.country for e in find(result, "14")] == ["CHN"]
    result = code("Hezbollah fired rockets at northern towns in retaliation for Israeli air "
                  "raids.")
    assert [pair(e) for e in find(result, "19") if e.source.country == "LBN"] == [
        ("LBN", "ISR")]
    # the raids themselves are placed nowhere: not raids on Israel
    assert ("ISR", "ISR") not in {pair(e) for e in find(result, "19")}


def test_no_implicit_self_target_for_a_ceasefire_or_an_alert(code) -> None:
    result = code("Hezbollah declared a unilateral ceasefire on Wednesday.")
    assert [pair(e) for e in find(result, "087")] == [("LBN", None)]
    result = code("Kenya put its army on high alert on Monday.")
    assert all(e.target is None for e in find(result, "15"))
    # a crackdown still falls on the actor's own country
    result = code("Egyptian police arrested 40 Islamists on Monday.")
    assert [pair(e) for e in find(result, "17")] == [("EGY", "EGY")]


def test_talks_are_held_by_both_sides_a_visit_has_a_direction(code) -> None:
    result = code("The French foreign minister held talks with Romania's new government on "
                  "Tuesday.")
    assert {pair(e) for e in find(result, "04")} == {("FRA", "ROU"), ("ROU", "FRA")}
    result = code("The German foreign minister visited Albania on Tuesday.")
    assert {pair(e) for e in find(result, "04")} == {("DEU", "ALB")}


def test_failing_to_agree_together_is_mutual(code) -> None:
    result = code("Palestinians and Israelis failed to reach agreement on the fate of the "
                  "offices on Sunday.")
    assert {pair(e) for e in find(result, "12")} == {("PSE", "ISR"), ("ISR", "PSE")}
    result = code("Iran and Syria rejected the proposal on Monday.")
    assert {pair(e) for e in find(result, "12")} == {("IRN", None), ("SYR", None)}


def test_forces_a_state_sends_are_its_own_not_the_target(code) -> None:
    result = code("France is ready to contribute 4,000 troops to an international "
                  "peacekeeping force in Liberia, the defence minister said.")
    assert {pair(e) for e in find(result, "03")} == {("FRA", "LBR")}
    result = code("Britain mobilized army reservists for a possible war against Iraq on "
                  "Tuesday.")
    assert [pair(e) for e in find(result, "15")] == [("GBR", "IRQ")]


def test_whom_a_refused_permission_concerns(code) -> None:
    result = code("The UNITA militarist wing refused to allow United Nations planes to land in "
                  "Huambo.")
    assert [(e.root, e.target.code) for e in result.events] == [("12", "IGOUNO")]


def test_sharing_expertise_and_talking_by_telephone(code) -> None:
    result = code("Afghanistan has been sharing expertise with the Liberation Tigers of Tamil "
                  "Eelam, according to a report.")
    assert [(e.cameo, pair(e)) for e in result.events] == [("064", ("AFG", "LKA"))]
    result = code("The US secretary of state telephoned the Russian foreign minister on "
                  "Tuesday to discuss the crisis.")
    assert {pair(e) for e in find(result, "04")} == {("USA", "RUS"), ("RUS", "USA")}


def test_a_state_and_its_people_are_a_domestic_dyad(code) -> None:
    result = code("President Mwanawasa has reneged on his commitment to the Zambian people to "
                  "hold elections under a new constitution.")
    assert [(e.source.code, e.target.code) for e in find(result, "12")] == [("ZMBGOV", "ZMBCVL")]


def test_a_ceasefire_where_it_is_declared_is_not_aimed_there(code) -> None:
    result = code("Hezbollah declared a unilateral ceasefire on Wednesday in south Lebanon.")
    assert [pair(e) for e in find(result, "087")] == [("LBN", None)]


def test_a_language_is_no_country(code) -> None:
    result = code("The Latvian Constitutional Court cancelled restrictions on the use of the "
                  "Russian language on national radio.")
    assert all(e.target is None or e.target.country != "RUS" for e in result.events)


def test_what_a_demand_asks_has_not_happened(code) -> None:
    result = code("The U.S. said it would not meet the hostage-takers' demands to release "
                  "prisoners in Iraq.")
    assert not find(result, "084")  # nobody released anyone
    assert find(result, "12")


def test_aid_for_two_countries_goes_to_each(code) -> None:
    result = code("European Union foreign ministers agreed on Saturday to provide about 70 "
                  "million dollars of aid for Romania and Poland.")
    assert {e.target.country for e in find(result, "03")} == {"ROU", "POL"}


def test_support_rallied_on_someones_behalf_targets_them(code) -> None:
    result = code("Saudi Arabia has mobilized pressure groups in the United States to help "
                  "support the rights of Palestinians, a minister said.")
    assert [pair(e) for e in find(result, "05")] == [("SAU", "PSE")]


def test_up_to_read_as_a_particle_keeps_its_object(code) -> None:
    result = code("Afghan rebels have kidnapped up to 16 Russian civilian advisers from a town "
                  "bazaar.")
    assert [pair(e) for e in find(result, "18")] == [("AFG", "RUS")]


def test_a_deed_about_an_ethnic_minority_is_not_the_minority(code) -> None:
    result = code("Albania on Friday denounced as a crime Greece's suppression of ethnic "
                  "Albanian unrest in Epirus.")
    assert [e.target.country for e in find(result, "11")] == ["GRC"]
    # the people themselves still live where they act
    result = code("Ethnic Hungarians demonstrated in Cluj on Sunday.")
    assert [e.source.country for e in find(result, "14")] == ["ROU"]


def test_a_protest_act_is_against_what_its_demonstration_is_against(code) -> None:
    result = code("Palestinian youths threw stones during demonstrations against the alleged "
                  "human rights violations by the Israeli army, officials said.")
    assert [pair(e) for e in find(result, "14")] == [("PSE", "ISR")]
    # a killing during a demonstration is not aimed at what it protested
    result = code("Police killed two people during a demonstration against the Kenyan "
                  "government on Monday.")
    assert all(e.target is None or e.target.code != "KENGOV" for e in find(result, "18"))


def test_out_of_the_question_is_ruled_out(code) -> None:
    result = code("US officials said that removing the sanctions on Burma is out of the "
                  "question.")
    assert [(e.root, pair(e)) for e in result.events] == [("12", ("USA", "MMR"))]
    result = code("Military cooperation with Iran is off the table, the Pentagon said on Monday.")
    assert [(e.cameo, pair(e)) for e in result.events] == [("1212", ("USA", "IRN"))]


def test_to_read_as_a_dative_names_the_recipient(code) -> None:
    result = code("Britain is providing aerial photographs and other military intelligence to "
                  "Chad which is preparing a major offensive.")
    assert [pair(e) for e in find(result, "06")] == [("GBR", "TCD")]


def test_an_unnamed_attacker_placed_nowhere_is_of_the_victims_country(code) -> None:
    result = code("An attempt to assassinate the governor of Kandahar province was foiled.")
    [event] = find(result, "185")
    assert event.source.code == "AFGUAF" and event.target.country == "AFG"
    # an unplaced passive arrest names nobody who acted
    assert not find(code("Two Afghan soldiers were arrested on Tuesday."), "17")


def test_forces_demobilized_with_no_agent_are_who_demobilizes(code) -> None:
    result = code("Half of the rebel fighters operating in Senegal have been demobilized "
                  "since the peace deal.")
    [event] = find(result, "0873")
    assert event.source.code == "SENREB"


def test_the_doer_of_a_deed_in_a_participle_clause_is_the_target(code) -> None:
    result = code("Kenyan police opened an investigation into alleged abuses committed by "
                  "Somali militias against refugees.")
    [event] = find(result, "09")
    assert pair(event) == ("KEN", "SOM")


def test_the_one_asked_in_a_demand_insisted_on(code) -> None:
    result = code("The rebel group insisted on its demand that the government of Mali release "
                  "its fighters.")
    [event] = find(result, "10")
    assert event.target.code == "MLIGOV"


def test_pressing_for_someone_to_act_asks_them(code) -> None:
    result = code("Germany is pushing hard for France to support its budget plan.")
    [event] = find(result, "02")  # pushing for is an appeal (02x), not a demand
    assert pair(event) == ("DEU", "FRA")
    assert not find(result, "05")  # what is asked for has not happened


def test_a_recipient_parsed_as_a_clause_subject(code) -> None:
    result = code("Chile has granted diplomatic asylum to four Bolivian army officers holed up "
                  "in a diplomatic residence since last month's coup.")
    [event] = find(result, "07")
    assert pair(event) == ("CHL", "BOL")


def test_torture_in_custody_falls_on_who_died(code) -> None:
    result = code("A Syrian prisoner died as a result of torture while in Turkish police "
                  "custody, according to a report.")
    [event] = find(result, "18")
    assert pair(event) == ("TUR", "SYR")


def test_paying_compensation_returns_property(code) -> None:
    result = code("Chad paid compensation to 40 French families for property seized in 1979.")
    [event] = find(result, "0842")
    assert pair(event) == ("TCD", "FRA")


def test_forces_shipped_out_of_a_place_withdraw_from_its_country(code) -> None:
    result = code("Sixty French peacekeepers were shipped out of the northern town of Timbuktu "
                  "on Friday.")
    [event] = find(result, "087")
    assert pair(event) == ("FRA", "MLI")


def test_coordinated_nationalities_are_read_on_the_articles_date(code) -> None:
    text = "Eritrean and Somali troops clashed near the border."
    assert {pair(e) for e in find(code(text, date="1990-05-01"), "19")} == {
        ("ETH", "SOM"), ("SOM", "ETH")}
    assert {pair(e) for e in find(code(text, date="2015-05-01"), "19")} == {
        ("ERI", "SOM"), ("SOM", "ERI")}


def test_a_day_after_a_verb_misparsed_as_a_participle_keeps_its_subject(code) -> None:
    result = code("A state-run Iranian daily called Monday on Muslims to boycott American goods.")
    [event] = find(result, "02")
    assert event.source.country == "IRN"


def test_whom_a_conjoined_purpose_is_against(code) -> None:
    result = code("An official Syrian newspaper called on Arabs to unite and mobilize against "
                  "Israeli leader Ariel Sharon.")
    [event] = find(result, "02")
    assert pair(event) == ("SYR", "ISR")
    assert not find(result, "15")  # what Arabs are asked to do has not happened


def test_a_conjoined_purpose_is_no_event(code) -> None:
    result = code("The army sent troops to protect the border and evacuate Kenyan civilians.")
    assert not find(result, "07")


def test_a_heart_attack_is_no_attack(code) -> None:
    assert not code("The Iraqi minister had a heart attack on Tuesday.").events
    assert find(code("Israeli jets carried out an air strike on Gaza."), "195")


def test_a_trailing_complaint_hung_on_a_noun_is_still_the_complaint(code) -> None:
    # the parser reads "protested" as a participle on "group"
    result = code("Kenyan authorities are failing to uphold the land rights of Somali "
                  "refugees, a human rights group protested here Monday.")
    [complaint] = find(result, "11")
    assert complaint.source.text == "human rights group"
    assert complaint.target.country == "KEN"


def test_people_a_participle_describes_do_it(code) -> None:
    result = code("Police in Nairobi fired tear gas at opposition supporters protesting "
                  "against high prices.")
    [repression] = find(result, "175")  # a word about prices does not make it business
    assert pair(repression) == ("KEN", "KEN")
    [protest] = find(result, "14")
    assert protest.source.code == "KENOPP"


def test_from_says_where_from_when_whom_is_named(code) -> None:
    result = code("Gunmen kidnapped 20 students from a school in northwestern Nigeria.")
    assert [e.target.text for e in find(result, "181")] == ["students"]
    result = code("Israel pulled its troops from southern Lebanon.")
    assert [pair(e) for e in find(result, "087")] == [("ISR", "LBN")]


def test_missiles_fired_into_the_sea_are_a_show_of_force(code) -> None:
    result = code("North Korea fired two ballistic missiles into the sea off its east coast "
                  "on Thursday, South Korea's military said.")
    assert [(e.cameo, e.target) for e in result.events] == [("150", None)]
    # a missile fired at someone is a strike, whatever the preposition says
    assert find(code("Israeli jets fired missiles at a house in Gaza."), "195")


def test_whom_a_warning_is_given_not_what_it_is_against(code) -> None:
    result = code("The Kremlin warned NATO against sending troops to Ukraine.")
    assert [e.target.code for e in find(result, "13")] == ["IGONAT"]
    result = code("Turkey expelled Armenian and Azeri diplomats.")
    assert {e.target.code for e in find(result, "16")} == {"ARMGOV", "AZEGOV"}


def test_approving_a_loan_is_aid(code) -> None:
    result = code("The World Bank approved a $300 million loan to Kenya to support "
                  "agriculture.")
    assert [(e.source.code, e.target.code) for e in find(result, "07")] == [("IGOWBK", "KEN")]


def test_two_parties_of_one_country_act_toward_each_other(code) -> None:
    result = code("Colombia's government and the ELN rebels signed a six-month ceasefire in "
                  "Havana.")
    assert {(e.source.code, e.target.code) for e in find(result, "087")} == {
        ("COLGOV", "COLREBELN"), ("COLREBELN", "COLGOV")}


def test_rockets_landing_are_fire_from_where_they_land(code) -> None:
    result = code("Several rockets landed near the US embassy in Baghdad's Green Zone late on "
                  "Sunday.")
    [event] = find(result, "194")
    assert event.source.code == "IRQUAF"  # not the embassy's country
    assert event.target.code == "USAGOV"


def test_evicting_migrants_is_expelling_them(code) -> None:
    result = code("Greek police evicted migrants from a camp on the island of Lesbos.")
    assert [e.source.code for e in find(result, "174")] == ["GRCCOP"]


def test_hundreds_of_uncoded_people_marching_somewhere_protest_there(code) -> None:
    result = code("Hundreds of Kashmiri Moslems defied a curfew and marched through Srinagar "
                  "chanting slogans.")
    [protest] = find(result, "14")
    assert protest.source.country == "IND"


def test_strikes_on_a_place_are_air_strikes(code) -> None:
    result = code("Syria's foreign ministry denounced the Israeli strikes on Damascus airport.")
    assert [pair(e) for e in find(result, "195")] == [("ISR", "SYR")]
    assert not find(result, "14")
    assert find(code("Dock workers in Mombasa began a strike on Monday."), "143")


def test_killed_in_someones_attack_names_the_attacker(code) -> None:
    result = code("Two Turkish soldiers were killed in a PKK attack in southeastern Turkey.")
    [event] = find(result, "18")
    assert (event.source.code, event.target.code) == ("TURSEPPKK", "TURMIL")


def test_an_army_attacking_nowhere_named_does_not_attack_its_own_country(code) -> None:
    result = code("The US-led coalition bombed the city.")
    # (the city stays an uncoded target: no country's)
    assert [(e.source.country, e.target and e.target.country)
            for e in find(result, "19")] == [("USA", None)]
    result = code("Kenyan police fired on demonstrators.")
    assert [pair(e) for e in find(result, "19")] == [("KEN", "KEN")]


def test_lifting_or_easing_sanctions_a_boycott_or_a_ban_is_yielding(code) -> None:
    result = code("The United States waived sanctions on India.")
    assert [(e.cameo, *pair(e)) for e in find(result, "08")] == [("085", "USA", "IND")]
    result = code("Turkey relaxed its trade embargo on Armenia.")
    assert [(e.cameo, *pair(e)) for e in find(result, "08")] == [("085", "TUR", "ARM")]
    result = code("Saudi Arabia lifted its boycott of Qatari companies.")
    assert [(e.cameo, *pair(e)) for e in find(result, "08")] == [("085", "SAU", "QAT")]
    # a ban is administrative, unless it bans goods
    result = code("Malaysia eased its ban on Indonesian workers.")
    assert [(e.cameo, *pair(e)) for e in find(result, "08")] == [("081", "MYS", "IDN")]
    result = code("China lifted its import ban on Japanese seafood.")
    assert [(e.cameo, *pair(e)) for e in find(result, "08")] == [("085", "CHN", "JPN")]
    # refusing to lift it is a rejection
    result = code("Sri Lanka will not lift the ban on the Tamil Tigers.")
    assert [e.root for e in result.events] == ["12"]


def test_approving_an_act_codes_the_act(code) -> None:
    result = code("A Spanish court approved the extradition of the former Peruvian minister "
                  "to Peru.")
    assert [(e.cameo, *pair(e)) for e in find(result, "06")] == [("063", "ESP", "PER")]
    result = code("The German parliament approved the deployment of troops to Afghanistan.")
    assert ("DEU", "AFG") in [pair(e) for e in find(result, "15")]
    result = code("The Brazilian Supreme Court approved Italy's request for the extradition "
                  "of the activist.")
    assert [(e.cameo, *pair(e)) for e in find(result, "08")] == [("083", "BRA", "ITA")]


def test_aid_in_its_many_words(code) -> None:
    result = code("Britain contributed $20 million to the relief effort in Pakistan.")
    assert [pair(e) for e in find(result, "07")] == [("GBR", "PAK")]
    result = code("Cuba sent 200 doctors to Liberia.")
    assert [(e.cameo, *pair(e)) for e in find(result, "07")] == [("073", "CUB", "LBR")]
    result = code("Turkish doctors provided medical care to wounded Syrians.")
    assert [(e.cameo, *pair(e)) for e in find(result, "07")] == [("073", "TUR", "SYR")]
    result = code("Norway made two helicopters available to the UN mission in Mali.")
    assert [e.source.country for e in find(result, "07")] == ["NOR"]
    assert not find(result, "13")


def test_supporting_a_programme_is_material_aid(code) -> None:
    result = code("Japan supported the UN's humanitarian programme in Afghanistan.")
    assert [(e.cameo, e.source.country) for e in result.events] == [("073", "JPN")]
    result = code("The European Union has supported economic reconstruction projects in "
                  "Kosovo.")
    assert [(e.cameo, e.target.country) for e in result.events] == [("071", "XKX")]
    # supporting a proposal is still verbal support
    assert find(code("France supported Germany's proposal at the summit."), "051")


def test_asking_someone_for_something_is_an_appeal(code) -> None:
    result = code("Kenya asked Britain for military aid.")
    assert [(e.cameo, *pair(e)) for e in result.events] == [("0232", "KEN", "GBR")]
    result = code("Haiti asked the United Nations for help after the earthquake.")
    assert [(e.cameo, e.source.country, e.target.code) for e in result.events] == [
        ("023", "HTI", "IGOUNO")]
    result = code("Syria asked Turkey for the extradition of the suspects.")
    assert [(e.root, *pair(e)) for e in result.events] == [("02", "SYR", "TUR")]
    assert not code("Asked about the talks, the Russian minister said Moscow would not "
                    "attend.").events


def test_asking_someone_to_act_is_an_appeal(code) -> None:
    result = code("The Afghan government asked Pakistan to release the prisoners.")
    assert [(e.cameo, *pair(e)) for e in result.events] == [("0253", "AFG", "PAK")]
    result = code("Greece has asked NATO to help patrol its airspace.")
    assert [(e.root, e.source.country, e.target.code) for e in result.events] == [
        ("02", "GRC", "IGONAT")]
    # a verbal act is not placed in the country it is addressed to
    [event] = code("Kenya asked Britain for military aid.").events
    assert event.location is None or event.location.country != "GBR"


def test_forces_refused_to_another_country_are_military_cooperation_refused(code) -> None:
    result = code("Germany will not send troops to Ukraine, the chancellor said.")
    assert [(e.cameo, *pair(e)) for e in result.events] == [("1212", "DEU", "UKR")]
    result = code("Under no circumstances will Turkish troops be deployed to Syria, the "
                  "Turkish minister stressed.")
    assert [(e.cameo, *pair(e)) for e in result.events] == [("1212", "TUR", "SYR")]
    # forces sent with no agent named are the ones who act
    result = code("Hundreds of Syrian volunteers have been shipped to the front near Aleppo.")
    assert [(e.cameo, e.source.country) for e in result.events] == [("154", "SYR")]


def test_whose_attacks_forced_people_out(code) -> None:
    result = code("Taliban attacks forced thousands of Afghans to flee Kunduz.")
    assert [(e.source.code, e.target.country) for e in find(result, "17")] == [
        ("AFGINSTAL", "AFG")]


def test_people_helping_their_army_are_not_commanding_it(code) -> None:
    result = code("TEHRAN - Syrian villagers have volunteered to assist the army in Idlib, "
                  "the Iranian defence minister said.")
    assert [(e.source.code, e.target.code) for e in find(result, "07")] == [
        ("SYRCVL", "SYRMIL")]


def test_a_fight_against_an_epidemic_or_corruption_is_no_force(code) -> None:
    assert not find(code("The government launched a fight against corruption in Kenya."), "19")
    assert not find(code("Nigeria stepped up its fight against the epidemic."), "19")
    # drug traffickers are people: fighting them is
    result = code("Turkish troops fought drug traffickers near the Iranian border.")
    assert [e.source.code for e in find(result, "19")] == ["TURMIL"]


def test_a_statement_of_mood_is_a_pessimistic_or_optimistic_comment(code) -> None:
    result = code("The Indian minister said he was pessimistic about resuming talks with "
                  "Pakistan.")
    assert [(e.cameo, *pair(e)) for e in result.events] == [("012", "IND", "PAK")]
    result = code("The Turkish president said he was confident that the United States would "
                  "lift the sanctions.")
    assert [(e.cameo, *pair(e)) for e in result.events] == [("013", "TUR", "USA")]
    result = code("The German chancellor was skeptical over Moscow's will to reduce its "
                  "missiles.")
    assert [(e.cameo, *pair(e)) for e in result.events] == [("012", "DEU", "RUS")]
    result = code("Japan is not optimistic about a deal with North Korea.")
    assert [(e.cameo, *pair(e)) for e in result.events] == [("012", "JPN", "PRK")]


def test_troops_sent_to_keep_the_peace_train_or_deliver_aid(code) -> None:
    result = code("Egypt sent troops to Somalia to keep the peace.")
    assert [(e.cameo, *pair(e)) for e in result.events] == [("074", "EGY", "SOM")]
    result = code("Canada sent troops to Haiti to deliver food aid.")
    assert [(e.cameo, *pair(e)) for e in result.events] == [("073", "CAN", "HTI")]
    result = code("Britain deployed 300 soldiers to Mali to train the Malian army.")
    assert [(e.cameo, e.source.country) for e in result.events] == [("072", "GBR")]
    assert not find(result, "15")
    # with no such purpose, troops sent are a mobilization
    assert find(code("Egypt sent troops to Somalia."), "154")
    assert find(code("Russia sent troops to Crimea to protect Russian citizens."), "154")


def test_a_sum_in_aid_is_aid(code) -> None:
    result = code("The US government announced $33 million in additional assistance to "
                  "Mozambique.")
    assert [(e.root, *pair(e)) for e in result.events] == [("07", "USA", "MOZ")]
    result = code("Japan provided $10 million in food aid to North Korea.")
    assert [(e.cameo, *pair(e)) for e in result.events] == [("073", "JPN", "PRK")]
    assert not find(code("The company announced $3 billion in revenue."), "07")


@pytest.mark.parametrize(("text", "code_", "target"), [
    ("Germany accepted 500 Syrian refugees from camps in Greece.", "075", "SYR"),
    ("Italy returned three stolen statues to the government of Libya.", "0842", "LBY"),
])
def test_taking_in_refugees_and_returning_antiquities(code, text, code_, target) -> None:
    events = find(code(text), code_)
    assert events and events[0].target.country == target


def test_hoping_for_something_or_for_others_to_act_is_optimism(code) -> None:
    result = code("The Kenyan government said it hoped for more talks with Somalia.")
    assert [(e.cameo, *pair(e)) for e in result.events] == [("013", "KEN", "SOM")]
    result = code("The Indian minister hoped Pakistan would resume the talks.")
    assert [(e.cameo, *pair(e)) for e in result.events] == [("013", "IND", "PAK")]
    # hoping to act oneself is no comment
    assert not find(code("Iran hopes to visit Iraq next month."), "01")


def test_an_option_under_consideration_is_014_aimed_at_its_content(code) -> None:
    result = code("Japan is considering sending food aid to North Korea.")
    assert [(e.cameo, *pair(e)) for e in result.events] == [("014", "JPN", "PRK")]
    result = code("The European Union is weighing new sanctions against Belarus.")
    assert [(e.cameo, e.source.code, e.target.country) for e in result.events] == [
        ("014", "IGOEUR", "BLR")]


def test_a_measure_eased_in_the_passive_is_eased_by_whose_it_is(code) -> None:
    result = code("UN sanctions against Iran were lifted on Saturday.")
    assert [(e.cameo, e.source.code, e.target.country) for e in result.events] == [
        ("085", "IGOUNO", "IRN")]
    result = code("Israel's blockade of Gaza was eased on Monday.")
    assert [(e.root, e.source.country) for e in result.events] == [("08", "ISR")]
    assert not code("The sanctions were lifted on Saturday.").events  # whose, unsaid


# -- a deed named by its noun after a light verb ("announced the release of ...") ----------

def test_announced_release_of_people_is_the_release(code) -> None:
    result = code("The Philippine government announced the release of three Indonesian "
                  "sailors on Tuesday.")
    assert [e.cameo for e in find(result, "0841")], result.events
    assert not find(result, "010")


def test_announced_suspension_of_aid_is_reducing_aid(code) -> None:
    result = code("Canada announced a suspension of aid to Haiti.")
    [event] = find(result, "16")
    assert event.cameo == "162" and pair(event) == ("CAN", "HTI")
    assert not find(result, "07")


def test_announced_expulsion_of_diplomats_reduces_relations(code) -> None:
    result = code("Germany announced the expulsion of two Russian diplomats.")
    assert [pair(e) for e in find(result, "161")] == [("DEU", "RUS")]


def test_release_of_a_film_is_no_release(code) -> None:
    assert not find(code("The studio announced the release of a new film."), "084")


# -- a failure to agree is the news of the meeting it sits in ---------------------------------

def test_talks_that_failed_to_reach_agreement_are_a_rejection(code) -> None:
    result = code("The talks between Sudan and South Sudan failed to reach agreement on oil.")
    assert {pair(e) for e in find(result, "12")} == {("SDN", "SSD"), ("SSD", "SDN")}
    assert not find(result, "04")


def test_talks_that_resumed_stay_talks(code) -> None:
    assert find(code("Talks between Greece and Turkey resumed on Monday."), "04")


# -- giving held out as an intention ("ready to contribute") -------------------------------

def test_ready_to_contribute_is_an_offer_of_aid(code) -> None:
    result = code("Japan is ready to contribute more to African peacekeeping missions.")
    assert [e.cameo[:2] for e in result.events] == ["03"]


def test_willing_to_send_resources_is_an_offer_to_the_recipient(code) -> None:
    result = code("The European Union is willing to send more resources to Lebanon.")
    [event] = find(result, "03")
    assert event.cameo == "033" and event.target.country == "LBN"


def test_threatened_to_deliver_blows_is_no_offer(code) -> None:
    assert not find(code("The militants threatened to deliver devastating blows to Israel."),
                    "03")


def test_not_willing_to_cooperate_is_a_refusal(code) -> None:
    result = code("Russia is not willing to cooperate with Syria.")
    assert find(result, "12") and not find(result, "03")


# -- death from torture: the one who died was tortured by someone unnamed -------------------

def test_died_due_to_torture_is_torture_of_who_died(code) -> None:
    result = code("A Syrian prisoner died due to torture in prison.")
    [event] = find(result, "18")
    assert event.cameo == "1822" and pair(event) == ("SYR", "SYR")


def test_died_as_a_result_of_torture_he_was_subjected_to(code) -> None:
    result = code("An Egyptian activist has died as a result of the torture to which he was "
                  "subjected in a police station in Cairo.")
    assert [pair(e) for e in find(result, "1822")] == [("EGY", "EGY")]


def test_died_after_being_tortured(code) -> None:
    result = code("A Turkish journalist died after being tortured in custody.")
    assert [e.target.code for e in find(result, "1822")] == ["TURMED"]


def test_died_of_a_heart_attack_is_no_event(code) -> None:
    assert not code("The boxer died due to a heart attack.").events


# -- respects paid, deadlines given, cyber war waged ----------------------------------------

def test_paid_respects_is_an_empathetic_act(code) -> None:
    result = code("The French president paid his respects to Lebanese soldiers killed in the "
                  "blast.")
    assert [pair(e) for e in find(result, "018")] == [("FRA", "LBN")]


def test_gave_a_deadline_is_an_ultimatum(code) -> None:
    result = code("The British prime minister gave Moscow a 24-hour deadline to explain the "
                  "attack.")
    assert [pair(e) for e in find(result, "139")] == [("GBR", "RUS")]


def test_waged_cyber_war_is_coercion(code) -> None:
    result = code("Russia waged cyber war against Estonia.")
    assert [pair(e) for e in find(result, "17")] == [("RUS", "EST")]


# -- claiming one's own deed is claiming responsibility ---------------------------------------

def test_claimed_that_they_had_attacked_is_a_claim_of_responsibility(code) -> None:
    result = code("The Taliban claimed that they had attacked a police checkpoint in Kandahar.")
    main = max(result.events, key=lambda e: e.confidence)
    assert main.cameo == "015" and main.source.country == "AFG"
    assert [e.modality for e in find(result, "19")] == ["reported"]


def test_the_media_a_claim_was_sent_to_are_no_target(code) -> None:
    result = code("The Taliban claimed responsibility for the attacks in Ghazni in messages to "
                  "the Afghan media.")
    [claim] = find(result, "015")
    assert claim.target is None or claim.target.code != "AFGMED"


def test_claimed_it_had_fired_rockets_is_a_claim(code) -> None:
    result = code("Hamas claimed it had fired rockets at Israeli towns.")
    assert [pair(e) for e in find(result, "015")] == [("PSE", "ISR")]


def test_claim_about_someone_elses_attack_is_no_claim_of_responsibility(code) -> None:
    result = code("Israel claimed that Hezbollah had attacked its soldiers.")
    assert not find(result, "015") and find(result, "19")


# -- things handed back are property returned -------------------------------------------------

def test_returned_stolen_paintings_to_a_country(code) -> None:
    result = code("US customs officials returned 30 stolen paintings to Italy.")
    assert [(e.cameo, *pair(e)) for e in find(result, "084")] == [("0842", "USA", "ITA")]


def test_passive_return_of_a_manuscript(code) -> None:
    result = code("A rare manuscript was returned by French police to Egyptian authorities.")
    assert [pair(e) for e in find(result, "0842")] == [("FRA", "EGY")]


def test_returned_people_or_a_ball_are_no_property(code) -> None:
    assert not find(code("Turkey returned 50 Syrian refugees to Syria."), "0842")
    assert not code("The striker returned the ball to the goalkeeper.").events


# -- pushing for a policy is an appeal; calling for sanctions against someone a threat --------

def test_pushed_for_a_policy_is_an_appeal(code) -> None:
    result = code("The Indian government has pushed for reforms of the UN Security Council.")
    assert [e.cameo for e in result.events] == ["020"]


def test_pushed_for_someone_to_act_names_them(code) -> None:
    [event] = code("France pushed for the United States to back the plan.").events
    assert event.cameo.startswith("02") and pair(event) == ("FRA", "USA")


def test_called_for_sanctions_against_a_country_threatens_it(code) -> None:
    result = code("The EU called for sanctions against Belarus.")
    assert [(e.cameo, e.target.country) for e in result.events] == [("1312", "BLR")]


def test_made_it_clear_it_will_not_lift_reports_the_refusal(code) -> None:
    result = code("Turkey has made it clear that it will not lift its blockade of Armenia.")
    assert [(e.cameo[:2], *pair(e)) for e in result.events] == [("12", "TUR", "ARM")]


def test_expelled_aid_workers_is_expelling_aid_agencies(code) -> None:
    result = code("Eritrea expelled humanitarian aid workers, including those from Oxfam.")
    assert [e.cameo for e in result.events] == ["1663"]


def test_announced_increase_in_aid_is_aid(code) -> None:
    result = code("Japan announced a threefold increase in aid to Haiti.")
    assert [(e.cameo, *pair(e)) for e in result.events] == [("070", "JPN", "HTI")]


def test_released_from_captivity_somewhere_is_released_there(code) -> None:
    result = code("Two French aid workers have been released from captivity in Mali.")
    assert [(e.cameo, *pair(e)) for e in result.events] == [("0841", "MLI", "FRA")]


def test_staged_a_joint_war_game_is_military_cooperation(code) -> None:
    assert find(code("The exercise was staged by American and Thai troops."), "062")
    # a phrase whose noun is a compound ("war game"), as the passive's subject
    result = code("The war game, code-named Blue Shield, was staged by Greek marines and "
                  "Cypriot troops.")
    assert sorted(pair(e) for e in result.events if e.cameo == "062") == \
        [("CYP", "GRC"), ("GRC", "CYP")]


# -- what is hoped for, however deep in the hope's clause, has not happened --------------------

def test_deed_deep_in_a_hope_is_no_event(code) -> None:
    result = code("The Iranian minister said he hopes Japan will persuade the United States to "
                  "lift the sanctions on Iran.")
    assert [e.cameo for e in result.events] == ["013"]


def test_hopes_to_visit_is_an_intention_whatever_the_lemmatizer_says(code) -> None:
    [event] = code("India hopes to visit Pakistan next month.").events
    assert event.cameo == "036" and event.modality == "intended"


def test_shared_evidence_is_sharing_intelligence(code) -> None:
    result = code("Indian police shared evidence with their Bangladeshi counterparts about the "
                  "bombing.")
    assert [(e.cameo, *pair(e)) for e in result.events] == [("064", "IND", "BGD")]


def test_reaffirmed_that_others_must_act_is_a_demand(code) -> None:
    result = code("The Security Council reaffirmed that all parties in Libya must protect "
                  "civilians.")
    assert find(result, "10") and find(result, "10")[0].target.country == "LBY"


def test_carried_out_a_joint_exercise_is_military_cooperation(code) -> None:
    result = code("US marines carried out a joint exercise with Thai troops.")
    assert [(e.cameo, *pair(e)) for e in result.events] == [("062", "USA", "THA")]


def test_scheduled_or_due_to_visit_is_an_intention(code) -> None:
    for text in ("The Russian president is scheduled to visit India next week.",
                 "The Russian president is due to visit India next week."):
        [event] = code(text).events
        assert (event.cameo, event.modality, *pair(event)) == ("036", "intended", "RUS", "IND")


def test_attending_a_ceremony_is_a_symbolic_act(code) -> None:
    result = code("The Serbian president attended the opening ceremony of a gas pipeline in "
                  "the Turkish city of Izmir.")
    assert [e.cameo for e in result.events] == ["017"]


def test_strike_by_workers_called_off_is_called_off_by_them(code) -> None:
    result = code("The strike by Nigerian oil workers was called off on Tuesday.")
    assert [(e.cameo[:2], e.source.country) for e in result.events] == [("08", "NGA")]


def test_gave_permission_to_use_bases_allows_involvement(code) -> None:
    result = code("Turkey gave the US permission to use its air bases.")
    assert [(e.cameo, *pair(e)) for e in result.events] == [("086", "TUR", "USA")]


def test_aid_that_supports_people_is_aid(code) -> None:
    result = code("Japanese aid also supported 3 million Afghan children going to school.")
    assert [(e.cameo[:2], *pair(e)) for e in result.events] == [("07", "JPN", "AFG")]


def test_a_sentence_that_only_says_something_is_a_statement_to_or_about_a_coded_actor(
        code) -> None:
    [about] = code("The German chancellor said on Tuesday that Greece was in a difficult "
                   "position.").events
    assert (about.cameo, about.source.code, about.target.country) == ("010", "DEUGOV", "GRC")
    assert about.trigger.text == "said"
    [to] = code("Kenyan President Mwai Kibaki told the Ugandan leader that the border "
                "would stay open.").events
    assert (to.cameo, to.source.code, to.target.country) == ("010", "KENGOV", "UGA")
    # a named speaker no actor codes still makes a statement about a coded actor
    [named] = code("Harriet Obwoge said that Tanzania was a peaceful country.").events
    assert named.cameo == "010" and named.source.code is None
    assert named.target.country == "TZA"


def test_saying_something_about_no_coded_actor_is_no_event(code) -> None:
    assert code("The coach said the pitch was heavy after a week of rain.").events == []
    assert code("The German chancellor said she was tired but happy.").events == []


def test_a_statement_is_coded_only_where_nothing_else_happened(code) -> None:
    result = code("The German chancellor said that Russian troops had shelled a Ukrainian "
                  "village.")
    assert [e.cameo for e in result.events if e.cameo == "010"] == []
    assert find(result, "19") or find(result, "18")


def test_a_claim_of_an_attack_that_struck_no_one_named_is_aimed_where_it_struck(code) -> None:
    [claim] = find(code("The Taliban claimed responsibility for the bombing in Kabul."), "015")
    assert claim.source.code == "AFGINSTAL"
    assert (claim.target.text, claim.target.country) == ("Kabul", "AFG")
    [named] = find(code("Islamic State claimed responsibility for the attack on Nigerian "
                        "soldiers in Maiduguri."), "015")
    assert named.target.code == "NGAMIL"  # whom it struck, where the text names them


def test_a_faiths_leaders_are_religious_not_the_government(code) -> None:
    [event] = code("The French president issued an ultimatum to Muslim leaders.").events
    assert (event.source.code, event.target.sector) == ("FRAGOV", "REL")


# -- trade, debt relief and training of another side's fighters are material cooperation -----

def test_goods_bought_from_a_country_are_trade(code) -> None:
    result = code("India bought two million tonnes of rice from Thailand.")
    assert [e.source.code for e in find(result, "061")] == ["IND"]


def test_debts_written_off_are_economic_aid(code) -> None:
    result = code("Britain wrote off the debts of 18 poor countries.")
    assert [e.source.code for e in find(result, "071")] == ["GBR"]


def test_training_another_sides_guerrillas_is_military_cooperation(code) -> None:
    result = code("Syria trained hundreds of militants from Lebanon.")
    assert find(result, "062") and not find(result, "15")


# -- people no actor codes doing an act a phrase names, with no coded party -------------------

def test_people_uncoded_lifting_a_boycott_is_an_event(code) -> None:
    events = code("Lawyers have lifted a two-month boycott of the courts.").events
    assert [(e.cameo, e.source.text, e.source.code) for e in events] == \
        [("085", "Lawyers", None)]


def test_countries_uncoded_agreeing_to_share_information_is_an_event(code) -> None:
    events = code("Fifty countries have agreed to exchange tax information.").events
    assert [e.cameo[:2] for e in events] == ["03"] and events[0].source.code is None


def test_a_verb_spelt_like_a_market_or_sport_word_keeps_the_sentence_political(code) -> None:
    # "share" (a stock), "tour" (a concert tour) as verbs say nothing of the topic
    events = code("Thirty countries have agreed to share bank information with Spain.").events
    assert [(e.cameo[:2], e.target.code) for e in events] == [("03", "ESP")]
    # the noun still marks sport, business and culture
    assert not code("Ten clubs have agreed to sell their shares to the league.").events


def test_people_uncoded_accepting_a_proposal_is_an_event(code) -> None:
    events = code("The dockers accepted a proposal for ending the strike.").events
    assert [(e.cameo, e.source.text) for e in events] == [("030", "dockers")]


def test_people_uncoded_speaking_for_themselves_make_a_statement(code) -> None:
    # a statement needs no phrase: "declined to comment", "said they agree" are news
    events = code("Hollis's office declined to comment on the appointment.").events
    assert [(e.root, e.source.text) for e in events] == [("01", "Hollis's office")]
    events = code("Greene and Marsh said they agree with the mayor that fares should fall.").events
    assert [e.root for e in events] == ["01"] and events[0].source.code is None


def test_a_person_named_in_apposition_is_people_acting(code) -> None:
    # "chief" is no noun of people, but the name beside it is a person's
    events = code("The cartel chief Ramon Diaz claimed responsibility for the blast.").events
    assert [(e.cameo, e.source.code) for e in events] == [("015", None)]
    assert "Ramon Diaz" in events[0].source.text


def test_things_stating_nothing_with_no_coded_party_are_no_event(code) -> None:
    # a report, a plan: no people speak for themselves
    assert not code("The survey said it agrees with earlier findings on fares.").events


def test_things_doing_a_named_act_with_no_coded_party_are_no_event(code) -> None:
    # a pass, talks, a ban: no one acts
    assert not code("The long pass gave the winger an easy run-in.").events
    assert not code("The new rules broke three laws, the report found.").events



# -- fighting an epidemic, a flood or a famine is relief, not force ---------------------------

def test_fighting_an_epidemic_abroad_is_humanitarian_aid(code) -> None:
    events = code("Chinese doctors are fighting the malaria outbreak in Angola.").events
    assert [(e.cameo, e.source.code) for e in events] == [("073", "CHNHLH")]
    assert events[0].target is not None and events[0].target.code == "AGO"


def test_opening_fire_is_still_force(code) -> None:
    # the trigger's own noun ("fire") is no foe
    events = code("Police opened fire on protesters in Cairo.").events
    assert [e.cameo[:2] for e in events] == ["19"]


def test_agreeing_to_send_troops_to_train_an_army_is_no_threat(code) -> None:
    events = code("The EU agreed to send troops to train the Malian army.").events
    assert [e.cameo for e in events] == ["0332"] and events[0].source.code == "IGOEUR"


# -- helping someone do an act is aid to them; troops sent to help give aid -------------------

def test_helping_a_country_investigate_is_aid_to_it(code) -> None:
    events = code("Dutch experts helped Kenya investigate the plane crash.").events
    assert [(e.cameo, e.source.country, e.target.code) for e in events] == \
        [("070", "NLD", "KEN")]


def test_helping_a_country_fight_an_epidemic_is_relief(code) -> None:
    events = code("Cuban medical teams helped Liberia fight the Ebola epidemic.").events
    assert [(e.cameo, e.source.country, e.target.code) for e in events] == \
        [("073", "CUB", "LBR")]


def test_troops_sent_to_help_victims_are_relief_and_to_help_an_army_military_aid(code) -> None:
    assert [e.cameo for e in code(
        "Algeria sent troops to help flood victims in Niger.").events] == ["073"]
    assert [(e.cameo, e.target.code) for e in code(
        "France sent troops to help the Malian army.").events] == [("072", "MLIMIL")]


def test_an_announced_investigation_is_an_investigation(code) -> None:
    events = code("The European Commission will investigate Microsoft for abusing its "
                  "dominance.").events
    assert [(e.cameo[:2], e.modality) for e in events] == [("09", "intended")]


def test_abusing_power_is_no_force(code) -> None:
    assert not [e for e in code("The mayor abused his power to enrich his family.").events
                if e.cameo[:2] in ("18", "19", "20")]
    assert [e.cameo[:2] for e in code("Soldiers abused prisoners at the jail.").events] == ["18"]


def test_an_office_speaks_for_whoever_it_belongs_to(code) -> None:
    events = code("The senator's office declined to comment on the report.").events
    assert [(e.cameo, e.source.sector) for e in events] == [("011", "LEG")]


def test_bombing_positions_or_offices_is_still_force(code) -> None:
    # a military position or an office building is a place struck, not an abstraction
    assert [e.cameo[:2] for e in code(
        "Rebel jets bombed government positions near Bouake.").events] == ["19"]


def test_clearing_landmines_is_humanitarian_aid(code) -> None:
    events = code("Norwegian experts removed 2,000 landmines from farmland in Angola.").events
    assert [e.cameo for e in events] == ["073"]


def test_a_place_named_earlier_in_the_paragraph_gives_no_one_a_country(code) -> None:
    # the withdrawal is located at the paragraph's Lyon, but Thanou is not French for it
    events = code("Police said the riots in Lyon had ended. Thanou withdrew her appeal "
                  "against the Greek government on Friday.").events
    [withdrawal] = [e for e in events if e.cameo == "087"]
    assert withdrawal.source.country is None
    assert withdrawal.target.code == "GRCGOV"


def at(result: CodedArticle, word: str) -> list[Event]:
    """The events whose trigger holds ``word``."""
    return [e for e in result.events if word in e.trigger.text]


@pytest.mark.parametrize("text, word, root, place", [
    ("The Russian air force targeted rebel positions near Hama on Monday.", "targeted", "19",
     "Hama"),
    ("The village of Kafr Nabl was targeted by Syrian army helicopters on Monday.",
     "targeted", "19", "Kafr Nabl"),
    ("Two bombs targeting Iraqi police killed five people in Kirkuk.", "targeting", "18",
     "Kirkuk"),
    ("Kurdish fighters of the YPG entered the town of Manbij on Friday.", "entered", "19",
     "Manbij"),
    ("Two rockets hit a school in Sderot on Tuesday.", "hit", "19", "Sderot"),
    ("A shell struck a crowded bus at a checkpoint near Mariupol.", "struck", "19",
     "Mariupol"),
])
def test_armed_doers_and_weapons_decide_the_verb(code, text, word, root, place) -> None:
    # "targeted", "entered", "hit" and "struck" are force when armed men, an attack or a
    # weapon do it (grammar subject_codes)
    [event] = at(code(text), word)
    assert event.root == root
    assert event.location is not None and event.location.text == place


@pytest.mark.parametrize("text", [
    "The supermarket chain is targeting young shoppers with its new brand.",
    "Labour targeted marginal seats in Wales.",
    "Eight aid trucks entered the besieged city of Aleppo on Thursday.",
    "The war entered its sixth year.",
    "A truck hit a landmine near Kandahar.",
    "Dock workers struck for higher pay in Rotterdam.",
])
def test_the_same_verbs_by_others_are_no_force(code, text) -> None:
    assert not [e for e in code(text).events if e.quad_class == 4], code(text).events


@pytest.mark.parametrize("text, word, place", [
    ("A car bomb exploded near a market in Baghdad, killing 12 people.", "killing",
     "Baghdad"),
    ("A car bomb hit a police van in northern Iraq on Monday, killing four officers and "
     "wounding two others.", "wounding", "Iraq"),
])
def test_a_participle_after_a_blast_is_the_unnamed_bombers_deed(code, text, word,
                                                                place) -> None:
    [event] = at(code(text), word)
    assert event.root == "18"
    assert event.source.sector == "UAF" and event.location.text == place


@pytest.mark.parametrize("text, words, place", [
    ("The attack occurred at a bus station in Kano on Friday.", "attack occurred", "Kano"),
    ("Fierce clashes erupted between the army and rebels in Goma on Sunday.",
     "clashes erupted", "Goma"),
    ("Fighting broke out between two clans near Kismayo.", "Fighting broke", "Kismayo"),
    ("The bombing took place outside a mosque in Quetta.", "bombing took", "Quetta"),
])
def test_an_event_noun_that_occurred_is_triggered_with_its_verb(code, text, words,
                                                                place) -> None:
    events = at(code(text), words)
    assert events and all(e.quad_class == 4 for e in events)
    assert {e.location.text for e in events} == {place}


def test_the_verb_of_occurrence_needs_an_event_noun(code) -> None:
    assert not code("The concert took place in Leeds on Friday.").events


def test_a_relative_who_stands_for_its_antecedent(code) -> None:
    result = code("The gunmen who attacked the village near Maiduguri fled into the forest.")
    [event] = at(result, "attacked")
    assert event.source.text == "gunmen" and event.location.text == "Maiduguri"



def test_people_killed_by_no_one_named_or_placed_were_still_killed(code) -> None:
    # the attackers are unknown and of no known country, but the deed is an event
    result = code("Four villagers were killed and two more were wounded in the explosion, "
                  "a nurse said.")
    killed = at(result, "killed")
    assert [e.root for e in killed] == ["18"]
    assert killed[0].source.sector == "UAF" and killed[0].source.country is None
    assert killed[0].location is None


@pytest.mark.parametrize("text", [
    "Three people were killed in a car crash on Saturday.",
    "His character is killed off in the final episode.",
])
def test_people_killed_in_an_accident_or_a_story_were_killed_by_no_one(code, text) -> None:
    assert not code(text).events


def test_what_was_announced_is_the_news_not_the_announcement(code) -> None:
    events = code("Zulu chiefs in Kenya announced on Monday that they are willing to forgive "
                  "President Kibaki.").events
    assert [e.root for e in events] == ["03"] and events[0].target.code == "KENGOV"


def test_a_market_word_about_arms_keeps_the_sentence_political(code) -> None:
    # "sales" marks business, but arms sales are the arms trade
    events = code("Spain halted arms sales to Venezuela.").events
    assert [(e.root, e.source.code, e.target.code) for e in events] == [("16", "ESP", "VEN")]
    assert not code("Toyota halted car sales to Venezuela.").events


def test_warning_someone_against_an_act_is_a_warning_to_them(code) -> None:
    # the act warned against is neither intended by the warner nor done
    events = code("Kenya warned Uganda against sending troops to the border.").events
    assert [(e.cameo, e.source.code, e.target.code) for e in events] == [("130", "KEN", "UGA")]
