"""spaCy's entity recogniser, run only over the part of a sentence where names can be.

The recogniser has its own embedding (four convolution layers of width 96) and a transition
loop, and cost as much CPU as the rest of the pipeline together (7.6 s of 15 per 100 news
articles). Entities are read for names only (people, organisations, places …: words that
start with a capital, or hold a digit), so each sentence is cut to the tokens from the first
such word to the last, with a margin of `MARGIN` tokens either side: the embedding of a
token sees four tokens either side (window 1, depth 4), so every capitalised token keeps
exactly the vector it had in the whole sentence. A sentence with none (only an opening "The"
or "It") is not run at all. About a third of news tokens lie outside those crops.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

MARGIN = 4


def _crop(doc: Any) -> tuple[int, int] | None:
    """The token range the recogniser needs to see, or None when the sentence names nothing."""
    first = last = -1
    for tok in doc:
        text = tok.text
        if not text:
            continue
        named = (
            (text[0].isupper() and not (tok.i == 0 and tok.is_stop))
            or any(ch.isdigit() for ch in text)
            or (text[0].islower() and any(ch.isupper() for ch in text[1:]))
        )  # "iPhone", "eBay"
        if named:
            if first < 0:
                first = tok.i
            last = tok.i
    if first < 0:
        return None
    return max(0, first - MARGIN), min(len(doc), last + MARGIN + 1)


class CroppedNer:
    """The pipeline's `ner` component, run over each sentence's crop (see module doc)."""

    def __init__(self, ner: Any) -> None:
        self.ner = ner

    def pipe(self, docs: Iterable[Any], batch_size: int = 256) -> Iterator[Any]:
        stream = iter(docs)
        while batch := list(islice(stream, batch_size)):
            yield from self._batch(batch)

    def _batch(self, docs: list[Any]) -> list[Any]:
        from spacy.tokens import Span

        crops = [_crop(doc) for doc in docs]
        todo = [(doc, c) for doc, c in zip(docs, crops, strict=True) if c is not None]
        pieces = [doc if c == (0, len(doc)) else doc[c[0] : c[1]].as_doc() for doc, c in todo]
        for (doc, (start, _)), piece in zip(
            todo, self.ner.pipe(pieces, batch_size=len(pieces) or 1), strict=True
        ):
            if piece is not doc:
                doc.ents = [
                    Span(doc, e.start + start, e.end + start, label=e.label) for e in piece.ents
                ]
        for doc, c in zip(docs, crops, strict=True):
            if c is None:
                doc.ents = []
        return docs
