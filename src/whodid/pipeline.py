"""The pipeline: the one module that knows the order of the stages.

read -> normalize -> parse -> actors -> places -> actor context -> times -> events -> quotes
-> write

Every stage is a plain callable over a :class:`~whodid.document.Document`; the parse is
batched through spaCy's ``nlp.pipe``, and a batch goes through the stages together: a stage
with a ``pipe(documents, run)`` method (the events stage) gets the whole batch.
A failure in one article is reported for that article and never stops the batch.
"""

from __future__ import annotations

import ctypes
import dataclasses
import datetime as dt
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from whodid import __version__
from whodid.actors import ActorCoder, locate_groups
from whodid.document import Document
from whodid.events import EventCoder
from whodid.gazetteer import gazetteer
from whodid.knowledge import knowledge_base
from whodid.lexicon import Lexicon, load_lexicon
from whodid.model import Article, CodedArticle
from whodid.nlp import DEFAULT_MODEL, MAX_CHARS, build_nlp, load_nlp
from whodid.normalize import normalize_article
from whodid.places import find_places
from whodid.quotes import QuoteFinder
from whodid.times import find_times

#: Seconds of coding (after the parse) one article may take before it is given up with a
#: clear message; the sentence cap in :mod:`whodid.nlp` keeps real articles far below it.
TIME_BUDGET_SECONDS = 120.0

Stage = Callable[[Document], None]


