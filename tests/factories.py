"""Realistic :class:`CodedArticle` objects built directly, for writer and store tests."""

from __future__ import annotations

from typing import Any

from whodid.model import (
    Actor,
    Article,
    CodedArticle,
    Dateline,
    Event,
    EventDate,
    EventLocation,
    Place,
    Plover,
    Quote,
    QuoteSpeaker,
    Span,
    TimeExpression,
)

_SENTENCES = [
    "TEHRAN (Tasnim) - Iranian military officials met Iraqi diplomats in Baghdad on Monday.",
    " The French government criticized Iran's army over the incident in Tehran.",
    ' Iraq\'s foreign ministry said it "welcomes the talks" with Tehran.',
    " Ministers from Germany will visit Iraq in March.",
]

# (source mention, target mention, cameo, root, quad, goldstein, plover event, mode,
#  trigger word, place name)
_EVENT_SPECS: list[tuple[str, str, str, str, int, float, str, str | None, str, str]] = [
    (
        "Iranian military officials",
        "Iraqi diplomats",
        "040",
        "04",
        1,
        1.0,
        "CONSULT",
        None,
        "met",
        "Baghdad",
    ),
    (
        "The French government",
        "Iran's army",
        "111",
        "11",
        3,
        -2.0,
        "DISAPPROVE",
        "criticize",
        "criticized",
        "Tehran",
    ),
    (
        "Iraq's foreign ministry",
        "Tehran",
        "051",
        "05",
        1,
        3.4,
        "COOPERATE",
        None,
        "welcomes",
        "Tehran",
    ),
    ("Ministers from Germany", "Iraq", "042", "04", 1, 1.9, "CONSULT", "visit", "visit", "Iraq"),
]

_ACTORS: dict[str, tuple[str, str, str, str | None]] = {
    # mention -> (name, code, country, sector)
    "Iranian military officials": ("Iranian military", "IRNMIL", "IRN", "MIL"),
    "Iraqi diplomats": ("Iraqi government", "IRQGOV", "IRQ", "GOV"),
    "The French government": ("French government", "FRAGOV", "FRA", "GOV"),
    "Iran's army": ("Iranian military", "IRNMIL", "IRN", "MIL"),
    "Iraq's foreign ministry": ("Iraqi government", "IRQGOV", "IRQ", "GOV"),
    "Tehran": ("Iranian government", "IRNGOV", "IRN", "GOV"),
    "Ministers from Germany": ("German government", "DEUGOV", "DEU", "GOV"),
    "Iraq": ("Iraq", "IRQ", "IRQ", None),
}

_PLACES: dict[str, tuple[str, float, float, int, str, str | None]] = {
    # name -> (country, lat, lon, geonames id, feature, GeoNames admin1 code)
    "Baghdad": ("IRQ", 33.3406, 44.4009, 98182, "city", "IQ.07"),
    "Tehran": ("IRN", 35.6944, 51.4215, 112931, "city", "IR.26"),
    "Iraq": ("IRQ", 33.0, 44.0, 99237, "country", None),
}


def _find(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


def make_result(
    id: str = "a1",  # noqa: A002 - mirrors CodedArticle.id
    n_events: int = 2,
    *,
    date: str | None = "2024-03-04",
    title: str | None = "Iran and Iraq hold talks",
    source: str | None = "Tasnim",
    url: str | None = None,
    text_suffix: str = "",
    event_dates: list[str | None] | None = None,
    coder_version: str = "0.1.0",
    metadata: dict[str, Any] | None = None,
) -> CodedArticle:
    """A coded article with up to four events, and its actors, quotes, places and times.

    ``event_dates`` overrides the event date values (default: the article date for every
    event but the last of four, which is ``"2024-03"`` month-level).  ``text_suffix`` changes
    the content (and so the content hash) without moving any offsets.
    """
    if not 0 <= n_events <= len(_EVENT_SPECS):
        raise ValueError(f"n_events must be 0..{len(_EVENT_SPECS)}")
    text = "".join(_SENTENCES) + text_suffix
    sentence_starts = []
    offset = 0
    for sentence in _SENTENCES:
        sentence_starts.append(offset)
        offset += len(sentence)

    actors: list[Actor] = []
    events: list[Event] = []
    for index, spec in enumerate(_EVENT_SPECS[:n_events]):
        src, tgt, cameo, root, quad, goldstein, plover, mode, trigger, place = spec
        base = sentence_starts[index]
        mentions = []
        for mention in (src, tgt):
            name, code, country, sector = _ACTORS[mention]
            start, end = _find(text, mention, base)
            actor = Actor(mention, start, end, name, code, country, sector, "knowledge_base")
            actors.append(actor)
            mentions.append(actor)
        t_start, t_end = _find(text, trigger, base)
        p_country, lat, lon, geonames_id, feature, admin1 = _PLACES[place]
        p_start, p_end = _find(text, place, base)
        if event_dates is not None:
            value = event_dates[index]
            date_value = EventDate(value, "day" if value and len(value) == 10 else "month", None)
        elif index == 3:
            date_value = EventDate("2024-03", "month", "in March")
        else:
            date_value = EventDate(date, "day", None, precision="publication")
        events.append(
            Event(
                source=mentions[0],
                target=mentions[1],
                cameo=cameo,
                root=root,
                quad_class=quad,
                goldstein=goldstein,
                plover=Plover(plover, mode),
                sentence=index,
                trigger=Span(trigger, t_start, t_end),
                modality="asserted" if index != 3 else "intended",
                confidence=0.8 - 0.1 * index,
                date=date_value,
                location=EventLocation(
                    place, p_start, p_end, place, p_country, lat, lon, geonames_id, "clause",
                    feature, admin1,
                ),
                name=f"CAMEO {cameo}",
            )
        )

    places = []
    for name, (country, lat, lon, geonames_id, feature, admin1) in _PLACES.items():
        for start in _all(text, name):
            places.append(
                Place(name, start, start + len(name), name, country, lat, lon, geonames_id, feature,
                      admin1)
            )
    places.sort(key=lambda p: p.start)

    times = [TimeExpression("Monday", *_find(text, "Monday"), "2024-03-04", "day")]
    m_start, m_end = _find(text, "March")
    times.append(TimeExpression("March", m_start, m_end, "2024-03", "month"))

    q_start, q_end = _find(text, "welcomes the talks")
    s_start, s_end = _find(text, "Iraq's foreign ministry")
    quotes = [
        Quote(
            speaker=QuoteSpeaker("Iraq's foreign ministry", s_start, s_end, "IRQGOV"),
            cue="said",
            content=Span("welcomes the talks", q_start, q_end),
            direct=True,
        )
    ]

    article = Article(id=id, text=text, title=title, date=date)
    return CodedArticle(
        id=id,
        title=title,
        date=date,
        source=source,
        url=url if url is not None else f"https://example.org/news/{id}",
        dateline=Dateline("TEHRAN (Tasnim) -", 0, 17, "Tehran", "Tasnim", None),
        text=text,
        content_hash=article.content_hash,
        coder_version=coder_version,
        events=events,
        quotes=quotes,
        places=places,
        times=times,
        actors=actors,
        metadata=metadata if metadata is not None else {"lang": "en", "feed": "wire"},
    )


def _all(text: str, needle: str) -> list[int]:
    starts, at = [], text.find(needle)
    while at != -1:
        if not text[at + len(needle) : at + len(needle) + 1].isalpha():  # whole words only
            starts.append(at)
        at = text.find(needle, at + 1)
    return starts
