"""Input stage: turn files, directories and stdin into :class:`~whodid.model.Article` objects.

:func:`read_inputs` yields one :class:`~whodid.model.Article` per article found, or a
:class:`ReadError` for anything that could not be read; an error never stops the other
articles.  Formats are chosen by extension (after stripping ``.gz``), with content sniffing
for stdin, files without an extension and unknown extensions:

===================================  ===================================================
``.txt`` / no or unknown extension   plain text: first non-empty line is the headline
                                     (:func:`split_headline`)
``.jsonl`` / ``.ndjson`` / ``.json``  one JSON object per line (``.json`` may also hold a
                                     single object or an array of objects)
``.html`` / ``.htm``                 main text and metadata via trafilatura
``.xml`` / ``.rss`` / ``.atom``      RSS/Atom via feedparser, one article per item
``.csv`` / ``.tsv``                  one article per row, text from ``text_column``
===================================  ===================================================

Every article passes through :func:`whodid.normalize.normalize_article` before it is
yielded, and carries its ``origin`` (``news.jsonl:12``) for messages.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import os
import re
import sys
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from whodid.model import Article
from whodid.normalize import normalize_article, normalize_date

__all__ = ["BODY_CHARSETS", "ReadError", "decode_text", "read_inputs", "split_headline",
           "text_encoding"]

_BINARY_SNIFF = 8192
_UTF8_BOM = codecs.BOM_UTF8

_EXTENSION_FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".feed": "feed",
    ".rdf": "feed",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
}

# Article fields read from JSON objects and CSV columns; everything else is metadata.
_JSON_FIELDS = ("id", "text", "title", "date", "source", "url")


@dataclass
class ReadError:
    """An input (or one line/row/item of it) that could not be read as an article."""

    origin: str  # file name, plus ":LINE" for JSON Lines, CSV rows and feed items
    reason: str  # a human reason, e.g. "invalid UTF-8 at byte 1234"

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


class _Failure(Exception):
    """Raised inside the reader for a whole-input problem; becomes one :class:`ReadError`."""


def read_inputs(
    inputs: Iterable[str],
    *,
    text_column: str = "text",
    default_date: str | None = None,
    stdin: BinaryIO | None = None,
    encoding: str = "utf-8",
) -> Iterator[Article | ReadError]:
    """Yield one Article (or ReadError) per article found in each input, in order.

    ``inputs`` are file paths, directory paths (read recursively in sorted order, hidden
    files skipped) or ``-`` for standard input (``stdin``, else ``sys.stdin.buffer``).
    ``text_column`` names the CSV/TSV column holding the article text.  ``default_date``
    (``YYYY-MM-DD``) is used for articles whose input carries no date; a value that is not
    a date raises :class:`ValueError` at once.  ``encoding`` decodes plain text, JSON and
    CSV inputs (HTML and feeds say their own); an unknown name raises :class:`ValueError`.
    """
    if isinstance(inputs, str):
        inputs = [inputs]  # one path, not an iterable of its characters
    if default_date is not None:
        parsed = normalize_date(default_date)
        if parsed is None:
            raise ValueError(f"default date {default_date!r} is not a date (use YYYY-MM-DD)")
        default_date = parsed
    options = _Options(text_column=text_column, default_date=default_date,
                       encoding=text_encoding(encoding))
    return _read_all(list(inputs), options, stdin)


@dataclass
class _Options:
    text_column: str
    default_date: str | None
    encoding: str = "utf-8"


def _read_all(
    inputs: list[str], options: _Options, stdin: BinaryIO | None
) -> Iterator[Article | ReadError]:
    for item in inputs:
        if item == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            try:
                data = stream.read()
            except OSError as exc:
                yield ReadError("<stdin>", f"cannot read standard input: {exc}")
                continue
            yield from _read_bytes(data, "<stdin>", "stdin", None, options)
        else:
            yield from _read_path(Path(item), item, options)


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return exc.strerror or str(exc)


def _read_path(path: Path, origin: str, options: _Options) -> Iterator[Article | ReadError]:
    try:
        is_dir = path.is_dir()
    except OSError as exc:
        yield ReadError(origin, _os_reason(exc))
        return
    if is_dir:
        yield from _read_directory(path, origin, options)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield ReadError(origin, _os_reason(exc))
        return
    name = path.name
    gzipped = name.lower().endswith(".gz")
    if gzipped:
        name = name[:-3]
    suffix = Path(name).suffix.lower()
    stem = Path(name).stem if suffix else name
    if gzipped:
        try:
            data = _gunzip(data)
        except _Failure as exc:
            yield ReadError(origin, str(exc))
            return
    yield from _read_bytes(data, origin, stem or "article", suffix, options)


def _read_directory(
    directory: Path, origin: str, options: _Options
) -> Iterator[Article | ReadError]:
    try:
        children = sorted(directory.iterdir(), key=lambda child: child.name)
    except OSError as exc:
        yield ReadError(origin, _os_reason(exc))
        return
    for child in children:
        if child.name.startswith("."):
            continue
        child_origin = os.path.join(origin, child.name)
        if child.is_dir() and child.is_symlink():
            continue  # never follow directory links: they can loop
        yield from _read_path(child, child_origin, options)


def _gunzip(data: bytes) -> bytes:
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        raise _Failure(f"not a valid gzip file: {exc}") from exc


def _read_bytes(
    data: bytes, origin: str, stem: str, suffix: str | None, options: _Options
) -> Iterator[Article | ReadError]:
    """Read one input's bytes; ``suffix`` is None for stdin (always sniffed)."""
    try:
        if suffix is None and data[:2] == b"\x1f\x8b":
            data = _gunzip(data)
        # UTF-16 text is full of NUL bytes; in anything else they mean a binary file
        if b"\x00" in data[:_BINARY_SNIFF] and not options.encoding.startswith("utf-16"):
            raise _Failure("binary file, not text")
        fmt = _EXTENSION_FORMATS.get(suffix) if suffix is not None else None
        if fmt is None:
            fmt = _sniff(data if options.encoding == "utf-8"
                         else _decode(data, options.encoding).encode("utf-8"))
        if fmt == "feed":
            articles = _read_feed(data, origin, stem)
        elif fmt == "html":
            articles = _read_html(data, origin, stem)
        else:
            text = _decode(data, options.encoding)
            if fmt in ("jsonl", "json"):
                articles = _read_json(text, origin, stem, whole=fmt == "json")
            elif fmt in ("csv", "tsv"):
                delimiter = "\t" if fmt == "tsv" else ","
                articles = _read_csv(text, origin, stem, delimiter, options.text_column)
            else:
                articles = _read_text(text, origin, stem)
        for result in articles:
            if isinstance(result, Article):
                if result.date is None and options.default_date is not None:
                    result.date = options.default_date
                result = normalize_article(result)
            yield result
    except _Failure as exc:
        yield ReadError(origin, str(exc))


