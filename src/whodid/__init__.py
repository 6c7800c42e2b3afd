"""whodid: turn news into political event data: who did what to whom, where, when, and who
said it.

The Python API::

    import whodid
    result = whodid.code_text(text, date="2014-06-18", title="...")
    for result in whodid.code_articles(articles):   # Article objects or dicts
        ...

Results are :class:`whodid.model.CodedArticle` dataclasses; ``result.to_dict()`` is the
JSON Lines record and ``CodedArticle.from_dict`` reads it back.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

from whodid.model import Article, CodedArticle, Event  # noqa: E402

if TYPE_CHECKING:
    from whodid.pipeline import Pipeline

__all__ = ["Article", "CodedArticle", "Event", "code_articles", "code_text", "get_pipeline"]

_PIPELINE: Pipeline | None = None


def get_pipeline() -> Pipeline:
    """The process-wide default pipeline (loaded on first use)."""
    global _PIPELINE
    if _PIPELINE is None:
        from whodid.pipeline import Pipeline

        _PIPELINE = Pipeline()
    return _PIPELINE


def code_text(text: str, date: str | None = None, title: str | None = None) -> CodedArticle:
    """Code one article's text; ``date`` (YYYY-MM-DD) anchors relative dates."""
    return get_pipeline().code_text(text, date=date, title=title)


def code_articles(articles: Iterable[Article | dict[str, Any]]) -> Iterator[CodedArticle]:
    """Code a stream of articles (Article objects or dicts with at least ``text``), batched."""
    from whodid.model import article_from_dict
    from whodid.normalize import normalize_article

    def prepared() -> Iterator[Article]:
        for number, item in enumerate(articles, 1):
            if isinstance(item, dict):
                item = article_from_dict({"id": str(item.get("id") or number), **item})
            yield normalize_article(item)

    return get_pipeline().code_articles(prepared())
