"""Events per article by article category (e.g. the BBC corpus's business, entertainment,
politics, sport, tech), from a whodid DuckDB store whose articles carry a `category` field,
and events per year of event date ("none": no date, as in an article without a publication
date whose clause names no calendar date).

Usage:
  .venv/bin/whodid code ../shared/corpora/bbc-2004-2005/articles.jsonl --db bbc.duckdb
  .venv/bin/python scripts/corpus_report.py bbc.duckdb
"""

from __future__ import annotations

import sys

import duckdb

QUERY = """
SELECT coalesce(json_extract_string(a.metadata, '$.category'), '-') AS category,
       count(DISTINCT a.id) AS articles,
       count(e.event_id) AS events,
       round(count(e.event_id) / count(DISTINCT a.id), 3) AS events_per_article,
       round(count(e.event_id) FILTER (WHERE e.quad_class = 4) / count(DISTINCT a.id), 3)
           AS material_conflict_per_article,
       round(count(e.event_id) FILTER (WHERE e.quad_class = 3) / count(DISTINCT a.id), 3)
           AS verbal_conflict_per_article
FROM articles a LEFT JOIN events e ON e.article_id = a.id
GROUP BY 1 ORDER BY 1
"""


YEARS = """
SELECT coalesce(CAST(year(event_date) AS VARCHAR), 'none') AS year, count(*) AS events
FROM events GROUP BY 1 ORDER BY 1
"""


def main(path: str) -> None:
    """Print the per-category table and every year's count (none elided)."""
    connection = duckdb.connect(path, read_only=True)
    print(connection.sql(QUERY))
    years = connection.execute(YEARS).fetchall()
    dated = sum(n for year, n in years if year != "none")
    print(f"events per year of event date ({dated} dated of {sum(n for _, n in years)})")
    for year, events in years:
        print(f"  {year:>4}  {events}")


if __name__ == "__main__":
    main(sys.argv[1])
