"""English word lists for claim extraction: reporting verbs, the action vocabulary, sides and status cues."""

from __future__ import annotations

from claimledger.model import Action, Status

REPORTING: dict[str, Status] = {
    **dict.fromkeys(
        [
            "say",
            "claim",
            "report",
            "state",
            "tell",
            "announce",
            "post",
            "write",
            "describe",
            "accuse",
            "allege",
            "note",
            "add",
            "publish",
            "warn",
            "stress",
            "emphasize",
            "emphasise",
            "characterize",
            "characterise",
            "insist",
            "assert",
            "declare",
            "reiterate",
            "explain",
            "inform",
            "specify",
            "mention",
            "argue",
        ],
        Status.CLAIMED,
    ),
    **dict.fromkeys(["confirm", "acknowledge", "admit", "verify"], Status.CONFIRMED),
    **dict.fromkeys(["deny", "refute", "dismiss", "reject"], Status.DENIED),
    **dict.fromkeys(
        [
            "assess",
            "believe",
            "estimate",
            "expect",
            "think",
            "forecast",
            "predict",
            "judge",
            "observe",
            "hold",
        ],
        Status.ASSESSED,
    ),
    **dict.fromkeys(["suggest", "indicate", "show"], Status.CLAIMED),
}
"""Reporting verbs (lemmas) and the status an attributed claim gets from them."""

EVIDENCE_VERBS: dict[str, Status] = {
    "show": Status.CONFIRMED,
    "indicate": Status.ASSESSED,
    "suggest": Status.ASSESSED,
    "confirm": Status.CONFIRMED,
}
"""Verbs whose subject is evidence (footage, imagery, sensors): the status they lend."""

EVIDENCE_NOUNS = frozenset(
    [
        "footage",
        "imagery",
        "image",
        "video",
        "photo",
        "evidence",
        "sensor",
        "intelligence",
        "anomaly",
        "satellite",
        "map",
        "geolocation",
    ]
)
SOURCE_NOUNS = frozenset(
    [
        "report",
        "analysis",
        "data",
        "datum",
        "statement",
        "information",
        "assessment",
        "claim",
        "post",
        "message",
    ]
)
"""Nouns that stand for what a party said: "Reports from X", "data from X" -> X is the claimant."""
UNSOURCED_EVIDENCE = frozenset(["evidence"])
"""Evidence nouns that name no source ("available evidence indicates"): the clause is the writer's voice."""

PERSONAL_PRONOUNS = {
    "he": "person",
    "she": "person",
    "they": "plural",
    "it": "org",
    "we": "self",
    "i": "self",
    "you": "second",
}
"""Pronouns a claimant can be, by what they can stand for: a person, a group, an organisation, the text's
own voice ("self": the speaker or author) or the one addressed ("second": no claimant)."""

_ACTION_WORDS: dict[Action, str] = {
    Action.RECAPTURE: "recapture liberate retake regain reclaim liberation",
    Action.CAPTURE: "capture seize occupy overrun conquer takeover seizure",
    Action.ATTACK_REPELLED: "repel repulse rebuff thwart foil intercept",
    Action.ADVANCE: "advance penetrate progress breakthrough infiltrate incursion push",
    Action.WITHDRAWAL: "withdraw withdrawal retreat flee",
    Action.REINFORCEMENT: "reinforce reinforcement redeploy redeployment deploy accumulation buildup "
    "regroup replenish mobilize mobilise mobilization shipment",
    Action.STRIKE: "strike struck airstrike bomb bombard bombing shell shelling hit explosion fire blaze "
    "smoke damage destroy disable",
    Action.ATTACK: "attack assault offensive counteroffensive counterattack storm encircle besiege trap "
    "pressure attempt onslaught",
    Action.FIGHTING: "fight fighting battle clash engagement combat firefight skirmish engage contested",
    Action.CASUALTIES: "kill die dead wound injure casualty loss lose death graveyard eliminate liquidate",
    Action.PRESENCE: "present presence operate station concentrate survive detect",
    Action.CONTROL: "control hold annex",
}
ACTIONS: dict[str, Action] = {
    word: action for action, words in _ACTION_WORDS.items() for word in words.split()
}
"""Action by lemma. A verb in the clause's head chain wins over a noun further down."""