@dataclass
class Failure:
    """An input that could not be read or coded, with the reason."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


class CodingError(RuntimeError):
    """Raised by the API when an article cannot be coded."""


def _times(document: Document) -> None:
    published = None
    if document.article.date:
        try:
            published = dt.date.fromisoformat(document.article.date[:10])
        except ValueError:
            published = None
    # only the parsed prefix: a 20 MB article must not spend minutes on its unparsed tail
    document.times = find_times(document.article.text[:MAX_CHARS], published, document.doc)


class Pipeline:
    """Codes articles into :class:`CodedArticle` results.

    >>> pipeline = Pipeline()  # doctest: +SKIP
    >>> result = pipeline.code_text("Iran rejected the offer.", date="2014-06-18")  # doctest: +SKIP
    """

    def __init__(self, model: str = DEFAULT_MODEL, lexicon: Lexicon | None = None,
                 lexicon_files: Iterable[str] = (), batch_size: int = 16,
                 min_confidence: float = 0.0, use_classifier: bool = True,
                 actor_dictionaries: Iterable[str] = (),
                 time_budget: float = TIME_BUDGET_SECONDS, own_nlp: bool = False) -> None:
        # own_nlp: a spaCy pipeline of its own rather than the process's shared one, for a
        # pipeline that codes in a thread beside another (whodid serve's two lanes)
        self.nlp = build_nlp(model) if own_nlp else load_nlp(model)
        self.time_budget = time_budget
        self.lexicon = lexicon or load_lexicon(lexicon_files)
        self.batch_size = batch_size
        self.min_confidence = min_confidence
        dictionary = None
        if actor_dictionaries:
            from whodid.dictionaries import load_dictionaries

            dictionary = load_dictionaries(actor_dictionaries)
        self.dictionary_warnings = [str(w) for w in dictionary.warnings] if dictionary else []
        classifier = None
        if use_classifier:
            from whodid.fallback import learned_fallback, unavailable_reason

            classifier = learned_fallback()
            # said once, with the dictionaries' warnings (also by parallel runs)
            if (reason := unavailable_reason()) is not None:
                self.dictionary_warnings.append(reason)
        # The knowledge base and the gazetteer (whose index is built on first use, a minute
        # on a slow machine) are loaded now, not against the first article's time budget.
        knowledge_base()
        gazetteer()
        self.stages: list[tuple[str, Stage]] = [
            ("actors", ActorCoder(self.lexicon.word_set("reporting_verbs"), dictionary,
                                  self.lexicon.word_set("representing_heads"))),
            ("places", find_places),
            # a group named by its role alone takes a country from the places around it
            ("actor context", locate_groups),
            ("times", _times),
            ("events", EventCoder(self.lexicon, classifier)),
            ("confidence", self._drop_unsure_events),
            ("quotes", QuoteFinder(self.lexicon)),
        ]

    def _drop_unsure_events(self, document: Document) -> None:
        """--min-confidence, before quotes link to events by index."""
        if self.min_confidence > 0:
            document.events = [e for e in document.events
                               if e.confidence >= self.min_confidence]

    # -- API ---------------------------------------------------------------------------
    def code_text(self, text: str, date: str | None = None, title: str | None = None,
                  id: str = "text") -> CodedArticle:
        """Code one article given as text."""
        article = normalize_article(Article(id=id, text=text, title=title, date=date,
                                            origin="<text>"))
        outcome = next(self.run([article]))
        if isinstance(outcome, Failure):
            raise CodingError(str(outcome))
        return outcome

    def code_articles(self, articles: Iterable[Article], on_error: str = "raise"
                      ) -> Iterator[CodedArticle]:
        """Stream coded results; ``on_error`` is "raise" or "skip"."""
        for outcome in self.run(articles):
            if isinstance(outcome, Failure):
                if on_error == "raise":
                    raise CodingError(str(outcome))
                continue
            yield outcome

    def run(self, items: Iterable[Article | Failure | object]) -> Iterator[CodedArticle | Failure]:
        """Code a stream of articles; read errors and coding failures come out as Failures,
        in input order."""
        iterator = iter(items)
        while batch := list(islice(iterator, self.batch_size)):
            yield from self._run_batch(batch)

    # -- internals -----------------------------------------------------------------------
    def _run_batch(self, batch: list) -> Iterator[CodedArticle | Failure]:
        articles: list[Article] = []
        outcomes: list[CodedArticle | Failure | None] = []
        for item in batch:
            if isinstance(item, Article):
                if not item.text or not item.text.strip():
                    outcomes.append(Failure(item.origin or item.id, "empty article (no text)"))
                    continue
                articles.append(item)
                outcomes.append(None)
            else:
                outcomes.append(Failure(getattr(item, "origin", "?"),
                                        getattr(item, "reason", str(item))))
        docs = self.nlp.pipe((_parse_text(a) for a in articles), batch_size=self.batch_size)
        jobs = [_Job(article, doc) for article, doc in zip(articles, docs, strict=True)]
        self._code_documents(jobs)
        coded = iter(jobs)
        for outcome in outcomes:
            yield outcome if outcome is not None else next(coded).outcome()

    def _code_documents(self, jobs: list[_Job]) -> None:
        """Run the stages over a batch of documents, stage by stage.  A stage with a ``pipe``
        method (the events stage) gets the batch at once, so that its learned fallback
        embeds the sentences of all of them together (the encoder costs less than half as
        much per sentence in batches of 32 as one at a time); each document's own steps still
        run under its time budget, and its failure is its own."""
        by_document = {id(job.document): job for job in jobs}
        for stage_name, stage in self.stages:
            live = [job for job in jobs if job.failure is None]
            if not live:
                return

            def run(document: Document, step: Callable, *args, stage_name: str = stage_name):
                return self._run_step(by_document[id(document)], stage_name, step, *args)

            pipe = getattr(stage, "pipe", None)
            if pipe is None:
                for job in live:
                    run(job.document, stage, job.document)
                continue
            try:
                pipe([job.document for job in live], run)
            except Exception as error:  # in the batch's shared work: every document fails
                for job in live:
                    if job.failure is None:
                        job.fail(f"coding failed in the {stage_name} stage: "
                                 f"{type(error).__name__}: {error}")

    def _run_step(self, job: _Job, stage_name: str, step: Callable, *args) -> tuple[bool, object]:
        """``step(*args)`` for one document, under what is left of its time budget: (True,
        its value), or (False, None) with the document's failure recorded."""
        started = time.monotonic()
        try:
            with Deadline(self.time_budget - job.seconds):
                return True, step(*args)
        except OverBudget:
            # A backstop for inputs nobody has thought of: the batch goes on.
            elapsed = job.seconds + time.monotonic() - started
            job.fail(f"coding stopped in the {stage_name} stage: {elapsed:.0f} s is over the "
                     f"{self.time_budget:g} s budget per article "
                     f"({len(job.article.text):,} characters); split the article or raise "
                     "the budget")
        except Exception as error:  # one bad article must not stop the batch
            job.fail(f"coding failed in the {stage_name} stage: {type(error).__name__}: "
                     f"{error}")
        finally:
            job.seconds += time.monotonic() - started
        return False, None


