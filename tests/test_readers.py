"""Tests for the input stage: every format, bad input, and the seed article."""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
from pathlib import Path

import pytest

from whodid.model import Article
from whodid.readers import ReadError, read_inputs

SHARED = Path(__file__).parents[2] / "shared"
SEED_TXT = SHARED / "seed" / "tasnim-2014-06-18-iran-us-iraq.txt"
SEED_JSONL = SHARED / "seed" / "tasnim-2014-06-18-iran-us-iraq.jsonl"

BODY = (
    "TEHRAN (Tasnim) - Chief of Staff of the Iranian Armed Forces on Wednesday dismissed "
    "the notion that Iran might cooperate with the US forces in Iraq.\n\n"
    '"Cooperation between Iran and the US will never happen," Major General Hassan '
    "Firouzabadi said on Wednesday."
)

HTML_PAGE = """<!DOCTYPE html>
<html><head><title>Commander Rules Out Cooperation | Example News</title>
<meta property="og:site_name" content="Example News">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2014-06-18T09:30:00+04:30">
<link rel="canonical" href="https://example.com/iran-us"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Commander Rules Out Cooperation</h1>
<p>TEHRAN (Tasnim) - Chief of Staff of the Iranian Armed Forces on Wednesday dismissed
the notion that Iran might cooperate with the US forces in Iraq.</p>
<p>"Cooperation between Iran and the US will never happen," Major General Hassan
Firouzabadi said on Wednesday.</p></article>
<footer>Copyright 2014 Example News</footer></body></html>
"""

RSS_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Whodid Wire</title><link>https://wire.example</link>
<description>World news</description>
<item><title>Iran rejects US help</title><link>https://wire.example/1</link>
<guid>wire-1</guid><pubDate>Wed, 18 Jun 2014 10:00:00 GMT</pubDate>
<author>desk@wire.example (Desk)</author><category>Iran</category>
<description>&lt;p&gt;TEHRAN (Tasnim) - Iran &lt;b&gt;rejected&lt;/b&gt; cooperation.&lt;/p&gt;
&lt;p&gt;The US said nothing.&lt;/p&gt;</description></item>
<item><title>Talks resume</title><link>https://wire.example/2</link>
<pubDate>Thu, 19 Jun 2014 08:00:00 GMT</pubDate>
<description>GENEVA, March 4 (Whodid Wire) - Talks resumed on Thursday.</description></item>
<item><title>No body here</title><link>https://wire.example/3</link></item>
</channel></rss>
"""

ATOM_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
<id>urn:atom-wire</id><updated>2014-06-20T00:00:00Z</updated>
<entry><title>Kabul blast</title><id>urn:entry:1</id>
<link href="https://atom.example/kabul"/><updated>2014-06-20T05:00:00Z</updated>
<content type="html">&lt;p&gt;KABUL, Afghanistan (AP) &#8212; A bomb exploded near the
ministry.&lt;/p&gt;&lt;script&gt;evil()&lt;/script&gt;</content></entry>
</feed>
"""


def read(*inputs: str | Path, **kwargs: object) -> list[Article | ReadError]:
    return list(read_inputs([str(item) for item in inputs], **kwargs))  # type: ignore[arg-type]


def articles(results: list[Article | ReadError]) -> list[Article]:
    return [item for item in results if isinstance(item, Article)]


def errors(results: list[Article | ReadError]) -> list[ReadError]:
    return [item for item in results if isinstance(item, ReadError)]


def only_article(results: list[Article | ReadError]) -> Article:
    assert len(results) == 1, results
    assert isinstance(results[0], Article), results[0]
    return results[0]


def only_error(results: list[Article | ReadError]) -> ReadError:
    assert len(results) == 1, results
    assert isinstance(results[0], ReadError), results[0]
    return results[0]


# --- plain text -----------------------------------------------------------------------


def test_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "iran-story.txt"
    path.write_text("\n\n  Commander Rules Out Cooperation  \n\n\n" + BODY + "\n\n  \n", "utf-8")
    article = only_article(read(path))
    assert article.id == "iran-story"
    assert article.title == "Commander Rules Out Cooperation"
    assert article.text == BODY
    assert article.origin == str(path)
    assert article.source == "Tasnim"  # from the dateline
    assert article.dateline is not None
    assert article.dateline.place == "Tehran"
    assert article.date is None


