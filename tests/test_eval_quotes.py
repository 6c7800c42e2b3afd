"""scripts/eval_quotes.py --polnear: the brat reader and the PolNeAR scorer on hand-made
records (no pipeline)."""

from __future__ import annotations

from pathlib import Path

from conftest import load_script

eq = load_script("eval_quotes")

TEXT = ('\u201cWe will win,\u201d the mayor said. Officials said the bridge would reopen. '
        'The plan, according to aides, is "bold."')


def _at(word: str) -> str:
    start = TEXT.index(word)
    return f"{start} {start + len(word)}"


ANN = "\n".join([
    f"T1\tContent {_at(chr(0x201c) + 'We will win,' + chr(0x201d))}\tx",
    f"T2\tSource {_at('the mayor')}\tthe mayor",
    f"T3\tCue {_at('said')}\tsaid",
    "T4\tAttribution 0 1\tx",
    "E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2",
    f"T5\tSource {_at('Officials')}\tOfficials",
    f"T6\tContent {_at('the bridge would reopen')}\tx",
    "E2\tAttribution:T4 Source:T5 Content:T6",
    f"T7\tDiscard {_at('bold')}\tx",
])


def test_read_brat_spans_and_direct_flag() -> None:
    gold = eq.read_brat(ANN, TEXT)
    assert len(gold) == 2
    assert gold[0]["direct"] and not gold[1]["direct"]
    assert TEXT[slice(*gold[0]["source"])] == "the mayor"
    assert gold[0]["cue_text"] == "said" and gold[1]["cue"] is None


def test_discontinuous_span_is_covering() -> None:
    assert eq._brat_span("3 8;10 20") == (3, 20)


def test_penn_treebank_marks_make_a_direct_quote() -> None:
    text = "''We will win,'' the mayor said. ``We will.'' Officials said ''no.''"
    ann = "\n".join([
        f"T1\tContent 0 {text.index(' the mayor')}\tx",
        f"T2\tContent {text.index('``')} {text.index('Officials') - 1}\tx",
        f"T3\tContent {text.index('Officials')} {len(text)}\tx",
        "E1\tAttribution:T1 Content:T1",
        "E2\tAttribution:T2 Content:T2",
        "E3\tAttribution:T3 Content:T3",
    ])
    assert [g["direct"] for g in eq.read_brat(ann, text)] == [True, True, False]


def test_a_span_starting_inside_a_penn_treebank_mark_is_direct() -> None:
    # the annotated span starts one character late, inside the opening mark ''
    text = "''We will win,'' the mayor said. He said it's 'fine,'' she added."
    ann = "\n".join([
        f"T1\tContent 1 {text.index(' the mayor')}\tx",
        f"T2\tContent {text.index('fine') - 1} {text.index(' she')}\tx",
        "E1\tAttribution:T1 Content:T1",
        "E2\tAttribution:T2 Content:T2",
    ])
    assert [g["direct"] for g in eq.read_brat(ann, text)] == [True, False]


def test_second_content_argument_joins_the_content() -> None:
    # a content annotated as two text-bound spans (Content, Content2) of one attribution
    ann = "\n".join([
        f"T1\tContent {_at('Officials')}\tx",
        f"T2\tContent {_at('the bridge would reopen')}\tx",
        f"T3\tCue {_at('said')}\tsaid",
        "E1\tAttribution:T3 Content:T1 Cue:T3 Content2:T2",
    ])
    gold = eq.read_brat(ann, TEXT)
    assert len(gold) == 1
    assert gold[0]["span"] == (TEXT.index("Officials"),
                               TEXT.index("reopen") + len("reopen"))


def test_score_polnear_counts() -> None:
    gold = eq.read_brat(ANN, TEXT)
    quote = TEXT.index("We will win")
    mayor = TEXT.index("the mayor")
    bridge = TEXT.index("the bridge")
    found = [
        # the direct quote, without its marks: still matches, speaker and cue right
        {"content": "We will win", "span": (quote, quote + 11), "speaker": (mayor, mayor + 9),
         "cue": "said", "direct": True},
        # the indirect one with a wrong speaker span and no cue (gold has none): cue right
        {"content": "x", "span": (bridge, bridge + 23), "speaker": (0, 3), "cue": None,
         "direct": False},
        # spurious
        {"content": "bold", "span": (TEXT.index("bold"), TEXT.index("bold") + 4),
         "speaker": None, "cue": "according to", "direct": True},
    ]
    scores = eq.PolnearScores()
    eq.score_polnear(gold, found, scores)
    figures = scores.figures()
    assert (scores.gold, scores.found, scores.matched) == (2, 3, 2)
    assert (scores.gold_direct, scores.found_direct, scores.matched_direct) == (1, 2, 1)
    assert figures["direct_precision"] == 0.5 and figures["direct_recall"] == 1.0
    assert abs(figures["f1"] - 0.8) < 1e-9
    assert figures["speaker_accuracy"] == 0.5 and figures["cue_accuracy"] == 1.0


def test_halves_by_position(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    for name in ("a_2016-09-01_x", "b_2016-09-02_y", "c_2016-09-03_z"):
        (tmp_path / "text" / f"{name}.txt").write_text(TEXT, encoding="utf-8")
        (tmp_path / "attributions" / f"{name}_0001.ann").write_text(ANN, encoding="utf-8")
    (tmp_path / "attributions" / "a_2016-09-01_x_0000.ann").write_text("", encoding="utf-8")
    tune = eq.load_polnear(tmp_path, "tune")
    check = eq.load_polnear(tmp_path, "check")
    assert [r["id"] for r in tune] == ["a_2016-09-01_x", "c_2016-09-03_z"]
    assert [r["id"] for r in check] == ["b_2016-09-02_y"]
    assert tune[0]["gold"] == []  # the first annotator's file in name order
    assert check[0]["date"] == "2016-09-02" and len(check[0]["gold"]) == 2
