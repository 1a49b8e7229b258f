"""English claims across sentences and on unseen kinds of text (issue 10): pronoun claimants, indefinite
claimants, denials pointing back, transcripts, commentary that is not a claim, actions from the predicate,
confidence, and long texts. Every sentence here is written for these tests."""

from __future__ import annotations

from datetime import datetime

import pytest

from claimledger.extract.claims import ClaimExtractor
from claimledger.extract.claims.en._discourse import transcript_turn
from claimledger.extract.claims.en._names import name_key
from claimledger.extract.claims.en._pipeline import _PIECE, _pieces
from claimledger.extract.nlp import split_sentences
from claimledger.model import Claim, Document

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def extractor() -> ClaimExtractor:
    return ClaimExtractor()


def run(extractor: ClaimExtractor, text: str) -> list[Claim]:
    document = Document.create(text=text, source="test", published_at=datetime(2024, 6, 10))
    return extractor(document, split_sentences(text), [], language="en")


def about(claims: list[Claim], word: str) -> Claim:
    found = [c for c in claims if word in c.evidence]
    assert len(found) == 1, [c.evidence for c in claims]
    return found[0]


# --- pronoun claimants: the nearest antecedent that fits by kind and number ---------------------------------


def test_it_goes_to_the_nearest_organisation_not_the_last_claimant(extractor: ClaimExtractor) -> None:
    claims = run(
        extractor,
        "Russia's Defence Ministry said its forces had taken Hrabove.\n\n"
        "Ukraine's General Staff published its evening update on Tuesday. The update covered the front.\n\n"
        "In its evening update it said Russian troops had attacked near Toretsk 14 times.",
    )
    toretsk = about(claims, "Toretsk")
    assert toretsk.claimant.canonical == "General Staff of the Armed Forces of Ukraine"
    assert (toretsk.action, toretsk.actor_side, toretsk.status) == ("attack", "RU", "claimed")


def test_they_prefers_a_plural_party_and_he_a_person(extractor: ClaimExtractor) -> None:
    claims = run(
        extractor,
        "Governor Ivan Petrenko reported that Ukrainian border guards had arrived in Sumy on Monday. "
        "The border guards described the night as quiet. "
        "They said Russian drones had struck a substation near Shostka. "
        "He said two workers were wounded.",
    )
    assert about(claims, "substation").claimant.name == "The border guards"
    assert about(claims, "wounded").claimant.name == "Ivan Petrenko"


def test_a_pronoun_with_nothing_to_stand_for_stays_and_is_less_sure(extractor: ClaimExtractor) -> None:
    claim = about(run(extractor, "It said Russian forces had advanced near Kurakhove."), "Kurakhove")
    named = about(
        run(extractor, "Ukraine's General Staff said Russian forces had advanced near Kurakhove."),
        "Kurakhove",
    )
    assert claim.claimant.name == "It"
    assert claim.confidence is not None and named.confidence is not None
    assert claim.confidence < named.confidence


# --- pronoun actors: "they", "its troops" stand for the side last named as a subject -----------------------


def test_they_and_its_take_the_side_of_an_earlier_subject(extractor: ClaimExtractor) -> None:
    claims = run(
        extractor,
        "Trapped Russian soldiers are concentrated in two apartment blocks near the station. "
        "They are slowly dying there, a spokesman said.\n"
        "Moscow ordered the town taken by March. The deadline passed. "
        "Its remaining troops survive in two basements.",
    )
    assert (about(claims, "dying").action, about(claims, "dying").actor_side) == ("casualties", "RU")
    assert (about(claims, "basements").action, about(claims, "basements").actor_side) == ("presence", "RU")


def test_a_pronoun_actor_within_its_sentence_and_against_it_when_passive(extractor: ClaimExtractor) -> None:
    claim = about(run(extractor, "Russian troops attacked Vovchansk, but they were repelled."), "repelled")
    assert (claim.action, claim.actor_side) == ("attack_repelled", "UA")


def test_a_pronoun_actor_of_the_organisation_that_says_it(extractor: ClaimExtractor) -> None:
    claims = run(
        extractor,
        "Russian forces attacked Kupiansk on Monday. "
        "Ukraine's air force said it shot down 38 of 40 drones overnight.",
    )
    assert about(claims, "38 of 40").actor_side == "UA"  # "it" is the air force, not Russian forces
    assert about(claims, "Kupiansk").actor_side == "RU"