def test_plain_text_crlf_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "windows.txt"
    path.write_bytes(b"\xef\xbb\xbfHeadline\r\n\r\nFirst line.\r\nSecond line.\r\n")
    article = only_article(read(path))
    assert article.title == "Headline"
    assert article.text == "First line.\nSecond line."


def test_no_extension_is_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "README"
    path.write_text("A headline\nAnd a body.", "utf-8")
    article = only_article(read(path))
    assert (article.id, article.title, article.text) == ("README", "A headline", "And a body.")


def test_one_line_is_all_body(tmp_path: Path) -> None:
    # a pasted sentence is news to code, not a headline (the server reads text/plain alike)
    path = tmp_path / "short.txt"
    path.write_text("Iran rejected the offer.\n\n   \n", "utf-8")
    article = only_article(read(path))
    assert (article.title, article.text) == (None, "Iran rejected the offer.")


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("  \n", "utf-8")
    assert only_error(read(path)).reason == "empty file"


# --- JSON Lines -----------------------------------------------------------------------


def test_jsonl_fields_metadata_and_defaults(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    lines = [
        json.dumps(
            {
                "id": "a1",
                "title": "Iran rejects US help",
                "text": BODY,
                "date": "2014-06-18T09:30:00Z",
                "source": "Tasnim News Agency",
                "url": "https://example.com/a1",
                "category": "politics",
                "tags": ["iran", "us"],
            }
        ),
        "",
        json.dumps({"text": "BEIRUT — Israeli jets struck.", "date": "18 June 2014"}),
        json.dumps({"id": 7, "text": "No date here."}),
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    results = read(path)
    assert not errors(results)
    first, second, third = articles(results)

    assert first.id == "a1"
    assert first.title == "Iran rejects US help"
    assert first.text == BODY
    assert first.date == "2014-06-18"
    assert first.source == "Tasnim News Agency"  # the input's source beats the dateline's
    assert first.url == "https://example.com/a1"
    assert first.metadata == {"category": "politics", "tags": ["iran", "us"]}
    assert first.origin == f"{path}:1"

    assert second.id == "news-3"  # missing id: stem + line number (blank line 2 skipped)
    assert second.date == "2014-06-18"
    assert second.dateline is not None and second.dateline.place == "Beirut"
    assert second.origin == f"{path}:3"

    assert third.id == "7"


def test_jsonl_bad_lines_do_not_stop_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "mixed.ndjson"
    path.write_text(
        "\n".join(
            [
                json.dumps({"id": "good-1", "text": "First story."}),
                '{"id": "broken" "text": "x"}',
                json.dumps({"id": "no-text", "title": "Headline only"}),
                json.dumps(["not", "an", "object"]),
                json.dumps({"id": "blank", "text": "   "}),
                json.dumps({"id": "wrong-type", "text": 12}),
                json.dumps({"id": "good-2", "text": "Second story."}),
            ]
        ),
        "utf-8",
    )
    results = read(path)
    assert [a.id for a in articles(results)] == ["good-1", "good-2"]
    assert [(e.origin, e.reason) for e in errors(results)] == [
        (f"{path}:2", "not valid JSON: Expecting ',' delimiter (column 17)"),
        (f"{path}:3", "missing required field 'text'"),
        (f"{path}:4", "expected a JSON object, got an array"),
        (f"{path}:5", "empty article (no text)"),
        (f"{path}:6", "field 'text' must be a string, got a number"),
    ]
    # results come out in input order
    assert [r.origin for r in results] == [f"{path}:{n}" for n in range(1, 8)]
    assert str(errors(results)[1]) == f"{path}:3: missing required field 'text'"


def test_jsonl_bad_date_kept_raw_and_default_date(tmp_path: Path) -> None:
    path = tmp_path / "dates.jsonl"
    path.write_text(
        json.dumps({"id": "a", "text": "x.", "date": "last Tuesday"})
        + "\n"
        + json.dumps({"id": "b", "text": "y."})
        + "\n",
        "utf-8",
    )
    first, second = articles(read(path, default_date="2014-06-18"))
    assert first.date is None  # the input had a date, just not a parseable one
    assert first.metadata["date_raw"] == "last Tuesday"
    assert second.date == "2014-06-18"


def test_json_array_and_single_object(tmp_path: Path) -> None:
    array = tmp_path / "many.json"
    array.write_text(json.dumps([{"id": "x", "text": "One."}, {"text": "Two."}], indent=2))
    first, second = articles(read(array))
    assert (first.id, second.id) == ("x", "many-2")
    assert second.origin == f"{array}[2]"

    single = tmp_path / "one.json"
    single.write_text(json.dumps({"text": "Pretty printed.", "title": "T"}, indent=2))
    article = only_article(read(single))
    assert (article.id, article.title, article.text) == ("one", "T", "Pretty printed.")


# --- HTML -----------------------------------------------------------------------------


def test_html_page(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML_PAGE, "utf-8")
    article = only_article(read(path))
    assert article.id == "page"
    assert article.title == "Commander Rules Out Cooperation"
    assert article.text.startswith("TEHRAN (Tasnim) - Chief of Staff")
    assert "Major General Hassan" in article.text
    assert "Home" not in article.text and "Copyright" not in article.text
    assert article.date == "2014-06-18"
    assert article.url == "https://example.com/iran-us"
    assert article.source == "Example News"
    assert article.metadata["author"] == "Jane Roe"
    assert article.dateline is not None and article.dateline.source == "Tasnim"


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Empty</title></head><body></body></html>",
        "<html><head><title>Login</title></head><body><nav><a href='/'>Home</a> "
        "<a href='/w'>World</a></nav><form><input name='q'></form></body></html>",
    ],
)
def test_html_without_main_text(tmp_path: Path, page: str) -> None:
    path = tmp_path / "nav.htm"
    path.write_text(page, "utf-8")
    error = only_error(read(path))
    assert error.reason == "HTML page has no main text"


