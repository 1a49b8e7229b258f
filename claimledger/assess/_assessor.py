"""The Assessor: origins, groups, contradictions, grades and timelines across a whole ledger.

Claims are filed into blocks (site or grid cell x time bucket); every comparison is between a claim and
the claims of its neighbouring blocks, so work grows with the ledger, not with its square. `update`
re-assesses only the claims near the new ones and the groups they belong to.
"""

from __future__ import annotations

from collections import ChainMap, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime

from rapidfuzz import fuzz

from claimledger.assess._contradict import contradiction, describe, disputes
from claimledger.assess._frame import (
    Frame,
    block_keys,
    day_gap,
    frame_of,
    neighbour_keys,
    normalize_text,
    origin_key,
    shared_site,
)
from claimledger.assess._grade import grade
from claimledger.assess._records import Assessment, Contradiction, Grade, Group, Timeline
from claimledger.assess._timeline import timeline
from claimledger.model import Document, LedgerClaim

EPOCH = datetime.min.replace(tzinfo=UTC)
#: Raise when a change to the rules makes stored assessments out of date.
RULES_VERSION = 1


class Assessor:
    """Assess claims across documents; build once with the thresholds and call on the whole ledger."""

    def __init__(self, *, radius_km: float = 5.0, days: int = 3, duplicate_ratio: float = 90.0) -> None:
        self.radius_km = radius_km
        self.days = days
        self.duplicate_ratio = duplicate_ratio

    def settings(self) -> dict[str, float]:
        """What an assessment depends on besides the claims: thresholds and the rules' version.

        A stored assessment made with other settings is out of date."""
        return {
            "version": RULES_VERSION,
            "radius_km": self.radius_km,
            "days": self.days,
            "duplicate_ratio": self.duplicate_ratio,
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

    def assess(self, new_ids: list[str]) -> Assessment:
        self.file(new_ids)
        near = {claim_id: self.neighbours(claim_id) for claim_id in new_ids}
        touched = set(new_ids).union(*near.values()) if near else set()
        old_group_ids = {self.previous.group_of[c] for c in touched if c in self.previous.group_of}
        for group in self.previous.groups:
            if group.id in old_group_ids:
                touched.update(group.claim_ids)
        for claim_id in touched.difference(near):
            near[claim_id] = self.neighbours(claim_id)
        origins = self.origins(touched, near)
        groups = self.groups(touched, near, origins)
        contradictions = self.contradictions(touched, near, origins, new_ids)
        grades = self.grades(touched, groups, contradictions, origins)
        timelines = self.timelines(touched, grades)
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
            for key in block_keys(self.frame(claim_id), self.a.radius_km, self.a.days):
                ids = self.blocks.get(key)
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

    def compatible(self, a: Frame, b: Frame) -> bool:
        """Same story: same kind of event for the same side, overlapping time, same or near place."""
        if a.story() != b.story():
            return False
        gap = day_gap(a, b)
        if gap is None:
            if a.start is not None or b.start is not None or a.document_id != b.document_id:
                return False
        elif gap > self.a.days:
            return False
        if not a.sites and not b.sites:
            return True
        return shared_site(a, b, self.a.radius_km, settlements_only=False) is not None

    def groups(self, ids: set[str], near: Mapping[str, set[str]], origins: Mapping[str, str]) -> list[Group]:
        parent = {claim_id: claim_id for claim_id in ids}

        def root(x: str) -> str:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for claim_id in ids:
            frame = self.frame(claim_id)
            for other_id in near[claim_id]:
                if other_id in parent and self.compatible(frame, self.frame(other_id)):
                    ra, rb = root(claim_id), root(other_id)
                    if ra != rb:
                        parent[max(ra, rb)] = min(ra, rb)
        by_root: dict[str, list[str]] = defaultdict(list)
        for claim_id in ids:
            by_root[root(claim_id)].append(claim_id)
        return [self.group(sorted(claim_ids), origins) for claim_ids in by_root.values()]

    def group(self, claim_ids: list[str], origins: Mapping[str, str]) -> Group:
        frames = [self.frame(c) for c in claim_ids]
        starts = [f.start for f in frames if f.start is not None]
        ends = [f.end for f in frames if f.end is not None]
        first = frames[0]
        return Group.model_construct(
            id="g:" + claim_ids[0],
            claim_ids=claim_ids,
            origins=sorted({origins[c] for c in claim_ids}),
            place_ids=sorted({s.key for f in frames for s in f.sites}),
            start=min(starts) if starts else None,
            end=max(ends) if ends else None,
            frame=f"{first.category} {first.side}" + (" denied" if first.negated else ""),
        )

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
            best: dict[str, str] = {}
            for claim_id in group.claim_ids:
                origin, letter = origins[claim_id], self.frame(claim_id).reliability
                best[origin] = min(best.get(origin, "F"), letter)
            for claim_id in group.claim_ids:
                result[claim_id] = grade(self.frame(claim_id), origins[claim_id], best, opponents[claim_id])
        return result

    def timelines(self, ids: Iterable[str], grades: Mapping[str, Grade]) -> dict[str, Timeline]:
        """Rebuild the timeline of every settlement a re-assessed claim is about."""
        at: dict[str, set[str]] = defaultdict(set)
        names: dict[str, str] = {}
        for claim_id in ids:
            for site in self.frame(claim_id).sites:
                if site.settlement:
                    at[site.key].add(claim_id)
                    names.setdefault(site.key, site.name)
        all_grades = ChainMap(dict(grades), self.previous.grades)
        result: dict[str, Timeline] = {}
        for key, claim_ids in at.items():
            old = self.previous.timelines.get(key)
            if old is not None:
                claim_ids.update(entry.claim_id for entry in old.entries)
            found = timeline(key, names[key], (self.frame(c) for c in claim_ids), all_grades)
            if found.entries:
                result[key] = found
        return result