# --- decoding and sniffing ------------------------------------------------------------


#: Character sets the server accepts in a request's ``charset`` (codec name -> the name
#: its messages use); ``whodid code --encoding`` takes any codec Python knows.
BODY_CHARSETS = {"utf-8": "UTF-8", "ascii": "US-ASCII", "iso8859-1": "ISO-8859-1",
                 "cp1252": "Windows-1252", "utf-16": "UTF-16", "utf-16-le": "UTF-16LE",
                 "utf-16-be": "UTF-16BE"}


def text_encoding(name: str) -> str:
    """The codec name of the text encoding ``name`` (``latin-1`` -> ``iso8859-1``);
    ValueError saying so when Python knows no such encoding."""
    try:
        return codecs.lookup(name.strip()).name
    except (LookupError, ValueError):
        raise ValueError(f"unknown text encoding \"{name}\" (for example utf-8, latin-1, "
                         "windows-1252, utf-16)") from None


def decode_text(data: bytes, encoding: str = "utf-8") -> str:
    """``data`` decoded as ``whodid code`` decodes its inputs (a UTF-8 BOM is dropped);
    ValueError naming the encoding and the byte offset where it fails."""
    try:
        return _decode(data, encoding)
    except _Failure as error:
        raise ValueError(str(error)) from None