def test_html_declared_latin1(tmp_path: Path) -> None:
    path = tmp_path / "latin.html"
    page = HTML_PAGE.replace("<head>", '<head><meta charset="iso-8859-1">').replace(
        "Hassan", "Hassán"
    )
    path.write_bytes(page.encode("latin-1"))
    assert "Hassán Firouzabadi" in only_article(read(path)).text


# --- feeds ----------------------------------------------------------------------------


def test_rss_feed(tmp_path: Path) -> None:
    path = tmp_path / "wire.rss"
    path.write_text(RSS_FEED, "utf-8")
    results = read(path)
    first, second = articles(results)
    assert first.id == "wire-1"
    assert first.title == "Iran rejects US help"
    assert first.text == "TEHRAN (Tasnim) - Iran rejected cooperation.\n\nThe US said nothing."
    assert first.date == "2014-06-18"
    assert first.url == "https://wire.example/1"
    assert first.source == "Whodid Wire"  # feed title
    assert first.origin == f"{path}:1"
    assert first.metadata["tags"] == ["Iran"]
    assert first.dateline is not None and first.dateline.place == "Tehran"

    assert second.id == "https://wire.example/2"  # no guid: the link
    assert second.date == "2014-06-19"
    assert second.text == "GENEVA, March 4 (Whodid Wire) - Talks resumed on Thursday."

    (error,) = errors(results)
    assert (error.origin, error.reason) == (f"{path}:3", "empty article (no text)")


def test_atom_feed_strips_html_and_scripts(tmp_path: Path) -> None:
    path = tmp_path / "wire.atom"
    path.write_text(ATOM_FEED, "utf-8")
    article = only_article(read(path))
    assert article.id == "urn:entry:1"
    assert article.title == "Kabul blast"
    assert article.text == "KABUL, Afghanistan (AP) — A bomb exploded near the ministry."
    assert article.url == "https://atom.example/kabul"
    assert article.date == "2014-06-20"
    assert article.source == "Atom Wire"
    assert article.dateline is not None and article.dateline.place == "Kabul, Afghanistan"


def test_xml_sniffed_as_feed_without_extension(tmp_path: Path) -> None:
    path = tmp_path / "feed"
    path.write_text(RSS_FEED, "utf-8")
    assert len(articles(read(path))) == 2