def test_a_new_transcript_turn_forgets_the_actors(extractor: ClaimExtractor) -> None:
    claims = run(
        extractor,
        "MR. KIRBY: Russian forces have pressed hard on Avdiivka.\n"
        "Q Are they close to taking it?\n"
        "MR. KIRBY: They have advanced two kilometres there.",
    )
    assert about(claims, "kilometres").actor_side != "RU"


# --- sides of casualties, places, stations and allies ------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "side"),
    [
        ("Russian missiles killed five Ukrainian civilians in Odesa.", "UA"),
        ("Ukrainian drones killed 12 Russian soldiers near Kreminna.", "RU"),
        ("Russian shelling killed two people in Kherson.", "UA"),
        ("Russia has suffered heavy losses near Avdiivka.", "RU"),
    ],
)
def test_casualties_are_on_the_side_that_suffers_them(
    extractor: ClaimExtractor, sentence: str, side: str
) -> None:
    claim = run(extractor, sentence)[0]
    assert (claim.action, claim.actor_side) == ("casualties", side)


@pytest.mark.parametrize(
    ("sentence", "action", "side"),
    [
        ("About 300 Russian soldiers occupied parts of the city in May.", "presence", "RU"),
        ("Russian forces occupied the village of Tykhe in May.", "capture", "RU"),
        ("North Korean troops are in Kursk region.", "presence", "RU"),
        ("Iranian military personnel were on the ground in Crimea.", "presence", "RU"),
        ("Russian forces maintain positions in northern Dibrova.", "presence", "RU"),
        ("The Ukrainians haven't given those towns up.", "control", "UA"),
        ("Ukrainian units were not pushed out of the village.", "presence", "UA"),
        ("Russia may be able to achieve tactical gains near Pokrovsk.", "advance", "RU"),
        ("But there is no doubt that the Russians have made some progress there.", "advance", "RU"),
    ],
)
def test_states_and_their_conventions(
    extractor: ClaimExtractor, sentence: str, action: str, side: str
) -> None:
    claim = run(extractor, sentence)[0]
    assert (claim.action, claim.actor_side) == (action, side)


def test_other_claims_need_a_side_and_a_negation_in_them_is_no_denial(extractor: ClaimExtractor) -> None:
    assert run(extractor, "The General Staff said the plant produces ballistic missiles.") == []
    assert run(extractor, "The plan is in place.") == []
    claim = run(extractor, "A Russian soldier claimed that Russian forces do not use Telegram.")[0]
    assert (claim.action, claim.status, claim.actor_side) == ("other", "claimed", "RU")
    capture = run(extractor, "The General Staff said Russian forces have not captured Tykhe.")[0]
    assert (capture.action, capture.status) == ("capture", "denied")


def test_evidence_a_party_publishes_and_evidence_not_observed(extractor: ClaimExtractor) -> None:
    shown = run(extractor, "The brigade published footage showing Ukrainian drones striking a Russian tank.")[
        0
    ]
    assert (shown.claimant.name, shown.status, shown.action) == ("The brigade", "confirmed", "strike")
    unseen = run(
        extractor,
        "ISW has not observed evidence to assess that Russian forces maintain positions in Dibrova.",
    )[0]
    assert (unseen.claimant.name, unseen.status, unseen.action) == ("ISW", "unverified", "presence")


def test_a_hedge_in_another_conjoined_predicate_does_not_hedge_the_action(extractor: ClaimExtractor) -> None:
    done = run(extractor, "Russia has received dozens of drones and will likely receive more next month.")[0]
    assert (done.action, done.status) == ("reinforcement", "confirmed")
    hedged = run(extractor, "Russia has some offensive capability left and may achieve tactical gains.")[0]
    assert (hedged.action, hedged.status) == ("advance", "assessed")


# --- digests: source headings, clauses after semicolons, labels ---------------------------------------------


def test_a_heading_naming_its_source_and_a_label_that_is_none(extractor: ClaimExtractor) -> None:
    claim = run(extractor, "General Staff: 152 combat clashes on the front over the past day")[0]
    assert (claim.claimant.name, claim.status, claim.action) == ("General Staff", "claimed", "fighting")
    update = run(extractor, "UPDATE: Russian forces attacked Sumy overnight.")[0]
    assert (update.claimant.name, update.action, update.actor_side) == ("author", "attack", "RU")
    dateline = run(extractor, "Kharkiv: Russian drones struck a depot.")[0]
    assert dateline.claimant.name == "author"


