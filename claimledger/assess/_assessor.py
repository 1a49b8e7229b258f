"""The Assessor: origins, events, contradictions, grades and timelines across a whole ledger.

Claims are filed into blocks (site or grid cell x time bucket, at two scales: near for echoes and
contradictions, wider for events); every comparison is between a claim and the claims of its neighbouring
blocks, so work grows with the ledger, not with its square. `update` re-assesses only the claims near the
new ones and the events they belong to.
"""

from __future__ import annotations

from collections import ChainMap, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime

from rapidfuzz import fuzz

from claimledger.assess._contradict import contradiction, describe, disputes
from claimledger.assess._events import ATTACH_CAP, ATTACH_PREFIX, EventBuilder, EventRules, event_group
from claimledger.assess._events import filing_keys as event_filing_keys
from claimledger.assess._events import lookup_keys as event_lookup_keys
from claimledger.assess._frame import (
    Frame,
    block_keys,
    frame_of,
    neighbour_keys,
    normalize_text,
    origin_key,
)
from claimledger.assess._grade import grade
from claimledger.assess._records import Assessment, Contradiction, Grade, Group, Timeline
from claimledger.assess._relays import shared_origins
from claimledger.assess._timeline import timeline
from claimledger.model import Document, LedgerClaim

EPOCH = datetime.min.replace(tzinfo=UTC)
#: Raise when a change to the rules makes stored assessments out of date.
RULES_VERSION = 2
#: How many outlets a grade's reasons name as repeating an origin before it only counts the rest.
NAMED_REPEATS = 8


class Assessor:
    """Assess claims across documents; build once with the thresholds and call on the whole ledger."""

    def __init__(
        self,
        *,
        radius_km: float = 5.0,
        days: int = 3,
        duplicate_ratio: float = 90.0,
        event_km: float = 15.0,
        event_days: int = 7,
    ) -> None:
        self.radius_km = radius_km
        self.days = days
        self.duplicate_ratio = duplicate_ratio
        self.events = EventRules(radius_km=event_km, days=event_days)

    def settings(self) -> dict[str, float]:
        """What an assessment depends on besides the claims: thresholds and the rules' version.

        A stored assessment made with other settings is out of date."""
        return {
            "version": RULES_VERSION,
            "radius_km": self.radius_km,
            "days": self.days,
            "duplicate_ratio": self.duplicate_ratio,
            "event_km": self.events.radius_km,
            "event_days": self.events.days,
        }

    def __call__(
        self, claims: Sequence[LedgerClaim], documents: Mapping[str, Document] | None = None
    ) -> Assessment:
        ledger = {claim.id: claim for claim in claims}
        return _Run(self, ledger, {}, Assessment(), documents).assess(list(ledger))

    def update(
        self,
        assessment: Assessment,
        new_claims: Sequence[LedgerClaim],
        *,
        ledger: Mapping[str, LedgerClaim],
        documents: Mapping[str, Document] | None = None,
    ) -> Assessment:
        """Add `new_claims` to an assessment of `ledger` (claims by id), re-assessing only touched blocks."""
        new = {claim.id: claim for claim in new_claims}
        return _Run(self, ledger, new, assessment, documents).assess([claim.id for claim in new_claims])