def test_malformed_feed(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text('<?xml version="1.0"?><rss><channel><item><title>x</ti', "utf-8")
    error = only_error(read(path))
    assert error.origin == str(path)
    assert error.reason == "malformed feed: line 1, column 66: unclosed token"


# --- CSV / TSV ------------------------------------------------------------------------


def test_csv_with_text_column(tmp_path: Path) -> None:
    path = tmp_path / "stories.csv"
    path.write_text(
        "story_id,headline,body,date,outlet,desk\n"
        '1,Ignored,"TEHRAN (Tasnim) - Iran said no.\n\nThe US said nothing.",2014-06-18,T,world\n'
        ",Also ignored,Second story.,,,\n"
        ",x,,,,\n",
        "utf-8",
    )
    results = read(path, text_column="body")
    first, second = articles(results)
    assert first.text == "TEHRAN (Tasnim) - Iran said no.\n\nThe US said nothing."
    assert first.date == "2014-06-18"
    assert first.id == "stories-2"  # no "id" column: stem + line
    assert first.title is None  # "headline" is not the "title" column...
    assert first.metadata == {  # ...so it is metadata, like every other column
        "story_id": "1",
        "headline": "Ignored",
        "outlet": "T",
        "desk": "world",
    }
    assert first.source == "Tasnim"
    assert first.origin == f"{path}:2"
    assert second.origin == f"{path}:5"  # the quoted field spans lines 2-4
    assert second.id == "stories-5"
    (error,) = errors(results)
    assert error.origin == f"{path}:6"
    assert error.reason.startswith("empty article")


def test_tsv_known_columns(tmp_path: Path) -> None:
    path = tmp_path / "s.tsv"
    path.write_text(
        "id\ttitle\ttext\tdate\tsource\turl\textra\n"
        "k1\tA title\tSome text.\t18 June 2014\tWire\thttps://x.example\tv\n",
        "utf-8",
    )
    article = only_article(read(path))
    assert (article.id, article.title, article.text) == ("k1", "A title", "Some text.")
    assert (article.date, article.source, article.url) == (
        "2014-06-18",
        "Wire",
        "https://x.example",
    )
    assert article.metadata == {"extra": "v"}


def test_csv_missing_text_column(tmp_path: Path) -> None:
    path = tmp_path / "nocol.csv"
    path.write_text("id,body\n1,Some text.\n2,More text.\n", "utf-8")
    error = only_error(read(path))
    assert error.origin == str(path)
    assert "'text'" in error.reason
    assert "'id', 'body'" in error.reason


# --- directories, gzip, stdin ---------------------------------------------------------


def test_directory_recursion_sorted_skips_hidden(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "b-sub").mkdir(parents=True)
    (root / ".hidden-dir").mkdir()
    (root / "c.txt").write_text("C head\nC body.", "utf-8")
    (root / "a.txt").write_text("A head\nA body.", "utf-8")
    (root / "b-sub" / "b.jsonl").write_text('{"id": "b", "text": "B body."}\n', "utf-8")
    (root / ".secret.txt").write_text("Hidden\nHidden body.", "utf-8")
    (root / ".hidden-dir" / "x.txt").write_text("Hidden\nHidden body.", "utf-8")
    results = read(root)
    assert [a.id for a in articles(results)] == ["a", "b", "c"]
    assert [a.origin for a in articles(results)] == [
        os.path.join(str(root), "a.txt"),
        os.path.join(str(root), "b-sub", "b.jsonl") + ":1",
        os.path.join(str(root), "c.txt"),
    ]


def test_gzip_uses_inner_extension(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "Zipped story."}\n{"text": "Another."}\n'))
    first, second = articles(read(path))
    assert (first.id, first.text, first.origin) == ("news-1", "Zipped story.", f"{path}:1")
    assert second.id == "news-2"

    text_gz = tmp_path / "story.txt.gz"
    text_gz.write_bytes(gzip.compress(b"Headline\n\nBody text."))
    article = only_article(read(text_gz))
    assert (article.id, article.title, article.text) == ("story", "Headline", "Body text.")


def test_corrupt_gzip(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt.gz"
    path.write_bytes(b"this is not gzip")
    assert only_error(read(path)).reason.startswith("not a valid gzip file")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'{"id": "s1", "text": "From stdin."}\n', ("s1", None, "From stdin.")),
        (b"Stdin headline\n\nStdin body.", ("stdin", "Stdin headline", "Stdin body.")),
        (HTML_PAGE.encode(), ("stdin", "Commander Rules Out Cooperation", None)),
    ],
)
def test_stdin_is_sniffed(data: bytes, expected: tuple[str, str | None, str | None]) -> None:
    article = only_article(read("-", stdin=io.BytesIO(data)))
    assert article.id == expected[0]
    assert article.title == expected[1]
    if expected[2] is not None:
        assert article.text == expected[2]
    assert article.origin is not None and article.origin.startswith("<stdin>")


