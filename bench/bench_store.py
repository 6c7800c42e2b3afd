"""Benchmark of the event store (not a test): prints the figures quoted in docs/store.md.

    .venv/bin/python bench/bench_store.py [--events 100000] [--aggregate 1000000]

1. Ingest: ``--events`` synthetic coded events (4 per article, with actors, places, times
   and quotes, drawn from 40 countries, 20 CAMEO codes and a year of days, so that a part of
   them deduplicate) are written through :meth:`Store.write` in batches of 5,000 articles.
   Building the CodedArticle objects is not timed; the write (Arrow conversion, insert,
   replacement checks and dedup maintenance) is.  Target: 100,000 events <= 5 s.
2. Aggregation: ``--aggregate`` events are generated in SQL straight into a fresh store, then
   the weekly dyad aggregation (:meth:`Store.dyads_table` ``by="week"``, an Arrow table) is
   timed (best and median of 5 runs), and :meth:`Store.dyads` (a list of dicts) for
   comparison.  Target: 1,000,000 events <= 1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import tempfile
import time

from whodid.model import (
    Actor,
    CodedArticle,
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
from whodid.store import Store

COUNTRIES = ["USA", "IRN", "IRQ", "SYR", "ISR", "PSE", "RUS", "UKR", "CHN", "TWN", "IND", "PAK",
             "AFG", "TUR", "SAU", "YEM", "EGY", "LBY", "SDN", "ETH", "SOM", "KEN", "NGA", "MLI",
             "FRA", "DEU", "GBR", "POL", "BLR", "VEN", "COL", "MEX", "BRA", "PRK", "KOR", "JPN",
             "PHL", "MMR", "THA", "IDN"]
SECTORS = ["GOV", "MIL", "COP", "OPP", "REB", "BUS", "CVL", "MED"]
CAMEO = [("010", "01", 1, 0.0), ("036", "03", 1, 4.0), ("040", "04", 1, 1.0),
         ("042", "04", 1, 1.9), ("051", "05", 1, 3.4), ("057", "05", 1, 8.0),
         ("061", "06", 2, 6.4), ("071", "07", 2, 7.4), ("111", "11", 3, -2.0),
         ("112", "11", 3, -2.0), ("120", "12", 3, -4.0), ("130", "13", 3, -4.4),
         ("138", "13", 3, -7.0), ("141", "14", 3, -6.5), ("163", "16", 4, -8.0),
         ("173", "17", 4, -5.0), ("180", "18", 4, -9.0), ("190", "19", 4, -10.0),
         ("193", "19", 4, -10.0), ("200", "20", 4, -10.0)]
PLOVER = {"01": "AGREE", "03": "COOPERATE", "04": "CONSULT", "05": "COOPERATE", "06": "AID",
          "07": "AID", "11": "DISAPPROVE", "12": "REJECT", "13": "THREATEN", "14": "PROTEST",
          "16": "REDUCE", "17": "COERCE", "18": "ASSAULT", "19": "FIGHT", "20": "ASSAULT"}
TEXT = ("CAPITAL (Wire) - Officials of one country met officials of another in the city on "
        "Monday. A second sentence says more about it. ")


def synthetic_articles(n_events: int, seed: int = 7) -> list[CodedArticle]:
    """Coded articles holding ``n_events`` events (4 per article)."""
    rng = random.Random(seed)
    start = dt.date(2024, 1, 1)
    cities = {c: (rng.uniform(-40, 60), rng.uniform(-120, 140)) for c in COUNTRIES}
    articles = []
    for a in range(n_events // 4):
        day = start + dt.timedelta(days=rng.randrange(366))
        text = TEXT + f"Story {a}."
        events, actors, places = [], [], []
        for i in range(4):
            src, tgt = rng.sample(COUNTRIES[: 8 + a % 32], 2)
            s_sector, t_sector = rng.choice(SECTORS), rng.choice(SECTORS)
            cameo, root, quad, goldstein = rng.choice(CAMEO)
            lat, lon = cities[tgt]
            source = Actor("Officials", 18, 27, f"{src} {s_sector}", src + s_sector, src,
                           s_sector, "knowledge_base")
            target = Actor("officials", 51, 60, f"{tgt} {t_sector}", tgt + t_sector, tgt,
                           t_sector, "knowledge_base")
            actors += [source, target]
            place = Place("the city", 75, 83, f"City of {tgt}", tgt, lat, lon, 1000 + i, "city")
            places.append(place)
            events.append(Event(
                source=source, target=target, cameo=cameo, root=root, quad_class=quad,
                goldstein=goldstein, plover=Plover(PLOVER[root], None), sentence=i % 2,
                trigger=Span("met", 47, 50), confidence=0.7,
                date=EventDate(day.isoformat(), "day", None, "publication"),
                location=EventLocation("the city", 75, 83, place.name, tgt, lat, lon, 1000 + i),
                name=f"CAMEO {cameo}",
            ))
        articles.append(CodedArticle(
            id=f"s{a}", title=f"Story {a}", date=day.isoformat(), source=f"pub{a % 50}",
            url=f"https://example.org/{a}", dateline=None, text=text,
            content_hash=f"{a:064x}", coder_version="bench", events=events,
            quotes=[Quote(QuoteSpeaker("Officials", 18, 27, None), "said",
                          Span("more about it", 115, 128))],
            places=places, times=[TimeExpression("Monday", 87, 93, day.isoformat(), "day")],
            actors=actors,
        ))
    return articles


def bench_ingest(n_events: int, batch_articles: int = 5000) -> None:
    articles = synthetic_articles(n_events)
    with (
        tempfile.TemporaryDirectory() as tmp,
        Store(os.path.join(tmp, "ingest.duckdb")) as store,
    ):
        started = time.perf_counter()
        for at in range(0, len(articles), batch_articles):
            store.write(articles[at : at + batch_articles])
        elapsed = time.perf_counter() - started
        counts = store.counts()
        (dedup,) = store.con.execute("SELECT count(*) FROM dedup_events").fetchone()
        started = time.perf_counter()
        store.write(articles[:batch_articles])  # re-ingest a batch: replaces rows
        again = time.perf_counter() - started
    print(f"ingest: {counts['events']:,} events ({counts['articles']:,} articles, "
          f"{counts['actors']:,} actors, {counts['places']:,} places) in {elapsed:.2f} s "
          f"= {counts['events'] / elapsed:,.0f} events/s; {dedup:,} deduplicated events")
    print(f"re-ingest of {batch_articles:,} stored articles (replace): {again:.2f} s")


_GENERATE_SQL = """
INSERT INTO events BY NAME
SELECT 'g' || (i // 4) || ':' || (i % 4) AS event_id, 'g' || (i // 4) AS article_id,
       (i % 4)::INTEGER AS idx, 0 AS sentence,
       DATE '2020-01-01' + ((hash(i) % 1826)::INTEGER) AS event_date,
       'day' AS event_date_granularity,
       c.cameo, c.root, c.quad::INTEGER AS quad_class, c.goldstein,
       ctry[1 + (hash(i * 7) % 40)::INTEGER] AS source_country,
       ctry[1 + (hash(i * 13) % 40)::INTEGER] AS target_country,
       'event_id' AS dedup_id
FROM range(?) t(i)
JOIN (SELECT * FROM (VALUES {values}) v(k, cameo, root, quad, goldstein)) c
  ON c.k = (hash(i * 3) % {n_cameo})::INTEGER,
     (SELECT ? AS ctry)
"""


def bench_aggregate(n_events: int, runs: int = 5) -> None:
    values = ", ".join(f"({k}, '{c}', '{r}', {q}, {g})" for k, (c, r, q, g) in enumerate(CAMEO))
    with (
        tempfile.TemporaryDirectory() as tmp,
        Store(os.path.join(tmp, "aggregate.duckdb")) as store,
    ):
        started = time.perf_counter()
        store.con.execute(_GENERATE_SQL.format(values=values, n_cameo=len(CAMEO)),
                          [n_events, COUNTRIES])
        store.con.execute("UPDATE events SET dedup_id = event_id")
        generated = time.perf_counter() - started
        times, dict_times = [], []
        for _ in range(runs):
            started = time.perf_counter()
            table = store.dyads_table("week")
            times.append(time.perf_counter() - started)
        for _ in range(2):
            started = time.perf_counter()
            store.dyads("week")
            dict_times.append(time.perf_counter() - started)
        month = time.perf_counter()
        store.dyads("month", source_country="IRN", target_country="USA")
        month = time.perf_counter() - month
    print(f"aggregate: weekly dyads over {n_events:,} events -> {table.num_rows:,} rows "
          f"(Store.dyads_table, Arrow): best {min(times):.3f} s, median "
          f"{statistics.median(times):.3f} s (events generated in {generated:.1f} s)")
    print(f"  the same as Python dicts (Store.dyads): best {min(dict_times):.3f} s; "
          f"one monthly dyad series (IRN -> USA): {month:.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--aggregate", type=int, default=1_000_000)
    args = parser.parse_args()
    print(f"cpus: {os.cpu_count()}")
    bench_ingest(args.events)
    bench_aggregate(args.aggregate)


if __name__ == "__main__":
    main()