PHRASAL: dict[tuple[str, str], Action] = {
    ("push", "back"): Action.ADVANCE,
    ("push", "out"): Action.WITHDRAWAL,
    ("pull", "back"): Action.WITHDRAWAL,
    ("pull", "out"): Action.WITHDRAWAL,
    ("beat", "back"): Action.ATTACK_REPELLED,
    ("fend", "off"): Action.ATTACK_REPELLED,
    ("hunt", "down"): Action.PRESENCE,
    ("fall", "back"): Action.WITHDRAWAL,
    ("take", "control"): Action.CAPTURE,
    ("move", "forward"): Action.ADVANCE,
    ("shoot", "down"): Action.ATTACK_REPELLED,
    ("knock", "out"): Action.STRIKE,
    ("drive", "out"): Action.WITHDRAWAL,
    ("give", "up"): Action.WITHDRAWAL,
}
PHRASAL_TRANSITIVE: dict[tuple[str, str], Action] = {
    ("push", "out"): Action.ADVANCE,
    ("drive", "out"): Action.ADVANCE,
}
"""Phrasal verbs that mean something else with an object: "X were pushed out" is X's withdrawal, "X pushed
the enemy out" is X's advance."""
TAKE_OBJECTS = frozenset(["village", "town", "city", "settlement", "position", "control"])
"""`take` means capture when its object is one of these."""
AERIAL_OBJECTS = frozenset(
    ["drone", "uav", "missile", "rocket", "shahed", "bomb", "aircraft", "helicopter", "jet"]
)
"""Objects of air defence: "destroyed 38 drones" is an attack repelled; with these, "launched" is a strike."""
_ASSAULTS = frozenset(["attack", "assault", "attempt", "advance", "offensive", "counterattack"])
MATERIEL = frozenset(
    [
        "troop",
        "unit",
        "brigade",
        "battalion",
        "regiment",
        "reinforcement",
        "reserve",
        "weapon",
        "arm",
        "munition",
        "ammunition",
        "shell",
        "missile",
        "drone",
        "uav",
        "tank",
        "artillery",
        "equipment",
        "vehicle",
        "aircraft",
        "jet",
        "system",
        "resource",
        "personnel",
        "force",
        "soldier",
        "capability",
        "interceptor",
        "launcher",
    ]
)
"""Objects that make sending, giving or getting them a reinforcement ("transferred UAVs to Crimea")."""
AID_NOUNS = frozenset(["package", "assistance", "aid", "tranche", "delivery", "shipment", "supply"])
"""Nouns of military aid: a reinforcement when they hold materiel or are "security" or "military" aid."""
REINFORCED = frozenset(
    ["position", "defense", "defence", "line", "front", "flank", "grouping", "garrison", "group", "sector"]
)
"""What else is reinforced in a reinforcement ("reinforced its positions"; not "reinforce our commitment")."""
OBJECT_ACTIONS: dict[str, tuple[frozenset[str], Action]] = {
    "destroy": (AERIAL_OBJECTS, Action.ATTACK_REPELLED),
    "down": (AERIAL_OBJECTS, Action.ATTACK_REPELLED),
    "neutralize": (AERIAL_OBJECTS, Action.ATTACK_REPELLED),
    "launch": (AERIAL_OBJECTS, Action.STRIKE),
    "stop": (_ASSAULTS, Action.ATTACK_REPELLED),
    "halt": (_ASSAULTS, Action.ATTACK_REPELLED),
    **{
        verb: (MATERIEL, Action.REINFORCEMENT)
        for verb in [
            "send",
            "transfer",
            "deliver",
            "supply",
            "provide",
            "give",
            "receive",
            "acquire",
            "obtain",
            "sell",
            "buy",
            "purchase",
            "flow",
            "move",
            "bring",
            "shift",
            "rush",
            "dispatch",
            "pour",
        ]
    },
    "maintain": (frozenset(["position", "presence", "foothold", "garrison"]), Action.PRESENCE),
    "gain": (frozenset(["ground", "territory", "foothold", "position", "control"]), Action.ADVANCE),
    **{
        verb: (frozenset(["defense", "defence", "position", "line"]), Action.REINFORCEMENT)
        for verb in ("strengthen", "bolster", "fortify")
    },
}
"""Verbs whose action depends on their object (lemma): the object lemmas and the action they make."""
HOLD_NON_OBJECTS = frozenset(
    [
        "talk",
        "meeting",
        "negotiation",
        "consultation",
        "election",
        "referendum",
        "conference",
        "vote",
        "rally",
        "ceremony",
        "event",
        "summit",
        "view",
        "belief",
        "office",
        "post",
        "hope",
        "session",
        "exercise",
    ]
)
"""Objects with which `hold` is not control of ground ("held talks", "held a referendum")."""

