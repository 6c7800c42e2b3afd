"""Events stage: code clauses and event nouns into CAMEO events from the dependency parse.

Two passes over each sentence.  The first finds *frames*: a lexicon verb, verb phrase,
light verb plus event noun ("held talks"), or event noun ("talks between X and Y"), with
its participants.  The second composes frames along the tree: an event under a rejecting
head ("dismissed the notion that Iran might cooperate") becomes a rejection; under an
intent head ("vowed to march", "would be open to cooperating") an expressed intention or
threat; under a reporting verb ("X said Y attacked Z") a reported event.  Negation turns
cooperative events into rejections and drops negated conflict.

One module per job (docs/events.md):

* :mod:`~whodid.events.coder`: :class:`EventCoder`, the stage, wiring the rest; turns each
  frame left standing into events, step by step (``EventCoder._events``);
* :mod:`~whodid.events.frames`: pass 1, the :class:`Frame` and how frames are found;
* :mod:`~whodid.events.composition`: pass 2, how frames compose along the tree;
* :mod:`~whodid.events.learned`: consulting the learned classifier;
* :mod:`~whodid.events.participants`: who takes part, as tokens of the parse;
* :mod:`~whodid.events.resolution`: from those tokens to coded actors;
* :mod:`~whodid.events.inferred`: participants the clause does not name (deeper targets,
  purposes, places, the unnamed perpetrator);
* :mod:`~whodid.events.attachment`: an event's trigger span, date and location;
* :mod:`~whodid.events.confidence`: how sure the coder is of an event;
* :mod:`~whodid.events.tree`: shapes of the parse all of them ask about.

Names with a leading underscore are the package's own, shared between its modules.
"""

from whodid.events.coder import NON_POLITICAL_WORDS, EventCoder
from whodid.events.frames import Frame
from whodid.events.learned import FALLBACK_PROBABILITY, REFINE_PROBABILITY

__all__ = ["FALLBACK_PROBABILITY", "NON_POLITICAL_WORDS", "REFINE_PROBABILITY", "EventCoder",
           "Frame"]