def test_a_clause_after_a_semicolon_is_no_list_item(extractor: ClaimExtractor) -> None:
    claims = run(extractor, "Ukrainian defenders repelled 38 attacks; 5 clashes are ongoing.")
    assert [c.action for c in claims] == ["attack_repelled", "fighting"]
    items = run(
        extractor,
        "Russian drones struck a depot in Odesa; a school in Kherson; and a house near occupied Oleshky.",
    )
    assert [c.action for c in items] == ["strike", "strike", "strike"]


# --- indefinite, descriptive claimants ----------------------------------------------------------------------


def test_indefinite_claimant_is_kept_and_not_taken_for_the_kremlin(extractor: ClaimExtractor) -> None:
    claim = about(
        run(
            extractor,
            "A pro-Kremlin war correspondent claimed that Ukrainian troops had counterattacked near Tykhe.",
        ),
        "Tykhe",
    )
    assert claim.claimant.name == "A pro-Kremlin war correspondent"
    assert (claim.claimant.canonical, claim.claimant.kind, claim.claimant.side) == (None, "milblogger", "RU")
    assert (claim.status, claim.action, claim.actor_side) == ("claimed", "attack", "UA")
    assert name_key("the Kremlin") == "kremlin" and name_key("pro-Kremlin bloggers") == "prokremlin bloggers"


# --- denials and non-confirmations pointing back ----------------------------------------------------------


def test_rejecting_the_claim_adds_a_linked_denial(extractor: ClaimExtractor) -> None:
    claims = run(
        extractor,
        "Russia's Defence Ministry said its troops had captured Tykhe. "
        "Kyiv rejected the claim as propaganda.",
    )
    capture, denial = claims
    assert (capture.claimant.canonical, capture.status) == (
        "Ministry of Defence of the Russian Federation",
        "claimed",
    )
    assert (denial.claimant.name, denial.status, denial.action, denial.actor_side) == (
        "Kyiv",
        "denied",
        "capture",
        "RU",
    )
    assert denial.dispute_cue == "rejected" and denial.evidence.startswith("Kyiv rejected")


def test_not_confirming_the_capture_marks_it_unverified(extractor: ClaimExtractor) -> None:
    claims = run(
        extractor,
        "Russian bloggers claimed that Russian troops had captured Tykhe. "
        "Russian forces also shelled Kupiansk, the bloggers said. "
        "The General Staff did not confirm the capture.",
    )
    assert about(claims, "Tykhe").status == "unverified"
    assert "did not confirm" in (about(claims, "Tykhe").status_cue or "")
    assert about(claims, "Kupiansk").status == "claimed"  # the capture is what was not confirmed
    assert not any("General Staff" in c.evidence for c in claims)  # no claim of its own


def test_dismissed_reports_that_the_town_had_fallen(extractor: ClaimExtractor) -> None:
    claim = about(run(extractor, "Ukrainian officials dismissed reports that the town had fallen."), "fallen")
    assert (claim.status, claim.action) == ("denied", "capture")
    assert claim.dispute_cue is not None


def test_a_denial_with_its_own_content_is_not_a_back_reference(extractor: ClaimExtractor) -> None:
    claims = run(
        extractor,
        "Russian bloggers claimed that Russian troops had entered Siversk. "
        "Ukraine's General Staff denied that Russian troops had entered Siversk.",
    )
    assert [c.status for c in claims] == ["claimed", "denied"]


# --- transcripts: turns, first person, questions ---------------------------------------------------------


def test_transcript_turns_voice_the_speaker_and_questions_claim_nothing(extractor: ClaimExtractor) -> None:
    claims = run(
        extractor,
        "Press Briefing by National Security Spokesman John Kirby\n"
        "MR. KIRBY: Thanks. We assess that Russian forces have captured Avdiivka.\n"
        "Russia has suffered heavy losses near Avdiivka.\n"
        "Q Do you think Ukraine will withdraw from Chasiv Yar?\n"
        "MR. KIRBY: We can confirm that Russia transferred drones to Crimea.",
    )
    assert {c.claimant.name for c in claims} == {"John Kirby"}
    assert about(claims, "captured").status == "assessed"
    assert about(claims, "losses").status == "claimed"  # a speaker's statement, not the author's fact
    assert about(claims, "Crimea").status == "confirmed"
    assert about(claims, "Crimea").action == "reinforcement"
    assert not any("Chasiv Yar" in c.evidence for c in claims)


