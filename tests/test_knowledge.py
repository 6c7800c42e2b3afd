"""The actor knowledge base loaded from the data files."""

from __future__ import annotations

import datetime as dt

import pycountry

from whodid.knowledge import knowledge_base


def test_every_iso_country_is_known() -> None:
    kb = knowledge_base()
    assert {c.alpha_3 for c in pycountry.countries} <= set(kb.countries)
    iran = kb.countries["IRN"]
    assert "Iranian" in iran.adjectives and iran.capital == "Tehran"
    assert kb.country_by_name("the United States").code == "USA"
    assert kb.capital_country("Tehran") == "IRN"


def test_organizations_and_seats() -> None:
    kb = knowledge_base()
    assert kb.proper["NATO"].kind == "organization"
    assert kb.proper["Kremlin"].code == "RUSGOV"
    assert kb.proper["Pentagon"].code == "USAMIL"


def test_people_by_date() -> None:
    kb = knowledge_base()
    kerry = kb.person("Kerry", dt.date(2014, 6, 16))
    assert kerry is not None and kerry.code_on(dt.date(2014, 6, 16)) == ("USA", "GOV")
    assert kerry.code_on(dt.date(2005, 6, 1)) == ("USA", "LEG")
    assert len({p.name for people in kb.people.values() for p in people}) >= 500


def test_roles() -> None:
    kb = knowledge_base()
    assert kb.roles["police"] == "COP"
    assert kb.roles["prime minister"] == "GOV"
    assert "ministry" in kb.institutions


def test_arabic_article_spellings_name_the_same_person() -> None:
    from whodid.knowledge import knowledge_base

    for spelling in ("Omar El Bashir", "Omar el-Bashir", "Omar Al Bashir"):
        person = knowledge_base().person(spelling, None)
        assert person is not None and person.country == "SDN", spelling


def test_a_people_named_as_a_group_is_a_fact_of_the_knowledge_base() -> None:
    settlers = knowledge_base().proper["Jewish settlers"]
    assert (settlers.code, settlers.country, settlers.sector) == ("ISRCVL", "ISR", "CVL")


def test_former_holders_and_leaders() -> None:
    kb = knowledge_base()
    day = dt.date(2000, 6, 1)
    # a surname the knowledge base derives names no one out of office ...
    assert kb.person("Sindikubwabo", day) is None
    # ... unless the text says "former"
    assert kb.former_holder("Sindikubwabo", day).country == "RWA"
    assert kb.leader_country("Bush", dt.date(2011, 1, 1)) == "USA"
    assert kb.leader_country("Annan", day) is None  # a UN secretary-general leads no state


def test_misspelled_surnames_need_a_first_name_or_a_title() -> None:
    kb = knowledge_base()
    assert kb.misspelled("Mitterand", "Francois", None).country == "FRA"
    assert kb.misspelled("Habyariman", None, "GOV").country == "RWA"
    assert kb.misspelled("Mitterand", None, None) is None
    assert kb.misspelled("Mitterand", "Pierre", None) is None


def test_cold_war_leaders_and_armed_groups() -> None:
    kb = knowledge_base()
    day = dt.date(1985, 3, 1)
    assert kb.person("Reagan", day).code_on(day) == ("USA", "GOV")
    assert kb.person("Savimbi", day).code_on(day)[0] == "AGO"
    # an earlier post of someone known from 1990 on
    assert kb.person("Shevardnadze", day).code_on(day)[0] in ("RUS", "GEO")
    assert kb.proper["UNITA"].country == "AGO"
    assert kb.proper["Khmer Rouge"].country == "KHM"


def test_successor_states_by_date() -> None:
    kb = knowledge_base()
    assert kb.country_on("SSD", dt.date(2005, 1, 1)) == "SDN"
    assert kb.country_on("SSD", dt.date(2011, 7, 9)) == "SSD"
    assert kb.country_on("SSD", None) == "SSD"
    assert kb.country_on("ERI", dt.date(1991, 1, 1)) == "ETH"
    assert kb.country_on("XKX", dt.date(1999, 1, 1)) == "SRB"
    assert kb.country_on("FRA", dt.date(1900, 1, 1)) == "FRA"
    assert kb.code_on("SSDPTYSPL", dt.date(2005, 1, 1)) == "SDNPTYSPL"
    juba = kb.entry_on(kb.proper["Juba"], dt.date(1992, 1, 1))
    assert (juba.kind, juba.country) == ("country", "SDN")  # a Sudanese town, no government
    assert kb.entry_on(kb.proper["Juba"], dt.date(2015, 1, 1)).code == "SSDGOV"
    assert kb.proper["Yugoslavia"].country == "SRB"


def test_misspelled_country_names() -> None:
    kb = knowledge_base()
    for word, country in (("Afganistan", "AFG"), ("Pakistian", "PAK"), ("Isreal", "ISR"),
                          ("Phillipines", "PHL"), ("Indonesain", "IDN")):
        entry = kb.misspelled_country(word)
        assert entry is not None and entry.country == country, word
    # known names, short names, other edits of six-letter names, lower case: left alone
    for word in ("Israel", "Irak", "Jorden", "afganistan", "AFGANISTAN", "Syrai"):
        assert kb.misspelled_country(word) is None, word


def test_a_name_several_people_share_codes_only_when_they_code_alike() -> None:
    kb = knowledge_base()
    # undated, "Bush" is one of two American presidents: either is USA GOV
    bush = kb.person("Bush", None)
    assert bush is not None and bush.code_on(None) == ("USA", "GOV")
    # dated, the one in office
    assert kb.person("Bush", dt.date(1990, 6, 1)).name == "George H. W. Bush"
    assert kb.person("Bush", dt.date(2004, 6, 1)).name == "George W. Bush"
    # people of one name coded apart stay unguessed: Dennis Blair (USA) and Tony Blair (GBR)
    assert len({p.code_on(None) for p in kb.people["Blair"]}) > 1
    assert kb.person("Blair", None) is None


def test_president_bush_in_an_undated_sentence_is_american(pipeline) -> None:
    result = pipeline.code_text("President Bush met the Afghan foreign minister.")
    assert [a.code for a in result.actors][0] == "USAGOV"
