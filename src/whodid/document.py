"""The working document the pipeline stages read and annotate, one per article.

Stages are plain functions ``stage(document) -> None`` that add to the lists here; only
``pipeline.py`` knows their order.  ``to_result`` freezes a document into the typed
:class:`~whodid.model.CodedArticle` that leaves the pipeline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from whodid.model import Actor, Article, CodedArticle, Event, Place, Quote, TimeExpression

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass
class Document:
    article: Article
    doc: Doc
    actors: list[Actor] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    #: token index of a noun-phrase head -> the actor that phrase names (actors stage)
    actor_by_head: dict[int, Actor] = field(default_factory=dict)
    #: the dateline's place, resolved (places stage)
    dateline_place: Place | None = None

    @property
    def publication_day(self) -> dt.date | None:
        """The article's date, or None when it has none (states, posts and names are read
        as of this day)."""
        try:
            return dt.date.fromisoformat((self.article.date or "")[:10])
        except ValueError:
            return None

    def to_result(self, coder_version: str) -> CodedArticle:
        article = self.article
        return CodedArticle(
            id=article.id,
            title=article.title,
            date=article.date,
            source=article.source,
            url=article.url,
            dateline=article.dateline,
            text=article.text,
            content_hash=article.content_hash,
            coder_version=coder_version,
            events=self.events,
            quotes=self.quotes,
            places=self.places,
            times=self.times,
            actors=self.actors,
            metadata=article.metadata,
        )
