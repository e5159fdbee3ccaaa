from __future__ import annotations

import pytest

from checker import boilerplate
from checker.ingest import ingest

from .conftest import SEEDS


def kinds(text: str) -> list[tuple[str, str, str]]:
    return [(text[b.start : b.end], b.kind, b.rule) for b in boilerplate.classify(text)]


ARTICLE_BODY = (
    "The finance ministers of the two countries met in Brussels on Monday to discuss a new trade "
    "agreement, officials from both sides said after the meeting ended."
)


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Subscribe to our newsletter for the latest updates", "share-prompt"),
        ("Follow us on Twitter and Facebook for breaking news!", "share-prompt"),
        (
            "We use cookies to improve your experience. By continuing you accept our privacy policy.",
            "cookie-notice",
        ),
        ("By Jane Doe, staff writer", "byline"),
        ("Reporting by John Smith; Editing by Alex Roe", "byline"),
        ("Please direct comments or questions to [desk@example.com]", "contact"),
        ("Updated: 2021-03-04 10:00 GMT", "dateline"),
        ("March 4, 2021", "dateline"),
        ("Skip to main content", "navigation"),
        ("Share", "navigation"),
        (
            "Photos: Storm season Photos: Storm season A tree fell on a car. Hide Caption 1 of 9 "
            "Photos: Storm season Roads were closed. Hide Caption 2 of 9 Photos: Storm season "
            "Crews cleared the streets. Hide Caption 3 of 9",
            "caption",
        ),
        (
            "JUST WATCHED Storm hits the coast Replay More Videos ... MUST WATCH Storm hits the "
            "coast",
            "repeated-phrase",
        ),
    ],
)
def test_boilerplate_lines_in_the_body_are_dropped(line: str, rule: str) -> None:
    text = f"Ministers agree on a new trade pact\n\n{ARTICLE_BODY}\n\n{line}\n\n{ARTICLE_BODY.replace('Monday', 'Tuesday')}\n"
    found = {t: (k, r) for t, k, r in kinds(text)}
    assert found[line] == ("boilerplate", rule)
    assert found[ARTICLE_BODY] == ("body", "")


def test_captions_in_the_header_are_dropped() -> None:
    text = (
        "Ministers agree on a new trade pact\n\n"
        "The two ministers shake hands (Jane Roe/Reuters)\n"
        "Delegates arrive for the summit at the European Council in Brussels, Belgium, on Feb. 3.\n"
        "Delegates arrive for the summit at the European Council in Brussels, Belgium, on Feb. 3.\n\n"
        f"{ARTICLE_BODY}\n"
    )
    result = kinds(text)
    assert [k for _, k, _ in result] == [
        "headline",
        "boilerplate",
        "boilerplate",
        "boilerplate",
        "body",
    ]
    assert {r for _, k, r in result if k == "boilerplate"} == {"caption", "repeated-line"}


def test_everything_after_a_related_stories_heading_is_dropped() -> None:
    text = f"Headline of the story here\n\n{ARTICLE_BODY}\n\nRelated stories\n\n{ARTICLE_BODY.replace('two', 'three')}\n"
    result = kinds(text)
    assert result[-1][1:] == ("boilerplate", "related-tail")


def test_a_deck_under_the_headline_is_kept_as_headline_text() -> None:
    text = f"Ministers agree on a new trade pact\nEU and Japan end years of talks on tariffs\n\n{ARTICLE_BODY}\n"
    assert [k for _, k, _ in kinds(text)] == ["headline", "deck", "body"]


def test_wrapped_paragraphs_are_one_block() -> None:
    text = (
        "Headline of the story here\n\n"
        "The finance ministers of the two countries met in Brussels on Monday to discuss\n"
        "a new trade agreement, officials from both sides said after the meeting ended.\n"
    )
    assert len(boilerplate.classify(text)) == 2


def test_no_seed_claim_is_made_of_boilerplate() -> None:
    from checker.claims import extract

    corpus = ingest([SEEDS])
    texts = [c.text for d in corpus.documents for c in extract(d)]
    junk = (
        "Telegram",
        "Flickr",
        "Accessibility",
        "Please Wait",
        "favorites",
        "Local Editor",
        "Posted on",
        "staff writer",
        "hani.co.kr",
        "button",
        "Related stories",
        "file image",
        "Davos",
        "Source: News Agencies",
    )
    for text in texts:
        assert not any(j in text for j in junk), text