def _decode(data: bytes, encoding: str = "utf-8") -> str:
    """Decode UTF-8 (BOM optional) or ``encoding``; errors name the byte offset into the
    input."""
    offset = 0
    if data.startswith(_UTF8_BOM) and encoding.replace("_", "-").lower() in ("utf-8", "utf8"):
        data = data[len(_UTF8_BOM) :]
        offset = len(_UTF8_BOM)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        label = BODY_CHARSETS.get(text_encoding(encoding), encoding)
        raise _Failure(f"invalid {label} at byte {exc.start + offset}") from exc
    except LookupError as exc:
        raise _Failure(f"unknown text encoding \"{encoding}\"") from exc


_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._-]+)""", re.I)


def _decode_markup(data: bytes, html: bool) -> str:
    """Decode an XML/HTML document: UTF-8, else the encoding it declares for itself.

    Valid UTF-8 is taken as UTF-8 whatever the declaration says; a page that is not UTF-8
    is decoded with its ``<?xml encoding=...?>`` or ``<meta charset=...>`` when it has one.
    """
    try:
        return _decode(data)
    except _Failure:
        head = data[:2048]
        match = _XML_ENCODING.match(head.lstrip(_UTF8_BOM))
        if match is None and html:
            match = _META_CHARSET.search(head)
        if match is None:
            raise
        declared = match.group(1).decode("ascii").lower()
        try:
            name = codecs.lookup(declared).name
        except LookupError:
            raise _Failure(f"unknown text encoding {declared!r}") from None
        if name in ("utf-8", "ascii"):
            raise
        return _decode(data, declared)


def _sniff(data: bytes) -> str:
    """Guess a format from content: JSON Lines, HTML, RSS/Atom, else plain text."""
    head = data[:4096].lstrip(_UTF8_BOM).lstrip().lower()
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith(b"["):
        return "json"
    if head.startswith((b"<!doctype", b"<html", b"<head", b"<body")):
        return "html"
    if head.startswith(b"<rss") or head.startswith(b"<feed") or head.startswith(b"<rdf:rdf"):
        return "feed"
    if head.startswith(b"<?xml"):
        if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
            return "feed"
        if b"<html" in head:
            return "html"
    return "text"


# --- plain text -----------------------------------------------------------------------


def split_headline(text: str) -> tuple[str | None, str]:
    """Split plain text into its headline and body, as every entry point reads text.

    Line ends are normalized to ``\n``; the first non-empty line is the headline and the
    rest the body (stripped).  A text of one line is all body, with no headline: a pasted
    sentence is news to code, not a title.  ``whodid code`` reads ``.txt`` files and stdin
    this way, and the server reads ``text/plain`` bodies (and the dashboard's paste box)
    with it, so the dateline that follows the headline starts the body everywhere.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if index is None:
        return None, ""
    body = "\n".join(lines[index + 1 :]).strip()
    if not body:
        return None, lines[index].strip()
    return lines[index].strip(), body


def _read_text(text: str, origin: str, stem: str) -> Iterator[Article | ReadError]:
    title, body = split_headline(text)
    if not body:
        yield ReadError(origin, "empty file")
        return
    # A file named like "2024-03-04-turkey-egypt-visit.txt" carries its publication date.
    dated = _STEM_DATE.match(stem)
    yield Article(id=stem, text=body, title=title, origin=origin,
                  date=dated.group(1) if dated else None)


_STEM_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[-_.]|$)")


# --- JSON -----------------------------------------------------------------------------