LIGHT_VERBS = frozenset(
    [
        "continue",
        "begin",
        "start",
        "keep",
        "conduct",
        "carry",
        "launch",
        "make",
        "use",
        "undertake",
        "intensify",
        "resume",
        "stop",
        "manage",
        "seek",
        "be",
        "have",
        "able",
        "plan",
        "aim",
    ]
)
ATTEMPT_WORDS = frozenset(["attempt", "try", "effort", "bid"])
ATTEMPT_TARGETS = frozenset(
    {Action.ADVANCE, Action.CAPTURE, Action.RECAPTURE, Action.ATTACK, Action.WITHDRAWAL}
)

MILITARY_NOUNS = frozenset(
    [
        "force",
        "troop",
        "army",
        "unit",
        "soldier",
        "servicemember",
        "serviceman",
        "military",
        "operation",
        "drone",
        "brigade",
        "battalion",
        "regiment",
        "division",
        "occupier",
        "invader",
        "enemy",
        "fighter",
        "marine",
        "paratrooper",
        "artillery",
        "navy",
        "fleet",
        "aviation",
        "defender",
        "missile",
        "tank",
        "frontline",
        "front",
        "counteroffensive",
        "offensive",
        "bomb",
        "rocket",
        "shahed",
        "uav",
        "munition",
        "shell",
        "reserve",
        "personnel",
        "weapon",
        "interceptor",
        "ammunition",
    ]
)
STRONG_ACTIONS = frozenset(
    [
        "strike",
        "airstrike",
        "attack",
        "assault",
        "offensive",
        "counteroffensive",
        "counterattack",
        "shell",
        "shelling",
        "bomb",
        "bombard",
        "recapture",
        "liberate",
        "retake",
        "capture",
        "seize",
        "repel",
        "repulse",
        "battle",
        "fight",
        "fighting",
        "clash",
        "combat",
        "engagement",
        "advance",
        "kill",
        "casualty",
        "encircle",
        "storm",
        "penetrate",
        "incursion",
        "withdraw",
        "retreat",
        "liquidate",
        "explosion",
    ]
)
"""Action words that make a clause a claim about fighting even without a military noun in it."""

UA_WORDS = frozenset(
    ["ukrainian", "ukraine", "kyiv", "kiev", "ukrainians", "zsu", "afu", "pro-ukrainian", "defender"]
)
RU_WORDS = frozenset(
    [
        "russian",
        "russia",
        "moscow",
        "kremlin",
        "russians",
        "occupier",
        "invader",
        "pro-russian",
        "rf",
        "putin",
    ]
)
RU_ALLIES = frozenset(["iranian", "dprk", "belarusian"])
"""Words of the states whose forces act on Russia's side (with "North Korean", found by its two words)."""
ENEMY_WORDS = frozenset({"enemy"})
INSTITUTION_WORDS = (
    UA_WORDS
    | RU_WORDS
    | frozenset(
        [
            "isw",
            "staff",
            "ministry",
            "defense",
            "defence",
            "general",
            "armed",
            "forces",
            "mod",
            "nato",
            "pentagon",
            "white",
            "house",
            "united",
            "states",
            "us",
            "u.s.",
            "un",
            "moscow",
            "kremlin",
        ]
    )
)
"""Proper nouns that name a side or an institution, never a person: a name made only of these needs no NER."""
OWN_WORDS = frozenset({"our", "we"})
"""Words of the claimant's own side: "our forces" are the speaker's."""
PRONOUN_OWNERS: dict[str, str] = {"its": "it", "their": "they"}
"""Third-person possessives, by the pronoun whose antecedent they take ("its forces": what "it" means)."""
VICTIM_VERBS = frozenset(["kill", "wound", "injure", "eliminate", "liquidate", "murder"])
"""Verbs of casualties whose object suffers them: the casualties are on the object's side."""
PARTIAL_OBJECTS = frozenset(
    ["part", "parts", "portion", "section", "area", "outskirt", "outskirts", "position", "building", "block"]
)
"""Objects that make "occupied X" a presence, not a capture ("occupied parts of the city")."""

HEDGES: dict[str, Status] = {
    **dict.fromkeys(
        [
            "likely",
            "unlikely",
            "probably",
            "possibly",
            "presumably",
            "apparently",
            "may",
            "might",
            "could",
            "seem",
            "appear",
            "estimated",
            "believed",
            "certainly",
        ],
        Status.ASSESSED,
    ),
    "reportedly": Status.CLAIMED,
    "unclear": Status.UNVERIFIED,
    "unconfirmed": Status.UNVERIFIED,
    "unverified": Status.UNVERIFIED,
}
"""Words inside a clause that change its status, by lower-cased token text or lemma."""