class _Run:
    """One assessment pass over the claims near a set of new (or all) claim ids."""

    def __init__(
        self,
        assessor: Assessor,
        ledger: Mapping[str, LedgerClaim],
        new: Mapping[str, LedgerClaim],
        previous: Assessment,
        documents: Mapping[str, Document] | None,
    ) -> None:
        self.a = assessor
        self.ledger = ledger
        self.new = new
        self.previous = previous
        self.documents = documents or {}
        self.frames: dict[str, Frame] = {}
        self.texts: dict[str, str] = {}
        self.duplicate_documents: dict[tuple[str, str], bool] = {}
        self.blocks = dict(previous.blocks)

    def claim(self, claim_id: str) -> LedgerClaim:
        found = self.new.get(claim_id)
        return found if found is not None else self.ledger[claim_id]

    def frame(self, claim_id: str) -> Frame:
        found = self.frames.get(claim_id)
        if found is None:
            found = self.frames[claim_id] = frame_of(self.claim(claim_id))
        return found

    def neighbours(self, claim_id: str) -> set[str]:
        found: set[str] = set()
        for key in block_keys(self.frame(claim_id), self.a.radius_km, self.a.days):
            for near in neighbour_keys(key):
                found.update(self.blocks.get(near, ()))
        found.discard(claim_id)
        return found

    def event_candidates(self, claim_id: str) -> Iterator[str]:
        """The claims filed where a claim's event partners may be (repeats included), in a stable order."""
        for key in event_lookup_keys(self.frame(claim_id), self.a.events):
            yield from self.blocks.get(key, ())

    def event_neighbours(self, claim_id: str) -> set[str]:
        found = set(self.event_candidates(claim_id))
        found.discard(claim_id)
        return found

    def dated_at(self, site_key: str) -> list[str] | None:
        """The dated claims at a settlement, or None when there are too many to pick one event."""
        found = self.blocks.get(ATTACH_PREFIX + site_key, [])
        return None if len(found) >= ATTACH_CAP else found

    def assess(self, new_ids: list[str]) -> Assessment:
        self.file(new_ids)
        near = {claim_id: self.neighbours(claim_id) for claim_id in new_ids}
        wide = [self.event_neighbours(claim_id) for claim_id in new_ids] if self.new else []
        touched = set(new_ids).union(*near.values(), *wide) if near else set()
        old_group_ids = {self.previous.group_of[c] for c in touched if c in self.previous.group_of}
        for group in self.previous.groups:
            if group.id in old_group_ids:
                touched.update(group.claim_ids)
        for claim_id in touched.difference(near):
            near[claim_id] = self.neighbours(claim_id)
        origins = self.origins(touched, near)
        contradictions = self.contradictions(touched, near, origins, new_ids)
        groups = self.groups(touched, origins, contradictions)
        grades = self.grades(touched, groups, contradictions, origins)
        timelines = self.timelines(touched, grades, origins)
        group_of = dict(self.previous.group_of)
        for group in groups:
            group_of.update(dict.fromkeys(group.claim_ids, group.id))
        return Assessment.model_construct(
            groups=[g for g in self.previous.groups if g.id not in old_group_ids] + groups,
            contradictions=contradictions,
            grades={**self.previous.grades, **grades},
            origins={**self.previous.origins, **origins},
            timelines={**self.previous.timelines, **timelines},
            group_of=group_of,
            blocks=self.blocks,
        )

    def file(self, new_ids: Iterable[str]) -> None:
        """Add claims to the block index, copying a previous assessment's lists before changing them."""
        owned: set[str] = set()
        for claim_id in new_ids:
            frame = self.frame(claim_id)
            keys = block_keys(frame, self.a.radius_km, self.a.days) + event_filing_keys(frame, self.a.events)
            for key in keys:
                ids = self.blocks.get(key)
                if ids is not None and len(ids) >= ATTACH_CAP and key.startswith(ATTACH_PREFIX):
                    continue
                if ids is None or key not in owned:
                    self.blocks[key] = [*(ids or ()), claim_id]
                    owned.add(key)
                else:
                    ids.append(claim_id)

    def origins(self, ids: set[str], near: Mapping[str, set[str]]) -> dict[str, str]:
        """Each claim's root claimant; a near-copy of an earlier claim elsewhere inherits its origin."""
        result: dict[str, str] = {}
        known = ChainMap(result, self.previous.origins)
        for claim_id in sorted(ids, key=self._order):
            own = origin_key(self.claim(claim_id))
            frame, order = self.frame(claim_id), self._order(claim_id)
            story = frame.story()
            earlier = [
                other_id
                for other_id in near[claim_id]
                if other_id in known
                and self.frame(other_id).story() == story
                and self.frame(other_id).document_id != frame.document_id
                and self._order(other_id) < order
            ]
            for other_id in sorted(earlier, key=self._order):
                if self.copies(claim_id, other_id):
                    own = known[other_id]
                    break
            result[claim_id] = own
        return result

    def _order(self, claim_id: str) -> tuple[datetime, str]:
        published = self.claim(claim_id).published_at
        if published is None:
            return EPOCH, claim_id
        return (published if published.tzinfo else published.replace(tzinfo=UTC)), claim_id

    def copies(self, a: str, b: str) -> bool:
        """True when claim `a` repeats claim `b` (near-identical sentence, or near-identical documents)."""
        if fuzz.ratio(self.text(a), self.text(b), score_cutoff=self.a.duplicate_ratio):
            return True
        da, db = self.claim(a).document_id, self.claim(b).document_id
        if da not in self.documents or db not in self.documents:
            return False
        key = (min(da, db), max(da, db))
        if key not in self.duplicate_documents:
            ta, tb = (normalize_text(self.documents[d].text) for d in key)
            self.duplicate_documents[key] = bool(fuzz.ratio(ta, tb, score_cutoff=self.a.duplicate_ratio))
        return self.duplicate_documents[key]

    def text(self, claim_id: str) -> str:
        found = self.texts.get(claim_id)
        if found is None:
            found = self.texts[claim_id] = normalize_text(self.claim(claim_id).claim.sentence)
        return found

    def groups(
        self,
        ids: set[str],
        origins: dict[str, str],
        contradictions: Sequence[Contradiction],
    ) -> list[Group]:
        """The events of `ids`; a claim that restates another of its document's claims takes its origin."""
        builder = EventBuilder(ids=ids, frames={c: self.frame(c) for c in ids}, rules=self.a.events)
        builder.link(self.event_candidates)
        for c in contradictions:  # rival versions are versions of one event
            if c.a in builder.parent and c.b in builder.parent:
                builder.union(c.a, c.b)
        builder.attach_placeless(self.event_candidates)
        builder.attach_undated(self.dated_at)
        events = builder.events()
        origins.update(shared_origins(events, self.frame, origins))
        return [event_group(claim_ids, [self.frame(c) for c in claim_ids], origins) for claim_ids in events]

    def contradictions(
        self, ids: set[str], near: Mapping[str, set[str]], origins: Mapping[str, str], new_ids: list[str]
    ) -> list[Contradiction]:
        # Disputes lie within one (immutable) document: earlier ones stay; only new documents add any.
        kept = [
            c for c in self.previous.contradictions
            if c.kind == "dispute" or (c.a not in ids and c.b not in ids)
        ]
        seen: set[tuple[str, str]] = set()
        for claim_id in sorted(ids):
            for other_id in sorted(near[claim_id]):
                pair = (min(claim_id, other_id), max(claim_id, other_id))
                if pair in seen:
                    continue
                seen.add(pair)
                a, b = self.frame(pair[0]), self.frame(pair[1])
                same = self._origin(pair[0], origins) == self._origin(pair[1], origins)
                found = contradiction(a, b, radius_km=self.a.radius_km, days=self.a.days, same_origin=same)
                if found is not None:
                    kept.append(Contradiction(a=pair[0], b=pair[1], kind=found[0], reason=found[1]))
        by_document: dict[str, list[tuple[Frame, int]]] = {}
        for claim_id in new_ids:
            by_document.setdefault(self.claim(claim_id).document_id, []).append(
                (self.frame(claim_id), self.claim(claim_id).claim.start)
            )
        for claims in by_document.values():
            for a, b, reason in disputes(claims):
                pair = (min(a.id, b.id), max(a.id, b.id))
                if pair not in seen:
                    seen.add(pair)
                    kept.append(Contradiction(a=pair[0], b=pair[1], kind="dispute", reason=reason))
        return kept

    def _origin(self, claim_id: str, origins: Mapping[str, str]) -> str:
        return origins.get(claim_id) or self.previous.origins[claim_id]

    def grades(
        self,
        ids: Iterable[str],
        groups: Sequence[Group],
        contradictions: Sequence[Contradiction],
        origins: Mapping[str, str],
    ) -> dict[str, Grade]:
        ids = set(ids)
        opponents: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for c in contradictions:
            if c.a in ids:
                opponents[c.a].append((self._origin(c.b, origins), describe(self.frame(c.b))))
            if c.b in ids:
                opponents[c.b].append((self._origin(c.a, origins), describe(self.frame(c.a))))
        result: dict[str, Grade] = {}
        for group in groups:
            best: dict[tuple[str, str, bool], dict[str, str]] = defaultdict(dict)
            outlets: dict[tuple[tuple[str, str, bool], str], dict[str, str]] = defaultdict(dict)
            for claim_id in group.claim_ids:
                frame, origin = self.frame(claim_id), origins[claim_id]
                story = best[frame.story()]
                story[origin] = min(story.get(origin, "F"), frame.reliability)
                outlets[frame.story(), origin].setdefault(frame.document_id, frame.source)
            for claim_id in group.claim_ids:
                frame, origin = self.frame(claim_id), origins[claim_id]
                others = outlets[frame.story(), origin]
                repeats = sorted({s for d, s in others.items() if d != frame.document_id} - {frame.source})
                if len(repeats) > NAMED_REPEATS:
                    repeats = [*repeats[:NAMED_REPEATS], f"{len(repeats) - NAMED_REPEATS} more"]
                claim = self.claim(claim_id)
                result[claim_id] = grade(
                    frame, origin, best[frame.story()], opponents[claim_id],
                    repeats=repeats, relayed=origin != origin_key(claim) or claim.relay is not None,
                )
        return result

    def timelines(
        self, ids: Iterable[str], grades: Mapping[str, Grade], origins: Mapping[str, str]
    ) -> dict[str, Timeline]:
        """Rebuild the timeline of every settlement a re-assessed claim is about."""
        at: dict[str, set[str]] = defaultdict(set)
        names: dict[str, str] = {}
        for claim_id in ids:
            for site in self.frame(claim_id).sites:
                if site.settlement:
                    at[site.key].add(claim_id)
                    names.setdefault(site.key, site.name)
        all_grades = ChainMap(dict(grades), self.previous.grades)
        all_origins = ChainMap(dict(origins), self.previous.origins)
        result: dict[str, Timeline] = {}
        for key, claim_ids in at.items():
            old = self.previous.timelines.get(key)
            if old is not None:
                claim_ids.update(entry.claim_id for entry in old.entries)
            found = timeline(key, names[key], (self.frame(c) for c in claim_ids), all_grades, all_origins)
            if found.entries:
                result[key] = found
        return result
