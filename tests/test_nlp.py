"""The parse behind the small interface in checker.models.nlp, with the real spaCy model."""

from __future__ import annotations

import pytest

from checker import segment
from checker.models import nlp
from checker.models.attribute_rules import IndexedRuler

from .conftest import SEEDS

pytestmark = pytest.mark.slow

SLANG = [
    "Gon na get it done , y'all ai n't doin' nothin' .",
    "There is a cat.  \n\n It 's here . Let 's go ! I did it, you know it , I told you.",
    "C'm on , 'em 'll gotta go and he gets what he got.",
]


def _sentences() -> list[str]:
    out = list(SLANG)
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out.extend(text[s:e] for s, e in segment.sentences(text, 0, len(text)))
    return out


def test_the_indexed_ruler_sets_what_the_attribute_ruler_sets() -> None:
    model = nlp.load()
    ruler, lemmatizer = model.get_pipe("attribute_ruler"), model.get_pipe("lemmatizer")
    indexed = IndexedRuler(ruler)
    docs = list(
        model.pipe(
            (nlp._one_sentence(model, t) for t in _sentences()),
            disable=["attribute_ruler", "lemmatizer", "ner"],
        )
    )
    for doc in docs:
        expected, got = lemmatizer(ruler(doc.copy())), lemmatizer(indexed(doc.copy()))
        assert [(t.pos_, str(t.morph), t.lemma_) for t in got] == [
            (t.pos_, str(t.morph), t.lemma_) for t in expected
        ], doc.text


def test_parse_gives_one_sentence_per_text_in_order() -> None:
    texts = ["Officials met on Monday. They agreed.", "Talks failed."]
    docs = list(nlp.parse(texts))
    assert [d.text for d in docs] == texts
    assert all(len(list(d.sents)) == 1 for d in docs)
    assert [t.pos_ for t in docs[1]] == ["NOUN", "VERB", "PUNCT"]


def test_the_cropped_recogniser_finds_the_names_the_whole_one_finds() -> None:
    from checker.claimtext import NAME_LABELS
    from checker.models.cropped_ner import CroppedNer

    model = nlp.load()
    ner = model.get_pipe("ner")
    texts = _sentences()
    whole = list(ner.pipe(nlp._one_sentence(model, t) for t in texts))
    cropped = list(CroppedNer(ner).pipe(nlp._one_sentence(model, t) for t in texts))
    names = 0
    for a, b in zip(whole, cropped, strict=True):
        expected = [(e.start, e.end, e.label_) for e in a.ents if e.label_ in NAME_LABELS]
        assert [(e.start, e.end, e.label_) for e in b.ents if e.label_ in NAME_LABELS] == (
            expected
        ), a.text
        names += len(expected)
    assert names > 100


def test_a_sentence_naming_nothing_is_not_run_through_the_recogniser() -> None:
    from checker.models.cropped_ner import MARGIN, _crop

    model = nlp.load()
    assert _crop(model.make_doc("The talks stalled after a long night.")) is None
    doc = model.make_doc(
        "After a long night of talks in the capital the envoy met Jane Roe at dawn."
    )
    start, end = _crop(doc) or (0, 0)
    assert doc[start + MARGIN].text == "Jane" and end == len(doc)


def test_spacy_loads_without_importing_torch_and_torch_imports_after() -> None:
    # A fresh interpreter: this one may hold torch already, which spacy_module leaves be.
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from checker.models import nlp\n"
        "doc = next(nlp.parse(['She said it.']))\n"
        "print('torch' in sys.modules, [t.dep_ for t in doc][:2])\n"
        "import torch\n"
        "print(torch.zeros(1).shape[0])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["False ['nsubj', 'ROOT']", "1"]
