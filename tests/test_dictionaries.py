"""Users' actor/agent dictionaries: TABARI/PETRARCH text formats, CSV, YAML, merging."""

from __future__ import annotations

import datetime
import textwrap
from pathlib import Path

import pytest

from whodid.dictionaries import (
    ActorEntry,
    CodedPeriod,
    DictionaryError,
    DictionaryWarning,
    UserDictionary,
    load_dictionaries,
    load_dictionary,
    normalize_phrase,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"
PETRARCH = SHARED / "gold" / "petrarch_unittest"

D = datetime.date


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def reasons(dictionary: UserDictionary) -> str:
    return "\n".join(str(w) for w in dictionary.warnings)


# ----------------------------------------------------------------------------- actors


ACTORS = """\
<!-- a one-line comment block -->
<!-- a comment block
     spanning [NOT] three lines [XXX]
-->
FRANCE  [FRA]
+FRENCH
+LA_REPUBLIQUE_  # trailing underscore and a comment
ARNOR_  [ARN] #JW 10/17/91
PRINCE OF DOL AMROTH
\t[--- <950630]
\t[DOL]
GOLLUM  # pas 27 Apr 03
+SMEAGOL
+STINKER
\t[HOB < 950601]
\t[HOBGOV 19950601 - 19990815]
#\t[950601-990815]  commented out in the middle of the entry
\t[HOBREB > 990816]

KERRY [USALEG 850103-130201][USAGOV >130201]
BOROMIR  [---]
ONODOHER
\t[ONO <911226]
ZIMBABWE
\t[RHO <790606]
\t[ZBW]#jw 9/30/91
G77 [g77] <!-- inline comment --> # lowercase code is uppercased
"""


@pytest.fixture
def actors(tmp_path: Path) -> UserDictionary:
    return load_dictionary(write(tmp_path, "mine.actors", ACTORS))


def test_simple_entry_and_synonyms(actors: UserDictionary) -> None:
    assert actors.actor_code("FRANCE") == "FRA"
    assert actors.actor_code("French") == "FRA"
    assert actors.actor_code("la republique") == "FRA"
    entry = actors.actors["FRANCE"]
    assert entry.synonyms == ["FRENCH", "LA REPUBLIQUE"]
    assert actors.actors["FRENCH"] is entry
    assert entry.origin.endswith("mine.actors:5")
    assert actors.actor_code("ARNOR") == "ARN"
    assert actors.actor_code("G77") == "G77"
    assert actors.warnings == []


def test_unknown_phrase_is_none(actors: UserDictionary) -> None:
    assert actors.actor_code("MORDOR") is None
    assert actors.actor_code("MORDOR", D(2000, 1, 1)) is None


def test_comment_blocks_are_ignored(actors: UserDictionary) -> None:
    assert actors.actor_code("NOT") is None
    assert "SPANNING" not in " ".join(actors.actors)


def test_lookup_normalizes_like_the_file(actors: UserDictionary) -> None:
    assert actors.actor_code("Prince of Dol Amroth") == "DOL"
    assert actors.actor_code("  prince_of   dol_amroth_ ") == "DOL"
    assert normalize_phrase("President_George_W._Bush_ ") == "PRESIDENT GEORGE W. BUSH"


def test_multi_line_entry_with_before_and_after_dates(actors: UserDictionary) -> None:
    gollum = actors.actors["GOLLUM"]
    assert gollum.periods == [
        CodedPeriod("HOB", None, D(1995, 5, 31)),
        CodedPeriod("HOBGOV", D(1995, 6, 1), D(1999, 8, 15)),
        CodedPeriod("HOBREB", D(1999, 8, 17), None),
    ]
    assert actors.actor_code("SMEAGOL", D(1990, 1, 1)) == "HOB"
    assert actors.actor_code("GOLLUM", D(1995, 5, 31)) == "HOB"
    assert actors.actor_code("GOLLUM", D(1995, 6, 1)) == "HOBGOV"
    assert actors.actor_code("stinker", D(1999, 8, 15)) == "HOBGOV"
    assert actors.actor_code("GOLLUM", D(2005, 1, 1)) == "HOBREB"
    assert actors.actor_code("GOLLUM") == "HOBREB"  # open-ended period


def test_several_blocks_on_one_line(actors: UserDictionary) -> None:
    assert actors.actor_code("KERRY", D(2005, 6, 1)) == "USALEG"
    assert actors.actor_code("KERRY", D(2013, 2, 1)) == "USALEG"  # range is inclusive
    assert actors.actor_code("KERRY", D(2014, 6, 16)) == "USAGOV"
    assert actors.actor_code("KERRY", datetime.datetime(2014, 6, 16, 12, 0)) == "USAGOV"
    assert actors.actor_code("KERRY", D(1980, 1, 1)) is None  # no period applies
    assert actors.actor_code("KERRY") == "USAGOV"
    assert actors.actors["KERRY"].periods[0] == CodedPeriod("USALEG", D(1985, 1, 3),
                                                            D(2013, 2, 1))


def test_six_and_eight_digit_dates(tmp_path: Path) -> None:
    d = load_dictionary(write(tmp_path, "d.actors", """
        A [AAA 19950601 - 19990815]
        B [BBB 950601-990815]
        C [CCC 291231-300101]
        """))
    assert d.actors["A"].periods == [CodedPeriod("AAA", D(1995, 6, 1), D(1999, 8, 15))]
    assert d.actors["B"].periods == [CodedPeriod("BBB", D(1995, 6, 1), D(1999, 8, 15))]
    assert "C" not in d.actors  # 2029-12-31 .. 1930-01-01 runs backwards
    assert [w.line for w in d.warnings] == [3, 3]
    assert "ends before it starts" in d.warnings[0].reason


def test_yy_below_30_is_21st_century(tmp_path: Path) -> None:
    d = load_dictionary(write(tmp_path, "d.actors", """
        OLD [OLD <291231]
        NEW [NEW >300101]
        """))
    assert d.actors["OLD"].periods == [CodedPeriod("OLD", None, D(2029, 12, 30))]
    assert d.actors["NEW"].periods == [CodedPeriod("NEW", D(1930, 1, 2), None)]


def test_dashes_mean_known_without_code(actors: UserDictionary) -> None:
    assert actors.actor_code("BOROMIR") == ""
    assert actors.actor_code("PRINCE OF DOL AMROTH", D(1990, 1, 1)) == ""
    assert actors.actor_code("PRINCE OF DOL AMROTH", D(1995, 6, 30)) == "DOL"


def test_undated_default_and_dated_only_entries(actors: UserDictionary) -> None:
    assert actors.actor_code("ZIMBABWE", D(1970, 1, 1)) == "RHO"
    assert actors.actor_code("ZIMBABWE", D(2000, 1, 1)) == "ZBW"
    assert actors.actor_code("ZIMBABWE") == "ZBW"
    assert actors.actor_code("ONODOHER", D(1990, 1, 1)) == "ONO"
    assert actors.actor_code("ONODOHER", D(1992, 1, 1)) is None
    assert actors.actor_code("ONODOHER") == "ONO"  # most recent period


def test_first_dated_period_wins_and_latest_open_period_without_date() -> None:
    entry = ActorEntry("SAM", [
        CodedPeriod("HOB"),
        CodedPeriod("ORCHOB", D(2010, 1, 9), D(2010, 1, 12)),
        CodedPeriod("HOBMIL", D(2008, 1, 20), D(2012, 11, 9)),
        CodedPeriod("HOBELI", D(2013, 1, 20), None),
    ])
    assert entry.code_on(D(2010, 1, 10)) == "ORCHOB"
    assert entry.code_on(D(2011, 1, 1)) == "HOBMIL"
    assert entry.code_on(D(2000, 1, 1)) == "HOB"
    assert entry.code_on(None) == "HOBELI"
    assert ActorEntry("X", []).code_on(None) is None


def test_malformed_lines_become_warnings(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.actors", """
        GOOD [GOO]
        +ALSO_GOOD
        BADDATE [BAD 950631-990815]
        NOCODE [950601-990815]
        JUNK [AAA950601-990815]
        UNCLOSED [ABC
        EMPTY_ENTRY
        NEXT [NXT] trailing words
        \tstray indented words
        BACKWARDS [BCK 990101-950101]
        TOO_SHORT [TS <9501]
        """)
    d = load_dictionary(path)
    assert d.actor_code("ALSO GOOD") == "GOO"
    assert d.actor_code("NEXT") == "NXT"
    assert d.actor_code("BADDATE") is None
    lines = {w.line for w in d.warnings}
    assert {3, 4, 5, 6, 7, 8, 9, 10, 11} <= lines
    assert all(isinstance(w, DictionaryWarning) for w in d.warnings)
    assert all(w.file == str(path) for w in d.warnings)
    text = reasons(d)
    assert f"{path}:3: invalid date '950631'" in text
    assert f"{path}:4: malformed code block [950601-990815]" in text
    assert "no closing ']'" in text
    assert "'EMPTY ENTRY' has no valid code block" in text
    assert "ends before it starts" in text
    assert "neither yymmdd nor yyyymmdd" in text


def test_orphan_synonym_and_block_and_unclosed_comment(tmp_path: Path) -> None:
    d = load_dictionary(write(tmp_path, "orphan.actors", """
        +LONELY
        \t[LON]
        REAL [REA]
        <!-- never closed
        HIDDEN [HID]
        """))
    assert d.actor_code("REAL") == "REA"
    assert d.actor_code("HIDDEN") is None
    assert d.actor_code("LONELY") is None
    assert [w.line for w in d.warnings] == [1, 2, 4]


def test_duplicate_phrase_later_wins_with_warning(tmp_path: Path) -> None:
    d = load_dictionary(write(tmp_path, "dup.actors", """
        PALESTINIAN [PSE]
        PALESTINE [PAL]
        +PALESTINIAN
        """))
    assert d.actor_code("PALESTINIAN") == "PAL"
    assert len(d.warnings) == 1
    assert d.warnings[0].line == 3
    assert "already defined at" in d.warnings[0].reason


def test_latin1_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "latin.actors"
    path.write_bytes("S\u00c3O_TOM\u00c9 [STP]\n".encode("latin-1"))
    d = load_dictionary(path)
    assert d.actor_code("S\u00e3o Tom\u00e9") == "STP"


# ----------------------------------------------------------------------------- agents


AGENTS = """\
<!-- AGENTS -->
!PERSON! = MAN, MEN, WOMAN, WOMEN
!MINST! = MINISTER, MINISTERS

FOREIGN_MINISTER [~GOVFRM] # jap 4/14/01
MEDIA {} [~MED]
GOLDEN_GOOSE {GOLDEN_GEESE} [~GGS]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL ATTORNEY_GENERALS} [~GOV]
CONGRESS [~LEG]
AUTHORITY [~GOV]
HUMAN_RIGHTS_ORGANIZATION  [  NGO~]
POLICE {} [ ~COP]
CONGRESS!PERSON! [~LEG]
!MINST!_OF_SILLY_WALKS [~GOV]
# JOURNALISTS'_UNION  [~LABMED]
"""


@pytest.fixture
def agents(tmp_path: Path) -> UserDictionary:
    return load_dictionary(write(tmp_path, "mine.agents", AGENTS))


def test_agent_suffix_and_prefix(agents: UserDictionary) -> None:
    minister = agents.agent_role("foreign minister")
    assert minister is not None
    assert (minister.phrase, minister.role, minister.position) == (
        "FOREIGN MINISTER", "GOVFRM", "suffix")
    assert minister.origin.endswith("mine.agents:5")
    ngo = agents.agent_role("HUMAN_RIGHTS_ORGANIZATION")
    assert ngo is not None and (ngo.role, ngo.position) == ("NGO", "prefix")
    police = agents.agent_role("POLICE")
    assert police is not None and (police.role, police.position) == ("COP", "suffix")
    assert agents.agent_role("JOURNALISTS' UNION") is None
    assert agents.agent_role("AGENTS") is None
    assert agents.warnings == []


def test_agent_plurals(agents: UserDictionary) -> None:
    # no braces: regular plural; {}: no plural; {A B}: exactly those plurals
    assert agents.agent_role("FOREIGN MINISTERS") is agents.agent_role("FOREIGN MINISTER")
    assert agents.agents["CONGRESS"].plurals == ["CONGRESSES"]
    assert agents.agents["AUTHORITY"].plurals == ["AUTHORITIES"]
    assert agents.agents["MEDIA"].plurals == []
    assert agents.agent_role("MEDIAS") is None
    assert agents.agents["GOLDEN GOOSE"].plurals == ["GOLDEN GEESE"]
    assert agents.agent_role("golden geese") is agents.agents["GOLDEN GOOSE"]
    assert agents.agent_role("GOLDEN GOOSES") is None
    assert agents.agents["ATTORNEY GENERAL"].plurals == ["ATTORNEYS GENERAL",
                                                         "ATTORNEY GENERALS"]


def test_substitution_sets_expand(agents: UserDictionary) -> None:
    for phrase in ("CONGRESSMAN", "CONGRESSMEN", "CONGRESSWOMAN", "CONGRESSWOMEN"):
        entry = agents.agent_role(phrase)
        assert entry is not None and entry.role == "LEG", phrase
    for phrase in ("MINISTER OF SILLY WALKS", "MINISTERS OF SILLY WALKS"):
        entry = agents.agent_role(phrase)
        assert entry is not None and entry.role == "GOV" and entry.plurals == []
    assert agents.agent_role("CONGRESS!PERSON!") is None


def test_malformed_agent_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.agents", """
        !UNDEF!_CHIEF [~GOV]
        NO_ROLE
        TWO_ROLES [~GOV] [~MIL]
        BAD_BRACES {OOPS [~GOV]
        NO_TILDE [GOV]
        BOTH [~GOV~]
        +SYNONYM
        OK [~OK]
        """)
    d = load_dictionary(path)
    assert d.agent_role("OK") is not None
    no_tilde = d.agent_role("NO TILDE")
    assert no_tilde is not None and no_tilde.position == "suffix"
    assert d.agent_role("TWO ROLES") is None
    text = reasons(d)
    assert f"{path}:1: substitution set !UNDEF! is not defined" in text
    assert f"{path}:2: agent 'NO_ROLE' has no role block" in text
    assert f"{path}:3:" in text and f"{path}:4:" in text
    assert f"{path}:5: role [GOV] has no single leading or trailing '~'" in text
    assert f"{path}:6:" in text and f"{path}:7:" in text


def test_agent_role_on_following_line(tmp_path: Path) -> None:
    d = load_dictionary(write(tmp_path, "multi.agents", "SPY_CHIEF {}\n\t[~SPY]\n"))
    entry = d.agent_role("SPY CHIEF")
    assert entry is not None and entry.role == "SPY" and entry.origin.endswith(":1")


# ----------------------------------------------------------------------- format detection


def test_txt_is_sniffed(tmp_path: Path) -> None:
    actors = load_dictionary(write(tmp_path, "a.txt", "FRANCE [FRA]\n"))
    agents = load_dictionary(write(tmp_path, "b.txt", "PRESIDENT [~GOV]\n"))
    substitution_only = load_dictionary(write(tmp_path, "c.txt", "!X! = A, B\nCHIEF [GOV~]\n"))
    assert actors.actor_code("FRANCE") == "FRA" and not actors.agents
    assert agents.agent_role("PRESIDENT") is not None and not agents.actors
    assert substitution_only.agent_role("CHIEF") is not None


def test_unknown_or_unreadable_files_raise(tmp_path: Path) -> None:
    missing = tmp_path / "nope.actors"
    with pytest.raises(DictionaryError, match=r"nope\.actors.*does not exist"):
        load_dictionary(missing)
    with pytest.raises(DictionaryError, match=r"unknown dictionary format '\.dic'"):
        load_dictionary(write(tmp_path, "x.dic", "FRANCE [FRA]\n"))
    with pytest.raises(DictionaryError, match=r"plain\.txt.*cannot tell"):
        load_dictionary(write(tmp_path, "plain.txt", "just some words\n"))
    with pytest.raises(DictionaryError, match="is not a file"):
        load_dictionary(tmp_path)
    with pytest.raises(DictionaryError, match=r"missing\.yaml"):
        load_dictionaries([write(tmp_path, "ok.actors", "A [AAA]\n"), tmp_path / "missing.yaml"])


# ----------------------------------------------------------------------------- CSV / YAML


def test_csv_actors_with_periods_and_aliases(tmp_path: Path) -> None:
    path = write(tmp_path, "actors.csv", """
        phrase,code,start,end,aliases
        John Kerry,USALEG,1985-01-03,2013-02-01,Kerry;Senator Kerry
        John Kerry,USAGOV,2013-02-02,,
        France,FRA,,,French
        Boromir,---,,,
        Nobody,,,,
        Bad date,XXX,2013-02-30,,
        """)
    d = load_dictionary(path)
    assert d.actor_code("kerry", D(2005, 6, 1)) == "USALEG"
    assert d.actor_code("SENATOR KERRY", D(2014, 6, 16)) == "USAGOV"
    assert d.actor_code("John Kerry") == "USAGOV"
    assert d.actor_code("FRENCH") == "FRA"
    assert d.actor_code("BOROMIR") == ""
    assert d.actor_code("NOBODY") is None and d.actor_code("BAD DATE") is None
    assert [w.line for w in d.warnings] == [6, 7]
    assert "use YYYY-MM-DD" in d.warnings[1].reason
    assert d.actors["FRANCE"].origin == f"{path}:4"


def test_csv_agents_by_kind_column_and_file_name(tmp_path: Path) -> None:
    mixed = load_dictionary(write(tmp_path, "mixed.csv", """
        phrase,code,kind,plurals
        France,FRA,actor,
        foreign minister,~GOVFRM,agent,
        rights body,NGO~,agent,
        police,~COP,agent,-
        goose,~GGS,agent,geese
        """))
    assert mixed.actor_code("France") == "FRA"
    minister = mixed.agent_role("foreign ministers")
    assert minister is not None and (minister.role, minister.position) == ("GOVFRM", "suffix")
    body = mixed.agent_role("rights bodies")
    assert body is not None and body.position == "prefix"
    assert mixed.agents["POLICE"].plurals == []
    assert mixed.agents["GOOSE"].plurals == ["GEESE"]
    by_name = load_dictionary(write(tmp_path, "roles.agents.csv", "phrase,code\nsoldier,MIL\n"))
    soldier = by_name.agent_role("SOLDIERS")
    assert soldier is not None and (soldier.role, soldier.position) == ("MIL", "suffix")


def test_csv_without_required_header_raises(tmp_path: Path) -> None:
    with pytest.raises(DictionaryError, match=r"bad\.csv:1.*lacks code"):
        load_dictionary(write(tmp_path, "bad.csv", "phrase,what\nFrance,FRA\n"))


def test_yaml_list_of_actors(tmp_path: Path) -> None:
    path = write(tmp_path, "actors.yaml", """
        - phrase: John Kerry
          code: USALEG
          start: 1985-01-03
          end: 2013-02-01
          aliases: [Kerry]
        - {phrase: John Kerry, code: USAGOV, start: 2013-02-02}
        - phrase: Gollum
          aliases: [Smeagol]
          periods:
            - {code: HOB, end: 1995-05-31}
            - {code: HOBREB, start: "1999-08-17"}
        - {phrase: Boromir, code: ---}
        - {phrase: No Code}
        - just a string
        """)
    d = load_dictionary(path)
    assert d.actor_code("KERRY", D(2005, 6, 1)) == "USALEG"
    assert d.actor_code("KERRY", D(2014, 6, 16)) == "USAGOV"
    assert d.actor_code("smeagol", D(1990, 1, 1)) == "HOB"
    assert d.actor_code("gollum") == "HOBREB"
    assert d.actor_code("boromir") == ""
    assert d.actors["GOLLUM"].origin == f"{path}:7"
    assert [w.line for w in d.warnings] == [13, 14]


def test_yaml_mapping_with_actors_and_agents(tmp_path: Path) -> None:
    d = load_dictionary(write(tmp_path, "both.yml", """
        actors:
          - {phrase: France, code: FRA}
        agents:
          - {phrase: foreign minister, role: ~GOVFRM}
          - {phrase: rights body, role: NGO, position: prefix, plurals: []}
          - {phrase: spy, code: SPY, kind: agent}
        """))
    assert d.actor_code("FRANCE") == "FRA"
    minister = d.agent_role("foreign ministers")
    assert minister is not None and minister.role == "GOVFRM"
    body = d.agent_role("rights body")
    assert body is not None and (body.position, body.plurals) == ("prefix", [])
    assert d.agent_role("SPIES") is not None
    assert d.warnings == []


def test_yaml_agents_file_name_and_kind_key(tmp_path: Path) -> None:
    by_name = load_dictionary(write(tmp_path, "roles.agents.yaml",
                                    "- {phrase: judge, role: ~JUD}\n"))
    assert by_name.agent_role("JUDGES") is not None
    by_kind = load_dictionary(write(tmp_path, "mixed.yaml",
                                    "- {phrase: judge, role: ~JUD, kind: agent}\n"
                                    "- {phrase: Gondor, code: GON}\n"))
    assert by_kind.agent_role("JUDGE") is not None and by_kind.actor_code("GONDOR") == "GON"


def test_invalid_yaml_raises(tmp_path: Path) -> None:
    with pytest.raises(DictionaryError, match=r"broken\.yaml: not valid YAML"):
        load_dictionary(write(tmp_path, "broken.yaml", "- {phrase: [unclosed\n"))
    with pytest.raises(DictionaryError, match="must be a list"):
        load_dictionary(write(tmp_path, "scalar.yaml", "just text\n"))
    assert load_dictionary(write(tmp_path, "empty.yaml", "")).actors == {}


# ----------------------------------------------------------------------------- merging


def test_merge_later_files_override(tmp_path: Path) -> None:
    base = write(tmp_path, "base.actors", "FRANCE [FRA]\n+FRENCH\nGONDOR [GON]\n")
    mine = write(tmp_path, "mine.yaml", "- {phrase: France, code: FRAGOV}\n")
    roles = write(tmp_path, "roles.agents", "PRESIDENT [~GOV]\n")
    d = load_dictionaries([base, mine, roles])
    assert d.actor_code("FRANCE") == "FRAGOV"
    assert d.actor_code("FRENCH") == "FRA"  # override is per phrase
    assert d.actor_code("GONDOR") == "GON"
    assert d.agent_role("PRESIDENT") is not None
    reverse = load_dictionaries([mine, base])
    assert reverse.actor_code("FRANCE") == "FRA"
    a, b = load_dictionary(base), load_dictionary(mine)
    assert a.merge(b).actor_code("FRANCE") == "FRAGOV"
    assert a.actor_code("FRANCE") == "FRA"  # merge does not mutate
    assert load_dictionaries([]).actors == {}


def test_merge_keeps_warnings(tmp_path: Path) -> None:
    one = write(tmp_path, "one.actors", "BAD [950601]\n")
    two = write(tmp_path, "two.actors", "WORSE [X <1]\n")
    d = load_dictionaries([one, two])
    assert [Path(w.file).name for w in d.warnings] == ["one.actors", "one.actors", "two.actors",
                                                      "two.actors"]


# ----------------------------------------------------------------- real PETRARCH dictionaries


@pytest.fixture(scope="module")
def petrarch_dir() -> Path:
    if not SHARED.exists():
        pytest.skip(f"{SHARED} is absent: the real PETRARCH dictionaries live in ../shared, "
                    "which is only beside the repo in development and CI")
    return PETRARCH


def test_real_petrarch_actors(petrarch_dir: Path) -> None:
    d = load_dictionary(petrarch_dir / "PETR.Validate.actors.txt")
    assert not d.agents
    # 128 primary entries and 33 synonyms; PALESTINIAN is both an entry (line 32) and a
    # synonym of PALESTINE (line 159), so the later one wins and one entry is shadowed.
    assert len(d.actor_entries()) == 127
    assert len(d.actors) == 160
    assert [(w.line, "already defined" in w.reason) for w in d.warnings] == [(159, True)]
    gollum = d.actors["GOLLUM"]
    assert [p.code for p in gollum.periods] == ["HOB", "HOBGOV", "HOBREB"]
    assert gollum.synonyms == ["SMEAGOL", "SLINKER", "STINKER"]
    assert d.actor_code("SMEAGOL", D(1990, 1, 1)) == "HOB"
    assert d.actor_code("SLINKER", D(1997, 1, 1)) == "HOBGOV"
    assert d.actor_code("STINKER", D(2014, 6, 18)) == "HOBREB"
    assert d.actor_code("FRANCE") == d.actor_code("FRENCH") == "FRA"
    assert d.actor_code("Prince of Dol Amroth", D(1990, 1, 1)) == ""
    assert d.actor_code("Prince of Dol Amroth", D(2000, 1, 1)) == "DOL"
    assert d.actor_code("INTERPOL") == "IGOCOPITP"
    assert d.actor_code("PRESIDENT GEORGE W. BUSH") == "USAGOV"
    assert d.actor_code("USSR", D(1990, 1, 1)) == "USR"
    assert d.actor_code("SAM GAMGEE", D(2010, 1, 10)) == "ORCHOB"
    assert d.actor_code("SAM GAMGEE", D(2011, 1, 10)) == "HOBMIL"
    assert d.actor_code("HAMFAST GAMGEE", D(2000, 1, 1)) == "HOB"
    assert d.actor_code("PALESTINIAN") == "PAL"
    assert d.actor_code("PALESTINE") == "PAL"
    assert d.actor_code("NASGUL") is None  # commented out
    assert d.actor_code("TUCKBOROUGH") == "TOK"  # after the "<! --" comment
    assert d.actor_code("BOROMIR") == ""


def test_real_petrarch_agents(petrarch_dir: Path) -> None:
    d = load_dictionary(petrarch_dir / "PETR.Validate.agents.txt")
    assert not d.actors
    assert d.warnings == []
    # 88 entry lines; CONGRESS!PERSON! expands to 5 phrases and !MINST!_... to 4
    assert len(d.agent_entries()) == 95
    minister = d.agent_role("FOREIGN_MINISTER")
    assert minister is not None
    assert (minister.role, minister.position) == ("GOVFRM", "suffix")
    for phrase in ("MINISTER OF SILLY WALKS", "MINISTERS OF SILLY WALKS",
                   "MINISTRY OF SILLY WALKS", "MINISTRIES OF SILLY WALKS"):
        entry = d.agent_role(phrase)
        assert entry is not None and entry.role == "GOV", phrase
    for phrase in ("CONGRESSMAN", "CONGRESSWOMEN", "CONGRESSPERSON"):
        entry = d.agent_role(phrase)
        assert entry is not None and entry.role == "LEG", phrase
    assert d.agents["CONGRESS"].plurals == ["CONGRESSES"]
    assert d.agents["GOLDEN GOOSE"].plurals == ["GOLDEN GEESE"]
    assert d.agents["MEDIA"].plurals == [] and d.agents["TROOPS"].plurals == []
    assert d.agents["SECURITY OFFICIALS"].plurals == []
    for phrase in ("HUMAN RIGHTS BODY", "MSF", "HUMAN RIGHTS ORGANIZATION"):
        entry = d.agent_role(phrase)
        assert entry is not None and (entry.role, entry.position) == ("NGO", "prefix")
    police = d.agent_role("POLICE")
    assert police is not None and police.role == "COP"
    assert d.agent_role("JOURNALISTS' UNION") is None  # commented out


def test_real_petrarch_files_together(petrarch_dir: Path) -> None:
    d = load_dictionaries([petrarch_dir / "PETR.Validate.actors.txt",
                           petrarch_dir / "PETR.Validate.agents.txt"])
    assert d.actor_code("GONDOR") == "GON"
    assert d.agent_role("AMBASSADORS") is not None
