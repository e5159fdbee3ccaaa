"""A report that one speaker denies and another account states: "The CEO denied that the deal
is approved" against "The deal is approved".

The extractor gives a reported denial as its content ("The deal is approved.", polarity
negative, verb "deny", speaker the CEO), so the two claims' texts state the same thing and the
NLI model, reading the texts, sees agreement. The disagreement is in the record: one side's
speaker rejects the proposition the other side states. A denial whose object is a noun phrase
("The man denies arson", "The minister rejected the proposal") keeps its verb in the claim's
text and is not such a report: it denies a charge or a proposal, and the judge's
restatement rule already leaves it alone (bench/judge.md, 26 Nov).
"""

from __future__ import annotations

from checker.rules import Reading

DENIED_REPORT = "denied_report"
# The two texts state one proposition: most of the shorter text's content lemmas in the
# longer, and embeddings nearly as close as a paraphrase's (MRPC's threshold is 0.72).
CONTAINED = 0.8
COSINE = 0.8


def denied_report(a: Reading, b: Reading, cosine: float) -> str | None:
    """The evidence when one claim is a reported denial of what the other states, else None."""
    if a.denied_report == b.denied_report or cosine < COSINE:
        return None
    denial, other = (a, b) if a.denied_report else (b, a)
    if other.negative:
        return None
    smaller = min(len(denial.lemmas), len(other.lemmas))
    if not smaller or len(denial.lemmas & other.lemmas) / smaller < CONTAINED:
        return None
    return f"one claim's speaker denies what the other states ('{_cut(denial.text)}')"


def _cut(text: str, words: int = 10) -> str:
    cut = text.split()
    return " ".join(cut[:words]) + (" …" if len(cut) > words else "")