def test_stdin_feed() -> None:
    results = read("-", stdin=io.BytesIO(RSS_FEED.encode()))
    assert [a.title for a in articles(results)] == ["Iran rejects US help", "Talks resume"]


# --- bad input ------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    error = only_error(read(missing))
    assert (error.origin, error.reason) == (str(missing), "no such file")
    assert str(error) == f"{missing}: no such file"


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("Head\nBody.", "utf-8")
    path.chmod(0)
    try:
        assert only_error(read(path)).reason == "permission denied"
    finally:
        path.chmod(0o644)


def test_permission_error_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("Head\nBody.", "utf-8")

    def deny(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", deny)
    error = only_error(read(path))
    assert (error.origin, error.reason) == (str(path), "permission denied")


def test_invalid_utf8_names_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"Headline\nCaf\xe9 au lait.")
    error = only_error(read(path))
    assert error.reason == "invalid UTF-8 at byte 12"


def test_invalid_utf8_offset_counts_the_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfHead\nx\xff")
    assert only_error(read(path)).reason == "invalid UTF-8 at byte 9"


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert only_error(read(path)).reason == "binary file, not text"


def test_errors_do_not_stop_later_inputs(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Head\nBody.", "utf-8")
    results = read(tmp_path / "missing.txt", good)
    assert isinstance(results[0], ReadError)
    assert isinstance(results[1], Article) and results[1].id == "good"


def test_default_date(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Head\nBody.", "utf-8")
    assert only_article(read(path, default_date="2014-06-18")).date == "2014-06-18"
    assert only_article(read(path)).date is None
    with pytest.raises(ValueError, match="not a date"):
        read_inputs([str(path)], default_date="someday")


# --- the seed article -----------------------------------------------------------------


def _require_seed() -> None:
    if not SEED_TXT.exists() or not SEED_JSONL.exists():
        pytest.skip(f"shared seed files not found under {SHARED} (read-only sibling of repo)")


def test_seed_txt() -> None:
    _require_seed()
    article = only_article(read(SEED_TXT))
    assert article.id == "tasnim-2014-06-18-iran-us-iraq"
    assert article.title == "Commander Rules Out Iran-US Cooperation on Iraq"
    assert article.text.startswith("TEHRAN (Tasnim) - Chief of Staff")
    assert article.text.endswith("defend the capital and other cities.")
    assert article.dateline is not None
    assert article.dateline.text == "TEHRAN (Tasnim) - "
    assert (article.dateline.start, article.dateline.end) == (0, 18)
    assert article.dateline.place == "Tehran"
    assert article.dateline.source == "Tasnim"
    assert article.source == "Tasnim"


def test_seed_jsonl_matches_txt() -> None:
    _require_seed()
    article = only_article(read(SEED_JSONL))
    assert article.id == "tasnim-2014-06-18-firouzabadi"
    assert article.title == "Commander Rules Out Iran-US Cooperation on Iraq"
    assert article.date == "2014-06-18"
    assert article.source == "Tasnim News Agency"
    assert article.dateline is not None
    assert article.dateline.place == "Tehran"
    assert article.dateline.source == "Tasnim"
    assert article.origin == f"{SEED_JSONL}:1"
    from_txt = only_article(read(SEED_TXT))
    assert article.text == from_txt.text


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "data.xml"
    path.write_text('<?xml version="1.0"?><root><record>1</record></root>', "utf-8")
    error = only_error(read(path))
    assert error.reason == "not an RSS/Atom feed, or a feed with no items"