ORDINARY = [
    "Russia blocked Telegram on Friday, officials said.",
    "The company will donate $5 million to the families of the victims.",
    "The company changed its privacy policy last week.",
    "Sources said the police detained 40 people on Saturday.",
    "Protesters gathered outside the parliament on March 11.",
    "Putin denied the report.",
]


@pytest.mark.parametrize("sentence", ORDINARY)
@pytest.mark.parametrize("where", ["alone", "first", "middle", "last"])
def test_an_ordinary_sentence_is_never_boilerplate(sentence: str, where: str) -> None:
    body = [ARTICLE_BODY, ARTICLE_BODY.replace("Monday", "Tuesday")]
    parts = {
        "alone": [sentence],
        "first": ["Ministers agree on a new trade pact", sentence, *body],
        "middle": ["Ministers agree on a new trade pact", body[0], sentence, body[1]],
        "last": ["Ministers agree on a new trade pact", *body, sentence],
    }[where]
    text = "\n\n".join(parts) + "\n"
    found = {t: (k, r) for t, k, r in kinds(text)}
    assert found[sentence] == ("body", "")


@pytest.mark.parametrize(
    "note", ["This article is more than 2 years old.", "Watch the video.", "Officials said."]
)
def test_a_short_sentence_above_the_headline_does_not_end_the_header(note: str) -> None:
    text = f"{note}\n\nRussia blocks messaging app\n\n{ARTICLE_BODY}\n"
    assert [(k, r) for _, k, r in kinds(text)] == [("body", ""), ("headline", ""), ("body", "")]


def test_a_short_first_sentence_under_the_headline_stays_the_lede() -> None:
    text = f"Russia blocks messaging app\n\nOfficials said.\n\nMinisters meet in Brussels on Monday\n\n{ARTICLE_BODY}\n"
    assert [k for _, k, _ in kinds(text)][:2] == ["headline", "body"]


def test_a_short_headline_is_a_headline() -> None:
    text = "Russia blocks messaging app\n\nRussia blocked Telegram on Friday, officials said.\n"
    assert [k for _, k, _ in kinds(text)] == ["headline", "body"]


@pytest.mark.parametrize(
    "title",
    [
        "SEACOM downtime explained",
        "CHARGERS' RECEIVER ARRESTED",
        "Santorum Defends Comments on Obama and Education",  # "comments" in a longer line
        "Deal of Century",
    ],
)
def test_a_short_title_right_above_the_body_is_a_headline(title: str) -> None:
    assert kinds(f"{title}\n\n{ARTICLE_BODY}\n") == [
        (title, "headline", ""),
        (ARTICLE_BODY, "body", ""),
    ]
    # a date line between the title and the body changes nothing
    found = kinds(f"{title}\n\nMarch 4, 2021\n\n{ARTICLE_BODY}\n")
    assert [(k, r) for _, k, r in found] == [
        ("headline", ""),
        ("boilerplate", "dateline"),
        ("body", ""),
    ]


@pytest.mark.parametrize(
    "lines",
    [
        ["Comments"],  # an interface word alone
        ["Site Mobile Navigation"],
        ["Home | World | Politics | Sport"],  # a menu
        ["- Jennifer Lawrence"],  # a list item
        ["Deputy Sheriff", "Jerry Ortiz"],  # a list of short items
        ["Local Editor"],  # a byline
        ["Some known inmates:"],  # a lead-in
    ],
)
def test_a_menu_or_list_line_above_the_body_stays_dropped(lines: list[str]) -> None:
    found = kinds("\n\n".join([*lines, ARTICLE_BODY]) + "\n")
    assert [k for _, k, _ in found] == ["boilerplate"] * len(lines) + ["body"]


@pytest.mark.parametrize(
    "line", ["Des Moines Register", "Link Copied", "Enlarge this image toggle caption AP"]
)
def test_a_short_line_below_the_title_is_no_second_title(line: str) -> None:
    found = kinds(f"Ministers agree on a new trade pact\n\n{line}\n\n{ARTICLE_BODY}\n")
    assert [k for _, k, _ in found] == ["headline", "boilerplate", "body"]