class _Job:
    """One article on its way through the stages: its document, the coding time it has
    spent, and its failure if it failed."""

    def __init__(self, article: Article, doc) -> None:
        # Every stage sees the text the parser saw: the first MAX_CHARS characters.  Stages
        # that read the text itself (places, quotes) would otherwise spend minutes on a 2 MB
        # tail that has no parse.
        self.article = article
        self.truncated = len(article.text) > MAX_CHARS
        seen = dataclasses.replace(article, text=article.text[:MAX_CHARS]) if self.truncated \
            else article
        self.document = Document(article=seen, doc=doc)
        self.seconds = 0.0
        self.failure: Failure | None = None

    def fail(self, reason: str) -> None:
        self.failure = Failure(self.article.origin or self.article.id, reason)

    def outcome(self) -> CodedArticle | Failure:
        if self.failure is not None:
            return self.failure
        result = self.document.to_result(__version__)
        if self.truncated:
            # the record keeps the whole text (offsets into its head hold) and says where
            # coding stopped
            result.text, result.content_hash = self.article.text, self.article.content_hash
            result.metadata = {**result.metadata, "truncated_at": MAX_CHARS}
        return result


class OverBudget(BaseException):
    """Raised inside the coding thread when an article's coding outlives its budget; a
    BaseException, so that no stage's ``except Exception`` swallows it."""


class Deadline:
    """Stop the calling thread's Python code with :class:`OverBudget` after ``seconds``.

    The budget used to be checked only between stages, so one slow stage could run for
    minutes past it.  A timer thread raises :class:`OverBudget` asynchronously in the
    coding thread (``PyThreadState_SetAsyncExc``, delivered at its next Python bytecode),
    which works in any thread: the CLI's main thread, a worker process, the server's coding
    threads.  It is sent again every second until the block is left, since Python drops
    one raised inside a gc callback or a ``__del__``.  Leaving the block disarms the timer
    and withdraws an exception not yet delivered; one delivered while leaving propagates as
    OverBudget, so callers keep the whole ``with`` inside ``try ... except OverBudget``.
    """

    #: Seconds between sending the exception again while the block has not been left.
    RESEND_SECONDS = 1.0

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._lock = threading.Lock()
        self._armed = False
        self._fired = False
        self._thread_id = 0
        self._timer: threading.Timer | None = None

    @property
    def fired(self) -> bool:
        """Whether the time ran out (the exception was sent, or withdrawn on leaving)."""
        return self._fired

    def _fire(self) -> None:
        with self._lock:
            if not self._armed:
                return
            self._fired = True
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._thread_id),
                                                       ctypes.py_object(OverBudget))
            # Python drops an exception raised in a gc or weakref callback or a __del__
            # ("Exception ignored in ..."), and the thread would run on for minutes; so it
            # is sent again every second until the block is left.
            self._timer = threading.Timer(self.RESEND_SECONDS, self._fire)
            self._timer.daemon = True
            self._timer.start()

    def __enter__(self) -> Deadline:
        self._thread_id = threading.get_ident()
        self._armed = True
        self._timer = threading.Timer(self.seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc_info: object) -> None:
        with self._lock:
            self._armed = False
            if self._timer is not None:
                self._timer.cancel()
            if self._fired:  # withdraw it if it has not been raised yet
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._thread_id),
                                                           None)
        if self._fired and exc_type is None:
            # the time ran out, but the exception was withdrawn on leaving or delivered into
            # code that swallows exceptions (a weakref callback, a __del__): over all the same
            raise OverBudget


def _parse_text(article: Article) -> str:
    """The text the parser sees: the dateline blanked with spaces so that offsets hold and
    "TEHRAN (Tasnim) -" never joins the first sentence's subject."""
    text = article.text[:MAX_CHARS]
    dateline = article.dateline
    if dateline is not None and dateline.end <= len(text):
        text = text[:dateline.start] + " " * (dateline.end - dateline.start) + text[dateline.end:]
    return text
