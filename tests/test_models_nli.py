"""The NLI back-ends with real models: the shipped ONNX model and a tiny CrossEncoder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from checker.errors import CheckerError
from checker.models import AegisNLI, CrossEncoderNLI, _aegis_files, dynamic_sequence_model

pytestmark = pytest.mark.slow

PAIRS = [
    ("A man is sleeping on a couch.", "A man is running a marathon."),
    (
        "Kim Yo Jong said no summit will take place this year.",
        "Trump said a summit would certainly happen.",
    ),
    ("Two dogs play in the snow.", "Animals are outside."),
    ("The talks in Stockholm broke down in October after one day of meetings.", "Talks failed."),
]


@pytest.fixture(scope="module")
def aegis(tmp_path_factory: pytest.TempPathFactory) -> AegisNLI:
    return AegisNLI(tmp_path_factory.mktemp("models"))


def test_a_pair_scores_the_same_alone_and_among_others(aegis: AegisNLI) -> None:
    together = aegis.contradiction(PAIRS)
    alone = np.array([aegis.contradiction([p])[0] for p in PAIRS])
    reordered = aegis.contradiction(PAIRS[::-1])[::-1]
    assert np.array_equal(together, alone) and np.array_equal(together, reordered)


def test_the_shipped_padded_graph_leaks_batch_composition() -> None:
    # Why pairs run alone: in one padded batch, the int8 graph's per-tensor activation scale
    # lets the other pairs move a pair's score.
    import onnxruntime
    from tokenizers import Tokenizer

    model, tokenizer_file = _aegis_files()
    session = onnxruntime.InferenceSession(str(model), providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(str(tokenizer_file))

    def first_score(batch: list[tuple[str, str]]) -> float:
        enc = tokenizer.encode_batch(batch)
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
        logits = session.run(None, {"input_ids": ids, "attention_mask": mask})[0][0]
        return float(np.exp(logits[1]) / np.exp(logits).sum())

    scores = {first_score([PAIRS[0], other]) for other in PAIRS[1:]} | {first_score([PAIRS[0]])}
    assert max(scores) - min(scores) > 1e-3


def test_contradictions_outscore_entailment_read_both_ways(aegis: AegisNLI) -> None:
    both = [(a, b) for a, b in PAIRS[:3]] + [(b, a) for a, b in PAIRS[:3]]
    s = aegis.contradiction(both)
    lower = np.minimum(s[:3], s[3:])
    assert lower[0] > 0.8 and lower[1] > 0.8 and lower[2] < 0.5


def test_the_dynamic_model_is_written_once(tmp_path: Path) -> None:
    source, _ = _aegis_files()
    first = dynamic_sequence_model(source, tmp_path)
    stamp = first.stat().st_mtime_ns
    assert dynamic_sequence_model(source, tmp_path) == first and first.stat().st_mtime_ns == stamp
    import onnx

    dims = onnx.load(str(first), load_external_data=False).graph.input[0].type.tensor_type.shape.dim
    assert dims[1].dim_param == "sequence"


def tiny_cross_encoder(folder: Path, labels: dict[int, str]) -> Path:
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers, processors
    from transformers import BertConfig, BertForSequenceClassification, PreTrainedTokenizerFast

    words = [
        "a",
        "man",
        "is",
        "sleeping",
        "running",
        "marathon",
        "two",
        "dogs",
        "play",
        "in",
        "the",
        "snow",
        "animals",
        "are",
        "outside",
    ]
    vocab = {t: i for i, t in enumerate(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *words])}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", 2), ("[SEP]", 3)],
    )
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        mask_token="[MASK]",
    )
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=64,
        num_labels=len(labels),
        id2label=labels,
        label2id={v: k for k, v in labels.items()},
    )
    torch.manual_seed(0)
    BertForSequenceClassification(config).save_pretrained(folder)
    fast.save_pretrained(folder)
    return folder


def reference(folder: Path, pairs: list[tuple[str, str]], index: int) -> Any:
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForSequenceClassification.from_pretrained(folder).eval()
    with torch.no_grad():
        enc = tok([a for a, _ in pairs], [b for _, b in pairs], padding=True, return_tensors="pt")
        return model(**enc).logits.softmax(-1)[:, index].numpy()


def test_cross_encoder_maps_labels_through_id2label(tmp_path: Path) -> None:
    folder = tiny_cross_encoder(
        tmp_path / "nli", {0: "entailment", 1: "neutral", 2: "contradiction"}
    )
    scorer = CrossEncoderNLI(str(folder))
    pairs = [(a.lower().rstrip("."), b.lower().rstrip(".")) for a, b in PAIRS[:3] if "Kim" not in a]
    got = scorer.contradiction(pairs)
    assert np.allclose(got, reference(folder, pairs, 2), atol=1e-4)
    alone = np.array([scorer.contradiction([p])[0] for p in pairs])
    assert np.array_equal(got, alone)


def test_cross_encoder_without_a_contradiction_label_is_a_clear_error(tmp_path: Path) -> None:
    folder = tiny_cross_encoder(tmp_path / "sts", {0: "different", 1: "same"})
    with pytest.raises(
        CheckerError, match=r"no contradiction label; its labels are \['different', 'same'\]"
    ):
        CrossEncoderNLI(str(folder)).contradiction([("a man", "two dogs")])