def test_first_person_outside_a_transcript_is_the_author(extractor: ClaimExtractor) -> None:
    claim = about(
        run(extractor, "We will send more air defense interceptors to Ukraine next week."), "interceptors"
    )
    assert (claim.claimant.name, claim.status, claim.action) == ("author", "confirmed", "reinforcement")


def test_transcript_labels() -> None:
    kirby = transcript_turn("MR. KIRBY: Thanks, Karine.")
    assert kirby is not None and kirby[0] == len("MR. KIRBY: ")
    assert kirby[1] is not None and (kirby[1].name, kirby[1].person) == ("Kirby", True)
    speaker = transcript_turn("MS. JEAN-PIERRE: Go ahead.")
    assert speaker is not None and speaker[1] is not None and speaker[1].name == "Jean-Pierre"
    assert transcript_turn("Q Thank you. Two questions.") == (2, None)
    assert transcript_turn("UPDATE: Russian forces attacked.") is None
    assert transcript_turn("Quite a few drones were shot down.") is None


# --- commentary, forecasts and background are not claims ------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The war has become a contest of industrial capacity.",
        "Observers expect the new package to shift the balance by spring.",
        "Do you think the offensive will succeed?",
        "The monument, which recalls the battle for Bakhmut in 2023, stands in the city centre.",
    ],
)
def test_commentary_is_not_a_claim(extractor: ClaimExtractor, sentence: str) -> None:
    assert run(extractor, sentence) == []


# --- actions from the predicate and its arguments ---------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "action"),
    [
        ("Ukrainian drones struck and disabled the rail ferry in the port of Kavkaz.", "strike"),
        ("Ukrainian forces held their lines near Pokrovsk.", "control"),
        ("Russia transferred drones to Crimea last month.", "reinforcement"),
        ("Russian commanders sent two fresh brigades to the Pokrovsk axis.", "reinforcement"),
        ("Russian forces took Pishchane on Monday.", "capture"),
        ("The total combat losses of the enemy were approximately 900 soldiers.", "casualties"),
        ("Russian artillery injured three civilians in Nikopol.", "casualties"),
        ("Statement by the President on Russian Missile Strikes in Ukraine", "strike"),
    ],
)
def test_action_from_the_predicate(extractor: ClaimExtractor, sentence: str, action: str) -> None:
    claims = run(extractor, sentence)
    assert claims and claims[0].action == action, [(c.action, c.evidence) for c in claims]


def test_a_sent_letter_is_no_reinforcement(extractor: ClaimExtractor) -> None:
    assert all(
        c.action != "reinforcement" for c in run(extractor, "Russian officials sent a letter to the UN.")
    )


# --- confidence ------------------------------------------------------------------------------------------


def test_confidence_is_lower_for_hedged_and_unnamed_actions(extractor: ClaimExtractor) -> None:
    plain = about(run(extractor, "Russian forces captured Pishchane on Monday."), "Pishchane")
    hedged = about(run(extractor, "Russian forces may have captured Pishchane on Monday."), "Pishchane")
    other = run(extractor, "Russian forces took certain steps near Pishchane, the ministry said.")
    for claim in (plain, hedged, *other):
        assert claim.confidence is not None and 0.0 <= claim.confidence <= 1.0
    assert plain.confidence > hedged.confidence  # type: ignore[operator]
    assert all(c.confidence < plain.confidence for c in other)  # type: ignore[operator]


# --- long texts ------------------------------------------------------------------------------------------


def test_long_sentences_are_parsed_in_bounded_pieces(extractor: ClaimExtractor) -> None:
    text = ("Russian forces shelled Nikopol, " * 200) + "Ukrainian forces repelled an attack near Toretsk."
    pieces = _pieces(text)
    assert max(len(piece) for _, piece in pieces) <= _PIECE
    assert "".join(piece for _, piece in pieces) == text
    claims = run(extractor, text)
    assert any("Toretsk" in c.evidence for c in claims)
    assert all(text[c.start : c.end] == c.evidence for c in claims)