def _json_type(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return "a number"


def _article_from_record(record: Any, origin: str, default_id: str) -> Article | ReadError:
    if not isinstance(record, dict):
        return ReadError(origin, f"expected a JSON object, got {_json_type(record)}")
    if "text" not in record:
        return ReadError(origin, "missing required field 'text'")
    text = record["text"]
    if not isinstance(text, str):
        return ReadError(origin, f"field 'text' must be a string, got {_json_type(text)}")
    if not text.strip():
        return ReadError(origin, "empty article (no text)")

    def string(key: str) -> str | None:
        value = record.get(key)
        if value is None or isinstance(value, (dict, list)):
            return None
        return str(value)

    metadata: dict[str, Any] = {}
    for key, value in record.items():
        if key in _JSON_FIELDS:
            continue
        if key == "metadata" and isinstance(value, dict):
            metadata.update(value)
        else:
            metadata[key] = value
    article_id = string("id")
    return Article(
        id=article_id if article_id and article_id.strip() else default_id,
        text=text,
        title=string("title"),
        date=string("date"),
        source=string("source"),
        url=string("url"),
        metadata=metadata,
        origin=origin,
    )


def _json_reason(exc: json.JSONDecodeError) -> str:
    return f"not valid JSON: {exc.msg} (column {exc.colno})"


def _read_json(text: str, origin: str, stem: str, whole: bool) -> Iterator[Article | ReadError]:
    if whole:
        # A .json file may hold one object, an array of objects, or JSON Lines.
        try:
            document = json.loads(text)
        except json.JSONDecodeError:
            document = None
            if not text.strip() or "\n" not in text.strip():
                yield from _read_json_lines(text, origin, stem)
                return
        if isinstance(document, list):
            if not document:
                yield ReadError(origin, "empty JSON array")
            for number, record in enumerate(document, start=1):
                yield _article_from_record(record, f"{origin}[{number}]", f"{stem}-{number}")
            return
        if isinstance(document, dict):
            yield _article_from_record(document, origin, stem)
            return
    yield from _read_json_lines(text, origin, stem)


def _read_json_lines(text: str, origin: str, stem: str) -> Iterator[Article | ReadError]:
    found = False
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        if not line:
            continue
        found = True
        line_origin = f"{origin}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadError(line_origin, _json_reason(exc))
            continue
        yield _article_from_record(record, line_origin, f"{stem}-{number}")
    if not found:
        yield ReadError(origin, "empty file")


# --- CSV / TSV ------------------------------------------------------------------------

_CSV_FIELD_LIMIT = 64 * 1024 * 1024


def _read_csv(
    text: str, origin: str, stem: str, delimiter: str, text_column: str
) -> Iterator[Article | ReadError]:
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)  # long articles exceed the 128 KiB default
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        yield ReadError(f"{origin}:1", f"not valid CSV: {exc}")
        return
    if header is None or not any(cell.strip() for cell in header):
        yield ReadError(origin, "empty file (no header row)")
        return
    columns = [cell.strip() for cell in header]
    lowered = [column.lower() for column in columns]
    if text_column in columns:
        text_index = columns.index(text_column)
    elif text_column.lower() in lowered:
        text_index = lowered.index(text_column.lower())
    else:
        present = ", ".join(repr(column) for column in columns)
        yield ReadError(origin, f"no column {text_column!r} for the text (columns: {present})")
        return
    known = {
        field: lowered.index(field)
        for field in ("id", "title", "date", "source", "url")
        if field in lowered and lowered.index(field) != text_index
    }
    used = {text_index, *known.values()}

    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield ReadError(f"{origin}:{line}", f"not valid CSV: {exc}")
            return
        row_origin = f"{origin}:{line}"
        line = reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(columns):
            yield ReadError(
                row_origin, f"row has {len(row)} fields but the header has {len(columns)}"
            )
            continue
        row = row + [""] * (len(columns) - len(row))
        body = row[text_index]
        if not body.strip():
            column = columns[text_index]
            yield ReadError(row_origin, f"empty article (no text in column {column!r})")
            continue

        def cell(field: str, row: list[str] = row) -> str | None:
            index = known.get(field)
            if index is None:
                return None
            return row[index].strip() or None

        metadata = {
            columns[index]: value
            for index, value in enumerate(row)
            if index not in used and columns[index]
        }
        yield Article(
            id=cell("id") or f"{stem}-{row_origin.rsplit(':', 1)[1]}",
            text=body,
            title=cell("title"),
            date=cell("date"),
            source=cell("source"),
            url=cell("url"),
            metadata=metadata,
            origin=row_origin,
        )


# --- HTML -----------------------------------------------------------------------------

_MIN_HTML_WORDS = 5