def test_a_short_title_repeated_across_an_outlets_articles_is_dropped() -> None:
    from checker.records import Document

    def doc(n: int) -> Document:
        text = f"Latest news today\n\nStory {'ABC'[n]} opens here.\n\nIt ends later.\n"
        return Document(
            f"d{n}", f"d{n}.txt", text, "0", "A", None, None, None, (),
            boilerplate.classify(text),
        )  # fmt: skip

    docs = [doc(0), doc(1), doc(2)]
    assert [d.blocks[0].kind for d in docs] == ["headline"] * 3
    marked = boilerplate.repeated_across_outlet(docs)
    assert [d.blocks[0].rule for d in marked] == ["repeated-in-outlet"] * 3


def test_a_one_line_article_repeated_across_an_outlets_articles_stays() -> None:
    from checker.records import Document

    # Three items of one outlet that are the same unpunctuated line (a headline-only item
    # printed again, a premise three benchmark pairs share): nothing surrounds the line, so
    # it is each item's text, not page furniture.
    def doc(n: int) -> Document:
        text = "Two cyclists racing down a mountain road\n"
        return Document(
            f"d{n}", f"d{n}.txt", text, "0", "A", None, None, None, (),
            boilerplate.classify(text),
        )  # fmt: skip

    marked = boilerplate.repeated_across_outlet([doc(0), doc(1), doc(2)])
    assert [[b.kind for b in d.blocks] for d in marked] == [["headline"]] * 3


def test_lines_repeated_across_an_outlets_articles_are_boilerplate() -> None:
    from checker.records import Document

    def doc(n: int, outlet: str) -> Document:
        what = ["A fire", "A flood", "A storm", "A strike"][n - 1]
        text = (
            f"{what} hit the city today.\n\nPrint edition page A4\n\n"
            f"Officials counted {what.lower()} damage.\n\nThis site has been run by volunteers since "
            f"{2016 + n}.\n"
        )
        return Document(
            f"d{n}", f"d{n}.txt", text, "0", outlet, None, None, None, (),
            boilerplate.classify(text),
        )  # fmt: skip

    docs = [doc(1, "A"), doc(2, "A"), doc(3, "A"), doc(4, "B")]
    marked = boilerplate.repeated_across_outlet(docs)
    rules = [[b.rule for b in d.blocks] for d in marked]
    # the line without a sentence end goes wherever it stands; the volunteers line (its
    # year aside, the same) after the article's last sentence of its own
    assert rules[:3] == [["", "repeated-in-outlet", "", "repeated-in-outlet"]] * 3
    assert rules[3] == ["", "", "", ""]  # one article of outlet B: nothing to compare with


def test_a_sentence_repeated_inside_an_outlets_articles_stays() -> None:
    from checker.records import Document

    shared = "The suspect has denied any wrongdoing.\n\n"

    def doc(n: int) -> Document:
        text = f"Story {'ABC'[n]} opens here.\n\n{shared}It ends with {'XYZ'[n]} later.\n"
        return Document(
            f"d{n}", f"d{n}.txt", text, "0", "A", None, None, None, (),
            boilerplate.classify(text),
        )  # fmt: skip

    marked = boilerplate.repeated_across_outlet([doc(0), doc(1), doc(2)])
    assert all(b.kind != "boilerplate" for d in marked for b in d.blocks)


def test_a_headline_repeated_as_the_first_paragraph_stays_the_headline() -> None:
    text = f"Ministers agree on a new trade pact\n\nMinisters agree on a new trade pact\n\n{ARTICLE_BODY}\n"
    assert [(k, r) for _, k, r in kinds(text)] == [
        ("headline", ""),
        ("boilerplate", "repeated-line"),
        ("body", ""),
    ]


@pytest.mark.parametrize(
    "address",
    [
        "http: / / www. example. com / news / ferry - sinks - off - coast _ article",
        "https://example.org/2021/03/04/ferry-sinks",
        "www.example.net/ferry",
    ],
)
def test_an_address_above_the_title_is_a_link_and_the_title_stays_the_headline(
    address: str,
) -> None:
    title = "Ferry Sinks Off the Coast, Crew Rescued"
    found = kinds(f"{address}\n\n{title}\n\n{ARTICLE_BODY}\n")
    assert [(k, r) for _, k, r in found] == [
        ("boilerplate", "link"),
        ("headline", ""),
        ("body", ""),
    ]