OPEN_WORDS = frozenset(["unclear", "uncertain", "unknown", "unconfirmed", "unverified"])
"""Words that leave the clause they govern open: "It is unclear whether ..."."""

FORECAST_MODALS = frozenset(["will", "would", "could", "might", "may", "should", "'ll", "wo"])
"""Modals of a forecast or a condition: what a clause with them says has not (yet) happened."""

ASSESSMENT_ADJECTIVES = frozenset(["likely", "unlikely", "certain", "probable", "possible", "plausible"])
"""Adjectives of an impersonal assessment: "It is almost certain that ...", "It is highly likely that"."""

NOTE_SOURCES = frozenset(
    [
        "official",
        "authority",
        "ministry",
        "mod",
        "military",
        "governor",
        "mayor",
        "staff",
        "administration",
        "command",
        "media",
        "channel",
        "blogger",
        "milblogger",
        "police",
        "service",
        "spokesperson",
        "spokesman",
        "army",
        "navy",
        "agency",
        "source",
        "telegram",
        "guard",
    ]
)
"""Words that make a closing bracket an event note's source: "(Ukrainian officials)", "(Russian MoD)"."""

ANAPHORIC = frozenset(["these", "those", "such", "this", "that"])
"""Determiners that make an action noun refer back to an earlier report ("these advances")."""

DENIAL_VERBS = frozenset(["deny", "reject", "dismiss", "refute", "debunk", "disprove"])
"""Verbs that deny what they take as object ("rejected the claim")."""
CLAIM_NOUNS = frozenset(
    ["claim", "report", "statement", "allegation", "assertion", "rumor", "rumour", "story", "account"]
)
"""Nouns standing for something said: as the object of a denial they point back at an earlier claim."""

VERIFY_VERBS = frozenset(["verify", "confirm", "corroborate"])
"""Negated ("could not verify", "neither ... confirmed"): the claims are unverified."""

INFERENCE_PARTICIPLES = frozenset(["indicate", "suggest"])
"""", indicating that ..." hung on a report is the writer's inference, not the reporter's."""

_IRREGULAR: dict[str, tuple[str, ...]] = {
    "say": ("said",),
    "tell": ("told",),
    "write": ("wrote", "written"),
    "strike": ("struck", "stricken"),
    "take": ("took", "taken"),
    "hold": ("held",),
    "fight": ("fought",),
    "lose": ("lost",),
    "flee": ("fled",),
    "beat": ("beaten",),
    "think": ("thought",),
    "show": ("shown",),
    "overrun": ("overran",),
    "withdraw": ("withdrew", "withdrawn"),
    "fall": ("fell", "fallen"),
    "die": ("died", "dying"),
    "mislead": ("misled",),
    "give": ("gave", "given"),
    "drive": ("drove", "driven"),
    "shoot": ("shot",),
}


def word_forms(lemma: str) -> set[str]:
    """The inflected forms of an English lemma, generously (an over-generated form costs nothing here)."""
    forms = {
        lemma,
        lemma + "s",
        lemma + "es",
        lemma + "ed",
        lemma + "d",
        lemma + "ing",
        *_IRREGULAR.get(lemma, ()),
    }
    if lemma.endswith("e"):
        forms.add(lemma[:-1] + "ing")
    if lemma.endswith("y"):
        forms.update((lemma[:-1] + "ies", lemma[:-1] + "ied"))
    if lemma[-1] not in "aeiouwxy":
        forms.update((lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"))
    return forms


TRIGGERS: frozenset[str] = frozenset(
    form
    for lemma in (
        *REPORTING,
        *ACTIONS,
        *MILITARY_NOUNS,
        *VERIFY_VERBS,
        *(verb for verb, _ in PHRASAL),
        *OBJECT_ACTIONS,
        *(verb for verb, _ in PHRASAL_TRANSITIVE),
        "take",
        "cite",
        "unable",
    )
    for form in word_forms(lemma)
) | {"according", "unconfirmed", "unverified"}
"""Word forms without which the English rules find nothing in a sentence: no claim clause (an action or a
military word), no speaker for a later quote or pronoun, no "According to X", no verification statement.
Sentences with none of them are not parsed."""

PARTICIPLES: dict[str, str] = {
    form: lemma for lemma in REPORTING for form in word_forms(lemma) if form.endswith("ing")
}
"""Present participles of reporting verbs, for when the tagger takes one for a noun ("acknowledging")."""