def _read_html(data: bytes, origin: str, stem: str) -> Iterator[Article | ReadError]:
    import trafilatura

    html = _decode_markup(data, html=True)
    try:
        document = trafilatura.bare_extraction(html, with_metadata=True)
    except Exception as exc:  # noqa: BLE001 - a parser crash is one bad input, not fatal
        yield ReadError(origin, f"could not parse HTML: {exc}")
        return
    if document is None:
        yield ReadError(origin, "HTML page has no main text")
        return
    found = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    title = (found.get("title") or "").strip() or None
    lines = [line.strip() for line in (found.get("text") or "").split("\n") if line.strip()]
    if lines and title and lines[0] == title:
        lines = lines[1:]  # trafilatura repeats the <h1> headline as the first line
    text = "\n\n".join(lines)
    if len(text.split()) < _MIN_HTML_WORDS:
        yield ReadError(origin, "HTML page has no main text")
        return
    metadata: dict[str, Any] = {}
    for key in ("author", "description", "sitename", "hostname", "categories", "tags"):
        value = found.get(key)
        if value:
            metadata[key] = value
    yield Article(
        id=stem,
        text=text,
        title=title,
        date=found.get("date") or None,
        source=found.get("sitename") or None,
        url=found.get("url") or None,
        metadata=metadata,
        origin=origin,
    )


# --- RSS / Atom -----------------------------------------------------------------------


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_BLOCK_TAGS = _word_set(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote tr table section article header "
    "footer pre hr dd dt"
)


def _html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: tags dropped, one blank line between blocks."""
    import lxml.html
    from lxml import etree

    if "<" not in fragment and "&" not in fragment:
        return "\n\n".join(part.strip() for part in re.split(r"\n\s*\n", fragment) if part.strip())
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return fragment.strip()
    for bad in root.xpath(".//script|.//style|.//noscript"):
        bad.drop_tree()
    pieces: list[str] = []

    def walk(element: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        block = tag.lower() in _BLOCK_TAGS
        if block:
            pieces.append("\n\n")
        if element.text and isinstance(element.tag, str):
            pieces.append(element.text)
        for child in element:
            walk(child)
        if block:
            pieces.append("\n\n")
        if element.tail:
            pieces.append(element.tail)

    walk(root)
    paragraphs = re.split(r"\n\s*\n", "".join(pieces))
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def _entry_text(entry: Any) -> str:
    candidates: list[tuple[str, str]] = []
    for content in entry.get("content") or []:
        value = content.get("value") or ""
        candidates.append((value, content.get("type") or "text/html"))
    if not candidates or not any(value.strip() for value, _ in candidates):
        detail = entry.get("summary_detail") or {}
        candidates = [(entry.get("summary") or "", detail.get("type") or "text/html")]
    value, kind = max(candidates, key=lambda pair: len(pair[0]))
    if kind == "text/plain":
        return value.strip()
    return _html_to_text(value)


def _entry_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if isinstance(parsed, time.struct_time):
            return normalize_date(parsed)
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if raw:
            return str(raw)
    return None


def _read_feed(data: bytes, origin: str, stem: str) -> Iterator[Article | ReadError]:
    import feedparser

    text = _decode_markup(data, html=False)
    try:
        parsed = feedparser.parse(text)
    except Exception as exc:  # noqa: BLE001 - a parser crash is one bad input, not fatal
        yield ReadError(origin, f"could not parse feed: {exc}")
        return
    entries = parsed.get("entries") or []
    if parsed.get("bozo") and not any(_entry_text(entry).strip() for entry in entries):
        # Broken XML that yields no readable item: one error for the file, not per item.
        problem = str(parsed.get("bozo_exception") or "").strip()
        problem = re.sub(r"^<unknown>:(\d+):(\d+): ", r"line \1, column \2: ", problem)
        yield ReadError(origin, f"malformed feed: {problem}" if problem else "malformed feed")
        return
    if not entries:
        yield ReadError(origin, "not an RSS/Atom feed, or a feed with no items")
        return
    feed = parsed.get("feed") or {}
    feed_title = (feed.get("title") or "").strip() or None
    for number, entry in enumerate(entries, start=1):
        item_origin = f"{origin}:{number}"
        text = _entry_text(entry)
        if not text.strip():
            yield ReadError(item_origin, "empty article (no text)")
            continue
        link = entry.get("link") or None
        metadata: dict[str, Any] = {}
        if entry.get("author"):
            metadata["author"] = entry["author"]
        tags = [tag.get("term") for tag in entry.get("tags") or [] if tag.get("term")]
        if tags:
            metadata["tags"] = tags
        title = entry.get("title")
        yield Article(
            id=entry.get("id") or link or f"{stem}-{number}",
            text=text,
            title=_html_to_text(title) if title else None,
            date=_entry_date(entry),
            source=feed_title,
            url=link,
            metadata=metadata,
            origin=item_origin,
        )
