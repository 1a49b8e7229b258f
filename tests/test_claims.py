"""Claim extraction: registry, quantity and time helpers, English rules on sentences written for tests."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from claimledger.errors import SourceRegistryError
from claimledger.extract import Pipeline
from claimledger.extract.claims import ClaimExtractor, ClaimJob, SourceRegistry, get_language
from claimledger.extract.nlp import split_sentences
from claimledger.model import Claim, Document, Place, PlaceKind, PlaceMention

parse_quantity = get_language("en").quantity
resolve_time = get_language("en").time

SHARED = Path(__file__).resolve().parents[2] / "shared"


# --- registry ---------------------------------------------------------------------------------------------


def test_registry_matches_aliases_in_three_languages() -> None:
    registry = SourceRegistry.load()
    assert registry.match("Russia's Defense Ministry").name == "Ministry of Defence of the Russian Federation"
    assert registry.match("Минобороны России").side == "RU"
    assert registry.match("Генштаб ЗСУ").kind == "official_military"
    assert registry.match("the Rybar Telegram channel").kind == "milblogger"
    assert registry.match("a man on the street") is None
    assert len(registry.all()) > 40


def test_registry_infers_unknown_claimants() -> None:
    registry = SourceRegistry.load()
    bloggers = registry.claimant("Russian military bloggers")
    assert (bloggers.kind, bloggers.side, bloggers.canonical) == ("milblogger", "RU", None)
    assert registry.claimant("Kharkiv city mayor").kind == "local_official"
    assert registry.claimant("independent analysts").side == "neutral"
    blog = registry.claimant("Frontline Notes", hint="Frontline Notes, a Ukrainian military blog")
    assert (blog.kind, blog.side) == ("osint", "UA")


def test_registry_rejects_malformed_yaml(tmp_path: Path) -> None:
    bad = tmp_path / "sources.yaml"
    bad.write_text("sources:\n  - name: X\n    side: Mars\n", encoding="utf-8")
    with pytest.raises(SourceRegistryError, match=r"sources\.yaml"):
        SourceRegistry.load(bad)
    with pytest.raises(SourceRegistryError, match="cannot read"):
        SourceRegistry.load(tmp_path / "missing.yaml")


# --- quantity and time ------------------------------------------------------------------------------------


def test_quantity_ranges_and_units() -> None:
    km = parse_quantity("pushed two to three kilometres past the river")
    assert (km.value, km.value_max, km.unit) == (2, 3, "km")
    assert parse_quantity("downed 41 drones overnight").unit == "drones"
    area = parse_quantity("holds about 120 square kilometers")
    assert (area.value, area.unit) == (120, "km2")
    assert parse_quantity("no numbers here") is None


def test_time_windows_resolve_against_publication() -> None:
    published = date(2024, 6, 10)
    day = resolve_time("repelled attacks over the past day", [], published)
    assert (day.start, day.end) == (date(2024, 6, 9), published)
    since = resolve_time("held since last September", [], published)
    assert since.start == date(2023, 9, 1)
    on = resolve_time("x", ["on June 3"], published)
    assert on.start == on.end == date(2024, 6, 3)
    assert resolve_time("x", ["yesterday"], published).start == date(2024, 6, 9)
    assert resolve_time("x", [], published) is None


# --- English rules ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def extractor() -> ClaimExtractor:
    return ClaimExtractor()


def run(
    extractor: ClaimExtractor, text: str, mentions: list[PlaceMention] | None = None, source: str = "test"
) -> list[Claim]:
    document = Document.create(text=text, source=source, published_at=datetime(2024, 6, 10))
    return extractor(document, split_sentences(text), mentions or [], language="en")


@pytest.mark.slow
def test_according_to_two_claimants(extractor: ClaimExtractor) -> None:
    claims = run(
        extractor,
        "Russian troops have pushed five kilometers toward Vovchansk, according to Ukrainian "
        "military bloggers and foreign analysts.",
    )
    assert sorted(c.claimant.name for c in claims) == ["Ukrainian military bloggers", "foreign analysts"]
    for claim in claims:
        assert (claim.action, claim.actor_side, claim.status) == ("advance", "RU", "claimed")
        assert claim.quantity is not None and claim.quantity.value == 5


@pytest.mark.slow
def test_told_wire_is_a_relay_and_verification_updates_earlier_claims(extractor: ClaimExtractor) -> None:
    claims = run(
        extractor,
        "Analyst Maria Novak of the Arrow Institute told Reuters that Russian forces had captured "
        "the village of Krasnyi Yar. The outlet could not independently verify the claims.",
    )
    assert len(claims) == 1
    claim = claims[0]
    assert claim.claimant.name == "Maria Novak"
    assert [v.name for v in claim.via] == ["Reuters"]
    assert (claim.action, claim.actor_side, claim.status) == ("capture", "RU", "unverified")
    assert claim.status_cue and "verify" in claim.status_cue


@pytest.mark.slow
def test_its_forces_resolve_through_the_claimant_and_time(extractor: ClaimExtractor) -> None:
    claims = run(
        extractor, "Ukraine's General Staff said its forces had repelled 23 attacks over the past day."
    )
    claim = claims[0]
    assert claim.claimant.canonical == "General Staff of the Armed Forces of Ukraine"
    assert (claim.action, claim.actor_side) == ("attack_repelled", "UA")
    assert claim.quantity.unit == "attacks" and claim.time.start == date(2024, 6, 9)


@pytest.mark.slow
def test_statuses_from_cues(extractor: ClaimExtractor) -> None:
    denied = run(
        extractor, "The Russian Defense Ministry denied that its troops had withdrawn from Robotyne."
    )
    assert denied[0].status == "denied"
    assessed = run(extractor, "ISW assesses that Russian forces likely seized Ivanivka.")
    assert (assessed[0].claimant.name, assessed[0].status, assessed[0].action) == (
        "ISW",
        "assessed",
        "capture",
    )
    confirmed = run(extractor, "The governor acknowledged that Ukrainian drones struck an oil depot.")
    assert (confirmed[0].status, confirmed[0].action, confirmed[0].actor_side) == (
        "confirmed",
        "strike",
        "UA",
    )
    quiet = run(extractor, "On the Siversk direction, no offensive actions by the enemy were recorded.")
    assert quiet[0].status == "denied" and quiet[0].actor_side == "RU"


@pytest.mark.slow
def test_quote_speaker_and_pronoun_claimant(extractor: ClaimExtractor) -> None:
    text = (
        "Brigade spokesman Oleh Marchuk said Russian troops had lost dozens of soldiers near the river. "
        '"The occupiers keep attacking our positions." He said the enemy had brought up reinforcements.'
    )
    claims = run(extractor, text)
    speakers = {c.claimant.name for c in claims}
    assert speakers == {"Oleh Marchuk"}
    assert [c.action for c in claims] == ["casualties", "attack", "reinforcement"]
    assert all(c.actor_side == "RU" for c in claims)


@pytest.mark.slow
def test_author_voice_and_negative_cases(extractor: ClaimExtractor) -> None:
    claims = run(
        extractor,
        "Russian forces shelled the outskirts of Nikopol. Nikopol lies on the bank of "
        "the reservoir. The president said the peace summit would take place in June.",
    )
    assert len(claims) == 1
    assert (claims[0].claimant.name, claims[0].claimant.kind, claims[0].status) == (
        "author",
        "author",
        "confirmed",
    )
    assert (claims[0].action, claims[0].actor_side) == ("strike", "RU")


@pytest.mark.slow
def test_places_link_mentions_inside_the_clause(extractor: ClaimExtractor) -> None:
    text = "Ukrainian forces recaptured Pryiutne, the regional administration said."
    start = text.index("Pryiutne")
    place = Place(id="geo:1", name="Pryiutne", kind=PlaceKind.SETTLEMENT, lat=47.5, lon=36.3)
    mention = PlaceMention(text="Pryiutne", start=start, end=start + 8, sentence=text, place=place)
    claims = run(extractor, text, [mention])
    assert claims[0].action == "recapture"
    assert claims[0].places[0].place_id == "geo:1" and claims[0].places[0].lat == 47.5
    assert claims[0].evidence in text and text[claims[0].start : claims[0].end] == claims[0].evidence


@pytest.mark.slow
def test_seed_article_claims(extractor: ClaimExtractor) -> None:
    seed = next(
        (
            p
            for p in (
                SHARED / "corpus/dev/seed_belgorod.txt",
                Path(__file__).resolve().parents[1] / "examples/seed_belgorod.txt",
            )
            if p.exists()
        ),
        None,
    )
    if seed is None:
        pytest.skip("seed article not available")
    claims = run(extractor, seed.read_text(encoding="utf-8"), source="kyivindependent")
    by_name = {(c.claimant.name, c.action) for c in claims}
    assert ("Russian military bloggers", "advance") in by_name and (
        "independent analysts",
        "advance",
    ) in by_name
    mod = next(c for c in claims if c.action == "recapture")
    assert (mod.claimant.kind, mod.actor_side, mod.status) == ("official_military", "RU", "claimed")
    kastehelmi = next(c for c in claims if c.claimant.name == "Emil Kastehelmi" and c.action == "advance")
    assert [v.name for v in kastehelmi.via] == ["Reuters"] and kastehelmi.status == "unverified"
    repelled = next(c for c in claims if c.action == "attack_repelled")
    assert repelled.actor_side == "UA" and repelled.quantity.value == 18
    deep = [c for c in claims if c.claimant.canonical == "DeepState"]
    assert deep and deep[0].action == "control" and deep[0].actor_side == "UA"


# --- round 2: lists, evidence, cut-off speakers, discourse limits, batching ------------------------------


def test_prefilter_wants_only_sentences_the_rules_can_use() -> None:
    from claimledger.extract.claims.en._rules import EnglishRules

    rules = EnglishRules()
    assert rules.wants("Russian troops stormed the hill.")
    assert rules.wants("The mayor said nothing else.")  # a speaker a later quote may need
    assert rules.wants("The agency could not verify it.")
    assert not rules.wants("The bridge was painted blue in spring.")


@pytest.mark.slow
def test_semicolon_list_gives_one_claim_per_item(extractor: ClaimExtractor) -> None:
    text = (
        "The Navy said that its forces struck a radar station near Pervomaiske; an ammunition depot in "
        "Hornostaivka; and a fuel convoy near Oleshky."
    )
    claims = run(extractor, text)
    assert [c.evidence.split()[-1] for c in claims[1:]] == ["Hornostaivka", "Oleshky"]
    assert len(claims) == 3 and all(c.claimant.name == "The Navy" and c.action == "strike" for c in claims)
    clause = run(
        extractor, "Russian forces attacked near Avdiivka; in particular, the enemy shelled Orlivka."
    )
    assert [c.action for c in clause] == ["attack", "strike"]  # a clause after ";" is not a list item


@pytest.mark.slow
def test_evidence_subjects(extractor: ClaimExtractor) -> None:
    footage = run(
        extractor, "Geolocated footage published on June 8 shows Russian tanks operating in Staromaiorske."
    )
    assert (footage[0].claimant.name, footage[0].claimant.kind, footage[0].status) == (
        "Geolocated footage",
        "osint",
        "confirmed",
    )
    sensors = run(
        extractor, "Heat anomalies detected by NASA FIRMS sensors indicate fires at the Tuapse refinery."
    )
    assert "NASA FIRMS sensors" in sensors[0].claimant.name and sensors[0].status == "assessed"
    writer = run(extractor, "Available evidence indicates that Ukrainian forces liberated Robotyne.")
    assert (writer[0].claimant.name, writer[0].status, writer[0].action) == (
        "author",
        "assessed",
        "recapture",
    )


@pytest.mark.slow
def test_cut_off_speaker_and_quote_continuation(extractor: ClaimExtractor) -> None:
    text = (
        "Drone operators spotted a Russian assault group near Dvorichna on Monday, Oksana Lytvyn, "
        "spokeswoman for the brigade,\n"
        'The occupiers crossed the river at night, Lytvyn said. "Most of them were killed on the bank.'
    )
    claims = run(extractor, text)
    assert [c.claimant.name for c in claims] == ["Oksana Lytvyn"] * 3
    assert claims[-1].action == "casualties"


@pytest.mark.slow
def test_relative_clauses_and_anaphora_are_not_new_claims(extractor: ClaimExtractor) -> None:
    text = (
        "The commander did not describe these advances, which Russian bloggers had reported. "
        "Ukrainian troops shelled the depot, which supplied the enemy's units near Kreminna."
    )
    claims = run(extractor, text)
    assert [(c.action, c.actor_side) for c in claims] == [("strike", "UA")]


@pytest.mark.slow
def test_according_to_carries_over_one_block_only(extractor: ClaimExtractor) -> None:
    text = (
        "According to the General Staff, the enemy attacked 40 times near Pokrovsk.\n"
        "Fighting continues near Kurakhove.\n\n"
        "Russian forces shelled Kherson overnight."
    )
    claims = run(extractor, text)
    assert [c.claimant.name for c in claims] == ["the General Staff", "the General Staff", "author"]


@pytest.mark.slow
def test_pipe_batches_documents_like_single_calls(extractor: ClaimExtractor) -> None:
    texts = [
        "Ukrainian forces recaptured Pryiutne, the regional administration said.",
        "The bridge was painted blue in spring. Russian troops stormed the hill near Krynky.",
        "Nothing of interest happened at the port.",
    ]
    documents = [Document.create(text=t, source="test", published_at=datetime(2024, 6, 10)) for t in texts]
    jobs = [ClaimJob(d, split_sentences(d.text), [], "en") for d in documents]
    batched = extractor.pipe(jobs)
    single = [extractor(d, split_sentences(d.text), [], language="en") for d in documents]
    assert [[c.model_dump() for c in cs] for cs in batched] == [[c.model_dump() for c in cs] for cs in single]
    assert [len(cs) for cs in batched] == [1, 1, 0]


@pytest.mark.slow
def test_pipeline_pipe_in_worker_processes_keeps_order_and_results() -> None:
    pipeline = Pipeline()
    texts = [
        f"Russian forces shelled Kherson {n} times overnight, the regional governor said." for n in range(5)
    ]
    texts.append("The bridge was painted blue in spring.")
    documents = [Document.create(text=t, source="test", published_at=datetime(2024, 6, 10)) for t in texts]
    alone = [pipeline(d) for d in documents]
    for n_process in (1, 2):
        piped = list(pipeline.pipe(documents, n_process=n_process, batch_size=2))
        assert [e.model_dump() for e in piped] == [e.model_dump() for e in alone]
    assert [len(e.claims) for e in alone] == [1, 1, 1, 1, 1, 0]


def test_verb_first_casualty_counts_and_quantities_in_order() -> None:

    killed = parse_quantity("Russian shelling killed two civilians and wounded five more in the town")
    assert killed is not None and (killed.value, killed.unit) == (2.0, "killed")
    first = parse_quantity("forces advanced 3 km after shelling killed four residents")
    assert first is not None and (first.value, first.unit) == (3.0, "km")
    assert parse_quantity("shelling killed civilians in the town") is None


def test_full_dates_resolve_without_a_publication_date() -> None:

    window = resolve_time("On 5 March 2025, shelling hit the town", ["On 5 March 2025"], None)
    assert window is not None and (str(window.start), str(window.end)) == ("2025-03-05", "2025-03-05")
    since = resolve_time("since March 17, 2024 the village is contested", ["since March 17, 2024"], None)
    assert since is not None and str(since.start) == "2024-03-17" and since.end is None
    vague = resolve_time("On 6 March, drones struck a depot", ["On 6 March"], None)
    assert vague is not None and vague.start is None and vague.text == "On 6 March"


# --- reporting styles the dev set lacks (wire copy, assessments, digests, milbloggers, event notes) -------


def _one(claims: list[Claim]) -> Claim:
    assert len(claims) == 1, [c.evidence for c in claims]
    return claims[0]


def test_ratio_percent_and_passive_casualty_quantities() -> None:
    cases = {
        "air defence destroyed 31 of the 47 drones": (31.0, "drones"),
        "shot down 12 out of 20 missiles": (12.0, "missiles"),
        "troops now hold about 70% of the district": (70.0, "percent"),
        "some 15 per cent of the area": (15.0, "percent"),
        "Four people were killed in the raid": (4.0, "killed"),
        "the enemy made 19 attempts to break through": (19.0, "attacks"),
    }
    for text, expected in cases.items():
        found = parse_quantity(text)
        assert found is not None and (found.value, found.unit) == expected, text


@pytest.mark.slow
def test_air_defence_verbs_are_attacks_repelled_by_the_claimant(extractor: ClaimExtractor) -> None:
    shot = _one(run(extractor, "Kyiv's air command said it shot down 27 of 33 drones launched overnight."))
    assert (shot.action, shot.actor_side, shot.status) == ("attack_repelled", "UA", "claimed")
    assert shot.quantity is not None and (shot.quantity.value, shot.quantity.unit) == (27.0, "drones")
    caught = _one(run(extractor, "Moscow said its air defences intercepted nine Ukrainian drones overnight."))
    assert (caught.action, caught.actor_side) == ("attack_repelled", "RU")
    stopped = _one(run(extractor, "Ukrainian defenders stopped 14 enemy assaults in the south."))
    assert stopped.action == "attack_repelled" and stopped.actor_side == "UA"
    launched = _one(run(extractor, "Russia launched more than 80 attack drones at the capital overnight."))
    assert (launched.action, launched.actor_side) == ("strike", "RU")
    knocked = _one(run(extractor, "Ukrainian gunners knocked out three Russian tanks near the river."))
    assert (knocked.action, knocked.actor_side) == ("strike", "UA")


@pytest.mark.slow
def test_assessment_wording_marks_claims_assessed(extractor: ClaimExtractor) -> None:
    frame = _one(
        run(extractor, "It is almost certain that Russian forces will keep attacking toward the town.")
    )
    assert (frame.claimant.name, frame.status, frame.status_cue) == ("author", "assessed", "almost certain")
    adverb = _one(run(extractor, "Ukrainian forces have almost certainly withdrawn from the salient."))
    assert (adverb.action, adverb.actor_side, adverb.status) == ("withdrawal", "UA", "assessed")
    dated = _one(run(extractor, "On 4 May 2025, a Russian glide bomb hit a school in the city."))
    assert (dated.action, dated.actor_side, dated.status) == (
        "strike",
        "RU",
        "confirmed",
    )  # "May" is no hedge


@pytest.mark.slow
def test_not_able_to_verify_marks_earlier_claims(extractor: ClaimExtractor) -> None:
    for statement in ("The agency was not able to verify the report.", "The agency was unable to verify it."):
        claim = _one(
            run(extractor, f"Moscow said its troops had captured the village of Dubove. {statement}")
        )
        assert claim.status == "unverified" and claim.status_cue and "verify" in claim.status_cue


@pytest.mark.slow
def test_general_staff_digest_lines(extractor: ClaimExtractor) -> None:
    clashes = _one(run(extractor, "Over the past day, 97 combat clashes took place along the front."))
    assert clashes.action == "fighting"
    assert clashes.quantity is not None and (clashes.quantity.value, clashes.quantity.unit) == (
        97,
        "engagements",
    )
    ours = _one(
        run(
            extractor,
            "Our defenders repelled 11 assaults near the village.",
            source="General Staff of the Armed Forces of Ukraine",
        )
    )
    assert (ours.action, ours.actor_side) == ("attack_repelled", "UA")


@pytest.mark.slow
def test_milblogger_first_person_plural(extractor: ClaimExtractor) -> None:
    pushed = _one(
        run(extractor, "We have pushed the enemy out of the tree line by the pond.", source="Rybar")
    )
    assert (pushed.action, pushed.actor_side) == ("advance", "RU")
    passive = _one(run(extractor, "Our units were pushed out of the tree line by the pond.", source="Rybar"))
    assert passive.action == "withdrawal"


@pytest.mark.slow
def test_event_note_source_in_brackets_and_leading_date(extractor: ClaimExtractor) -> None:
    claims = run(
        extractor,
        "On 2 April 2025, a Russian missile hit a depot in town, killing 2 workers (Ukrainian officials).",
    )
    assert [c.action for c in claims] == ["strike", "casualties"]
    assert [c.actor_side for c in claims] == ["RU", "UA"]  # casualties: the side that suffers them
    for claim in claims:
        assert (claim.claimant.name, claim.status) == ("Ukrainian officials", "claimed")
        assert claim.time is not None and str(claim.time.start) == "2025-04-02"
        assert "(" not in claim.evidence
    place = _one(run(extractor, "Ukrainian drones struck a depot near the port (Krasnodar Krai)."))
    assert place.claimant.name == "author"  # a bracketed place is not a source


@pytest.mark.slow
def test_politics_with_hold_is_not_a_control_claim(extractor: ClaimExtractor) -> None:
    assert run(extractor, "Zelensky said Kyiv would negotiate if a ceasefire held.") == []
    assert run(extractor, "Ukraine and Russia held talks in Istanbul on Friday.") == []
    held = _one(run(extractor, "Ukrainian forces still hold positions on the western bank."))
    assert (held.action, held.actor_side) == ("control", "UA")
