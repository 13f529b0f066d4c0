"""The scenario schema (v2): what a negotiation *is* to detente, as validated data.

Pydantic checks shapes, types and single-field ranges here; rules that span fields (ids that
must exist, saliences that must sum to one, values that must lie on a scale) live in
``checks.py``. Every field has a description because the JSON Schema (``detente schema``) and
``docs/scenario.md`` are generated from them.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

from detente.scenario.uncertain import Fixed, ScaleValue, Uncertain

__all__ = [
    "SCHEMA_VERSION",
    "Actor",
    "Anchor",
    "Calibration",
    "Citation",
    "Condition",
    "Constraint",
    "Correlation",
    "Evidence",
    "Issue",
    "Judgement",
    "Lever",
    "LeverEffect",
    "NumericScale",
    "OrdinalOption",
    "OrdinalScale",
    "Owner",
    "Position",
    "PowerShift",
    "Proposal",
    "Provision",
    "ProvisionRange",
    "Ratification",
    "RedLine",
    "Scenario",
    "Side",
    "Source",
    "War",
]

SCHEMA_VERSION = 3
"""Version 2 added issue owners, feasibility constraints, agreement provisions, post-war
power shifts and proposal authors; version 3 replaced the calibration's ``concession_rate`` and
``learning_rate`` (the simulation no longer has them: concessions follow the value of fighting
on and beliefs update by Bayes' rule) by ``belief_strength``. :mod:`detente.scenario.upgrade`
migrates version-1 and version-2 files."""

Id = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_]*$",
        max_length=64,
        description=(
            "Identifier: lower-case letters, digits and underscores, starting with a letter."
        ),
    ),
]


class _Model(BaseModel):
    # finite numbers only: NaN and ±inf can never be meant, and break every model downstream
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


# --- sources and evidence -------------------------------------------------------------------


class Source(_Model):
    """A published text the scenario draws on. The project stores facts, never its sentences."""

    id: Id
    title: str = Field(min_length=1, description="The article's title.")
    author: str = Field(min_length=1, description="Author(s), or the outlet when unsigned.")
    outlet: str = Field(min_length=1, description="Publication, channel or site.")
    published: dt.date = Field(description="Publication date (ISO 8601).")
    date_precision: Literal["day", "month", "approximate"] = Field(
        default="day",
        description="How exact `published` is: 'approximate' when inferred from the text itself.",
    )
    url: str | None = Field(default=None, description="Where the article can be read, if known.")
    note: str = Field(default="", description="Anything a reader should know about the source.")


class Citation(_Model):
    """A claim backed by a passage of a source, verifiable without carrying the passage."""

    source: Id = Field(description="Id of an entry in `sources`.")
    locator: str = Field(min_length=1, description="Where in the source: section and paragraph.")
    paraphrase: str = Field(min_length=1, description="What the passage says, in our own words.")
    fingerprint: str = Field(
        pattern=r"^sha256:[0-9a-f]{64}:[1-9][0-9]*$",
        description=(
            "sha256:<hex>:<words> of the normalised cited passage (see docs/sources.md); lets "
            "anyone holding the article verify the citation."
        ),
    )
    supports: list[str] = Field(
        default_factory=lambda: ["*"],
        min_length=1,
        description="Which fields of the enclosing record this evidence backs ('*' for all).",
    )
    fact_true_by_as_of: str | None = Field(
        default=None,
        description=(
            "Required when the source was published after the scenario's `as_of`: why the cited "
            "fact was already true on that date (no look-ahead)."
        ),
    )


class Judgement(_Model):
    """A value set by the analyst's judgement rather than read from a source."""

    judgement: str = Field(min_length=1, description="One-line rationale.")
    supports: list[str] = Field(
        default_factory=lambda: ["*"],
        min_length=1,
        description="Which fields of the enclosing record this judgement backs ('*' for all).",
    )


def _evidence_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        return "judgement" if "judgement" in value else "citation"
    if isinstance(value, Judgement):
        return "judgement"
    if isinstance(value, Citation):
        return "citation"
    return None


Evidence = Annotated[
    Annotated[Citation, Tag("citation")] | Annotated[Judgement, Tag("judgement")],
    Discriminator(_evidence_kind),
]

_EVIDENCE: Any = Field(
    default_factory=list,
    description="Citations and judgements backing this record's values.",
)


# --- actors ---------------------------------------------------------------------------------


class Ratification(_Model):
    """A domestic instrument a leader's deal must pass, or faces (Putnam 1988: level II)."""

    instrument: Literal["referendum", "parliament", "election"] = Field(
        description=(
            "referendum or parliament: a vote every deal this actor signs must pass, or the deal "
            "is void and talks go on; election: the date the leader next faces voters, who hold "
            "it to account for a bad deal."
        )
    )
    margin: Uncertain | None = Field(
        default=None,
        description=(
            "referendum and parliament (required): how far (utility, −1 to 1) above the public's "
            "floor (1 − domestic_tolerance) a deal must sit to pass: 0 = a deal at the floor "
            "passes half the time; > 0 a supermajority or a turnout quorum; < 0 a chamber the "
            "leader controls."
        ),
    )
    date: dt.date | None = Field(
        default=None,
        description="election (required): the election day, after `as_of`.",
    )
    accountability: Uncertain | None = Field(
        default=None,
        description=(
            "0–1: how far the leader holds to its public's floor when it signs (1 = never below "
            "it; 0 = signs whatever beats fighting on, and a vote may then void the deal). "
            "Required for an election (it rises to 1 as the election nears); 1 when omitted for "
            "a referendum or a parliament."
        ),
    )
    note: str = Field(default="", description="What the instrument is, in words.")
    evidence: list[Evidence] = _EVIDENCE


class Actor(_Model):
    """A party to the negotiation, at the table or not."""

    id: Id
    name: str = Field(min_length=1, description="Display name.")
    role: Literal["belligerent", "mediator", "guarantor", "stakeholder"] = Field(
        description="What part it plays."
    )
    capability: Uncertain = Field(
        description="Relative power to shape the outcome (> 0; only ratios between actors matter)."
    )
    veto: bool = Field(description="True if its consent is needed for a deal to be signed.")
    at_table: bool = Field(description="True if it takes part in the talks (as of `as_of`).")
    domestic_tolerance: Uncertain = Field(
        description=(
            "The largest loss of utility (0–1, from its ideal package) that its public and elite "
            "will accept before refusing a 'bad peace'."
        )
    )
    spoiler_capacity: Uncertain = Field(
        default_factory=lambda: Fixed(value=0.0),
        description=(
            "0–1: how far it can undermine the implementation of a deal it dislikes if left out "
            "(0 = not at all)."
        ),
    )
    ratification: list[Ratification] = Field(
        default_factory=list,
        description=(
            "Votes its deals must pass and elections its leader faces (none: its public's "
            "tolerance binds the leader fully and nothing voids a signed deal)."
        ),
    )
    description: str = Field(default="", description="Who this is, in a sentence.")
    evidence: list[Evidence] = _EVIDENCE


# --- issues and scales ----------------------------------------------------------------------


class Anchor(_Model):
    """A labelled point on a numeric scale, so numbers mean something to a reader."""

    value: float = Field(description="Point on the scale.")
    label: str = Field(min_length=1, description="What the point means.")


Provision = Literal[
    "peacekeepers",
    "third_party_guarantee",
    "withdrawal",
    "military_integration_or_ddr",
    "demarcation",
    "implementation_commission",
    "ceasefire_provision",
    "referendum",
    "elections",
]
"""What an agreement provides, in the UCDP Peace Agreement Dataset's terms (Högbladh 2011):
the provisions whose effect on an agreement's survival is fitted on that data."""


class ProvisionRange(_Model):
    """A provision a deal contains when a numeric issue is settled inside a range."""

    provision: Provision = Field(description="The provision (see `OrdinalOption.provisions`).")
    at_least: float | None = Field(default=None, description="Lowest value that has it.")
    at_most: float | None = Field(default=None, description="Highest value that has it.")


class NumericScale(_Model):
    """A continuous range, e.g. the share of Donbas that Ukraine withdraws from."""

    kind: Literal["numeric"]
    min: float = Field(description="Lowest value.")
    max: float = Field(description="Highest value (> min).")
    unit: str = Field(min_length=1, description="What the numbers count.")
    anchors: list[Anchor] = Field(min_length=2, description="At least the two ends, labelled.")
    provisions: list[ProvisionRange] = Field(
        default_factory=list,
        description="Agreement provisions a deal contains when settled inside a range.",
    )


class OrdinalOption(_Model):
    """One option on an ordered scale."""

    id: Id
    label: str = Field(min_length=1, description="What the option means, for a reader.")
    value: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="Its place on [0, 1]; evenly spaced when omitted (then omit it for all).",
    )
    provisions: list[Provision] = Field(
        default_factory=list,
        description=(
            "Agreement provisions a deal with this option contains (e.g. `peacekeepers`); "
            "they set the deal's relapse hazard from the effects fitted on PAD."
        ),
    )


class OrdinalScale(_Model):
    """Ordered options, e.g. NATO: membership path … permanent neutrality."""

    kind: Literal["ordinal"]
    options: list[OrdinalOption] = Field(min_length=2, description="Options in order.")


class Owner(_Model):
    """An actor whose consent some terms of an issue need (Tsebelis 2002: a veto player).

    The EU holds its own sanctions and the frozen assets; a guarantor must agree to guarantee.
    A seated owner consents to what it prefers to its bottom line; an owner away from the table
    cannot bargain, so only what it has publicly offered (its stated position) is available.
    """

    actor: Id = Field(description="Id of the owning actor.")
    needed_for: list[ScaleValue] | None = Field(
        default=None,
        description=(
            "The terms that need its consent: option ids on an ordinal issue; leave out to mean "
            "any term other than the status quo."
        ),
    )
    evidence: list[Evidence] = _EVIDENCE


class PowerShift(_Model):
    """How settling an issue moves the balance of power after the war (Powell 2006).

    An army cap or a withdrawal changes who would win a later war; a deal that leaves one side
    expecting to grow stronger invites renegotiation by force (Werner 1999).
    """

    at_min: float = Field(
        ge=-1,
        le=1,
        description="Change in side A's 5-year chance of prevailing at the scale's min.",
    )
    at_max: float = Field(
        ge=-1, le=1, description="The same at the scale's max (linear in between, unit scale)."
    )
    evidence: list[Evidence] = _EVIDENCE


class Issue(_Model):
    """A question the parties must settle."""

    id: Id
    name: str = Field(min_length=1, description="Display name.")
    track: Literal["ceasefire", "settlement"] = Field(
        description="Which negotiating track the issue belongs to."
    )
    scale: Annotated[NumericScale | OrdinalScale, Field(discriminator="kind")] = Field(
        description="The range of possible outcomes."
    )
    status_quo: ScaleValue | None = Field(
        default=None, description="Where things stand with no agreement (optional)."
    )
    owners: list[Owner] = Field(
        default_factory=list,
        description=(
            "Actors besides the two belligerents whose consent some of its terms need "
            "(the belligerents always consent to the whole deal)."
        ),
    )
    power_shift: PowerShift | None = Field(
        default=None, description="How its terms shift the post-war balance of power (optional)."
    )
    description: str = Field(default="", description="What is at stake.")
    evidence: list[Evidence] = _EVIDENCE


# --- positions ------------------------------------------------------------------------------


class RedLine(_Model):
    """A hard limit: no outcome beyond ``limit`` (away from the actor's ideal) is acceptable."""

    limit: ScaleValue = Field(description="The last acceptable point (number or option id).")
    note: str = Field(default="", description="What the red line is, in words.")
    firmness: Uncertain | None = Field(
        default=None,
        description=(
            "0–1: the chance the red line is real rather than a bargaining stance (Fearon 1995: "
            "parties have reasons to misrepresent); drawn per draw. Leave out for a certain one."
        ),
    )
    evidence: list[Evidence] = _EVIDENCE


class Position(_Model):
    """Where one actor stands on one issue."""

    stated: ScaleValue = Field(description="Its public position (an opening offer).")
    ideal: ScaleValue = Field(description="The outcome it would most like.")
    bottom_line: Uncertain = Field(
        description=(
            "The worst outcome it would accept, uncertain (stated positions are not bottom lines)."
        )
    )
    salience: float = Field(
        ge=0, le=1, description="How much the issue matters to it; its saliences sum to 1."
    )
    red_line: RedLine | None = Field(
        default=None, description="A hard limit, only where the sources show one."
    )
    evidence: list[Evidence] = _EVIDENCE


# --- war ------------------------------------------------------------------------------------


class Side(_Model):
    """What one belligerent believes about fighting on, and what fighting costs it."""

    optimism: Uncertain = Field(
        description=(
            "How much higher it rates its chance of prevailing than the analyst's estimate "
            "(probability points; 0 = unbiased)."
        )
    )
    collapse_hope: Uncertain = Field(
        description="Its believed monthly chance that the other side's front or economy collapses."
    )
    monthly_cost: Uncertain = Field(
        description="Cost of a month of fighting, in utility units (its whole stake = 1)."
    )
    evidence: list[Evidence] = _EVIDENCE


class Bystander(_Model):
    """A non-belligerent that bears costs while the war goes on (aid, prices, risk)."""

    monthly_cost: Uncertain = Field(description="Monthly cost of the war to it, in utility units.")
    evidence: list[Evidence] = _EVIDENCE


class War(_Model):
    """What fighting on is expected to bring: the belligerents' walk-away alternative."""

    sides: tuple[Id, Id] = Field(description="The two belligerents; the first is 'side A'.")
    p_first_prevails: Uncertain = Field(
        description=(
            "Analyst's estimate of the chance that side A prevails if the war is fought to a "
            "decision within the horizon."
        )
    )
    trend_per_month: Uncertain = Field(
        description="Expected monthly change in that chance (+ favours side A; 0 = stalemate)."
    )
    volatility_per_month: Uncertain = Field(
        description="Standard deviation of the monthly change (battlefield shocks)."
    )
    horizon_months: Uncertain = Field(
        description="How many months ahead the sides look when they value fighting on."
    )
    beliefs: dict[Id, Side] = Field(
        description="Each belligerent's beliefs and costs, by actor id."
    )
    bystanders: dict[Id, Bystander] = Field(
        default_factory=dict, description="Costs of the war to non-belligerents, by actor id."
    )
    kind: Literal["interstate", "civil"] | None = Field(
        default=None,
        description=(
            "What kind of war, as UCDP types it: interstate (type 2) or civil (intrastate, "
            "internationalised or not: types 3 and 4). With `started`, it picks the historical "
            "reference class the calibrated forecast uses; leave both out to report the raw "
            "simulation only."
        ),
    )
    started: dt.date | None = Field(
        default=None,
        description=(
            "When the episode of fighting running at `as_of` began (UCDP's episode start: the "
            "date it reached 25 battle deaths); on or before `as_of`."
        ),
    )
    evidence: list[Evidence] = _EVIDENCE


# --- levers and proposals -------------------------------------------------------------------


LeverQuantity = Literal["monthly_cost", "deal_value", "trend", "optimism", "guarantee", "at_table"]
"""What a lever can change: the one list (the simulation indexes ``LEVER_QUANTITIES``)."""
LEVER_QUANTITIES: tuple[str, ...] = get_args(LeverQuantity)


class LeverEffect(_Model):
    """One quantity a lever changes for one actor, when it fires and is believed."""

    target: Id = Field(description="Actor affected.")
    quantity: LeverQuantity = Field(
        description=(
            "monthly_cost: cost of fighting on; deal_value: value added to any deal; trend: "
            "front-line trend (+ favours side A); optimism: belief bias; guarantee: credibility "
            "of guarantees behind a deal; at_table: brings the target to the table (delta 1)."
        )
    )
    delta: Uncertain = Field(description="Change applied to the quantity.")


class Lever(_Model):
    """Something a mediator or guarantor can do to move the parties."""

    id: Id
    name: str = Field(min_length=1, description="Display name.")
    actor: Id = Field(description="Who pulls the lever.")
    kind: Literal[
        "sanctions",
        "secondary_sanctions",
        "sanctions_relief",
        "aid",
        "weapons",
        "security_guarantee",
        "deadline",
        "walk_away",
        "inclusion",
    ] = Field(description="What sort of lever it is.")
    mode: Literal["threat", "promise", "action"] = Field(
        description=(
            "threat: applies if the target refuses a deal; promise: applies if it agrees; "
            "action: applies whatever it does."
        )
    )
    effects: list[LeverEffect] = Field(min_length=1, description="What it changes.")
    credibility: Uncertain = Field(
        description="0–1: the chance the targets believe it will be carried out."
    )
    active: bool = Field(description="True if it is in force (or on the table) as of `as_of`.")
    deadline: dt.date | None = Field(default=None, description="When a deadline expires, if any.")
    description: str = Field(default="", description="What the lever is.")
    evidence: list[Evidence] = _EVIDENCE


class Proposal(_Model):
    """A named package: a position on each issue it covers."""

    id: Id
    name: str = Field(min_length=1, description="Display name.")
    author: str = Field(min_length=1, description="Who put it forward (actor id or description).")
    authors: list[Id] = Field(
        default_factory=list,
        description="Ids of the scenario's actors among its authors (scored as its authors).",
    )
    date: dt.date = Field(description="When it was put forward.")
    reference_case: bool = Field(
        default=False,
        description="True for a past framework kept for comparison (e.g. Minsk), not on the table.",
    )
    terms: dict[Id, ScaleValue] = Field(
        min_length=1, description="Issue id → the proposal's point on that issue."
    )
    guaranteed_by: list[Id] = Field(
        default_factory=list, description="Actors that would guarantee it."
    )
    description: str = Field(default="", description="What it was, in a sentence or two.")
    evidence: list[Evidence] = _EVIDENCE


class Condition(_Model):
    """A set of terms on one issue: options (ordinal) or a range (numeric)."""

    issue: Id = Field(description="Issue id.")
    options: list[Id] | None = Field(default=None, description="Option ids (ordinal issues).")
    at_least: float | None = Field(default=None, description="Lowest value (numeric issues).")
    at_most: float | None = Field(default=None, description="Highest value (numeric issues).")


class Constraint(_Model):
    """A package rule: a deal whose terms meet `when` must have terms that meet `then`.

    E.g. a reassurance force means foreign forces on the ground. Applied by the simulation's
    deal search and by every model's prediction.
    """

    id: Id
    when: Condition = Field(description="The terms that bring the rule into force.")
    then: Condition = Field(description="The terms a package must then have.")
    description: str = Field(default="", description="What the rule is, in words.")
    evidence: list[Evidence] = _EVIDENCE


class Correlation(_Model):
    """Two uncertain inputs that move together (sampled with a Gaussian copula)."""

    a: str = Field(min_length=1, description="Dotted path of an uncertain value.")
    b: str = Field(min_length=1, description="Dotted path of another uncertain value.")
    rho: float = Field(ge=-1, le=1, description="Rank-correlation target (−1 to 1).")
    evidence: list[Evidence] = _EVIDENCE


# --- calibration of the simulation -------------------------------------------------------


@dataclass(frozen=True)
class Bound:
    """An interval a calibrated rate must lie in (None: unbounded on that side)."""

    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    lt: float | None = None

    def ok(self, v: float) -> bool:
        """True if ``v`` is a finite number inside the interval."""
        return (
            math.isfinite(v)
            and (self.ge is None or v >= self.ge)
            and (self.gt is None or v > self.gt)
            and (self.le is None or v <= self.le)
            and (self.lt is None or v < self.lt)
        )

    def describe(self) -> str:
        """E.g. 'a number in (0, 1]' or 'a number >= 1'."""
        lo = (
            f"[{self.ge:g}"
            if self.ge is not None
            else f"({self.gt:g}"
            if self.gt is not None
            else None
        )
        hi = (
            f"{self.le:g}]"
            if self.le is not None
            else f"{self.lt:g})"
            if self.lt is not None
            else None
        )
        if lo and hi:
            return f"a number in {lo}, {hi}"
        if lo:
            return f"a number {'>=' if self.ge is not None else '>'} {lo[1:]}"
        return f"a number {'<=' if self.le is not None else '<'} {hi[:-1] if hi else ''}"


CALIBRATION_BOUNDS: dict[str, Bound] = {
    "sign_hazard": Bound(gt=0, le=1),
    "relapse_5y": Bound(gt=0, lt=1),
    "relapse_shape": Bound(gt=0, le=3),
    "guarantee_hazard_ratio": Bound(gt=0, le=1),
    "power_shift_hazard_ratio": Bound(ge=1),
    "tolerance_hazard_ratio": Bound(ge=1),
    "ceasefire_hazard_ratio": Bound(ge=1),
    "relapse_penalty": Bound(ge=0, le=1),
    "cost_escalation": Bound(ge=0, le=10),
    "belief_strength": Bound(gt=0, le=1000),
}
"""The one set of bounds of every calibrated rate: the scenario schema and the simulation's
``CalibrationValues`` both check against it."""


class Calibration(_Model):
    """Overrides of the simulation's free rates; each omitted (None) value uses detente's
    published default (see ``detente.dynamics.calibration`` and docs/dynamics.md)."""

    sign_hazard: float | None = Field(
        default=None,
        ge=CALIBRATION_BOUNDS["sign_hazard"].ge,
        gt=CALIBRATION_BOUNDS["sign_hazard"].gt,
        le=CALIBRATION_BOUNDS["sign_hazard"].le,
        lt=CALIBRATION_BOUNDS["sign_hazard"].lt,
        description=(
            "Monthly chance of signing once a zone of agreement exists and every veto player is at "
            "the table."
        ),
    )
    relapse_5y: float | None = Field(
        default=None,
        ge=CALIBRATION_BOUNDS["relapse_5y"].ge,
        gt=CALIBRATION_BOUNDS["relapse_5y"].gt,
        le=CALIBRATION_BOUNDS["relapse_5y"].le,
        lt=CALIBRATION_BOUNDS["relapse_5y"].lt,
        description=(
            "Chance that war resumes within 5 years of a settlement with no guarantee, no expected "
            "power shift and within every public's tolerance."
        ),
    )
    relapse_shape: float | None = Field(
        default=None,
        ge=CALIBRATION_BOUNDS["relapse_shape"].ge,
        gt=CALIBRATION_BOUNDS["relapse_shape"].gt,
        le=CALIBRATION_BOUNDS["relapse_shape"].le,
        lt=CALIBRATION_BOUNDS["relapse_shape"].lt,
        description=(
            "Weibull shape of the relapse hazard (< 1: the risk is highest soon after the deal)."
        ),
    )
    guarantee_hazard_ratio: float | None = Field(
        default=None,
        ge=CALIBRATION_BOUNDS["guarantee_hazard_ratio"].ge,
        gt=CALIBRATION_BOUNDS["guarantee_hazard_ratio"].gt,
        le=CALIBRATION_BOUNDS["guarantee_hazard_ratio"].le,
        lt=CALIBRATION_BOUNDS["guarantee_hazard_ratio"].lt,
        description=(
            "Relapse hazard ratio of a fully credible third-party guarantee (guarantee = 1) against"
            " none."
        ),
    )
    power_shift_hazard_ratio: float | None = Field(
        default=None,
        ge=CALIBRATION_BOUNDS["power_shift_hazard_ratio"].ge,
        gt=CALIBRATION_BOUNDS["power_shift_hazard_ratio"].gt,
        le=CALIBRATION_BOUNDS["power_shift_hazard_ratio"].le,
        lt=CALIBRATION_BOUNDS["power_shift_hazard_ratio"].lt,
        description=(
            "Relapse hazard multiplier for an expected 25-point shift in the chance of prevailing "
            "over 5 years."
        ),
    )
    tolerance_hazard_ratio: float | None = Field(
        default=None,
        ge=CALIBRATION_BOUNDS["tolerance_hazard_ratio"].ge,
        gt=CALIBRATION_BOUNDS["tolerance_hazard_ratio"].gt,
        le=CALIBRATION_BOUNDS["tolerance_hazard_ratio"].le,
        lt=CALIBRATION_BOUNDS["tolerance_hazard_ratio"].lt,
        description=(
            "Relapse hazard multiplier per 0.1 of utility by which a deal sits beyond a public's "
            "tolerance."
        ),
    )
    ceasefire_hazard_ratio: float | None = Field(
        default=None,
        ge=CALIBRATION_BOUNDS["ceasefire_hazard_ratio"].ge,
        gt=CALIBRATION_BOUNDS["ceasefire_hazard_ratio"].gt,
        le=CALIBRATION_BOUNDS["ceasefire_hazard_ratio"].le,
        lt=CALIBRATION_BOUNDS["ceasefire_hazard_ratio"].lt,
        description=(
            "Breakdown hazard of a ceasefire with no settlement, relative to a settlement's relapse"
            " hazard."
        ),
    )
    relapse_penalty: float | None = Field(
        default=None,
        ge=CALIBRATION_BOUNDS["relapse_penalty"].ge,
        gt=CALIBRATION_BOUNDS["relapse_penalty"].gt,
        le=CALIBRATION_BOUNDS["relapse_penalty"].le,
        lt=CALIBRATION_BOUNDS["relapse_penalty"].lt,
        description=(
            "Utility a side expects to lose if a signed deal collapses (it raises each side's floor"
            " by P(relapse) times this)."
        ),
    )
    cost_escalation: float | None = Field(
        default=None,
        ge=CALIBRATION_BOUNDS["cost_escalation"].ge,
        gt=CALIBRATION_BOUNDS["cost_escalation"].gt,
        le=CALIBRATION_BOUNDS["cost_escalation"].le,
        lt=CALIBRATION_BOUNDS["cost_escalation"].lt,
        description=(
            "How fast the monthly cost of war grows with the cost already borne (economic strain; 0"
            " = constant costs)."
        ),
    )
    belief_strength: float | None = Field(
        default=None,
        ge=CALIBRATION_BOUNDS["belief_strength"].ge,
        gt=CALIBRATION_BOUNDS["belief_strength"].gt,
        le=CALIBRATION_BOUNDS["belief_strength"].le,
        lt=CALIBRATION_BOUNDS["belief_strength"].lt,
        description=(
            "Weight of each side's prior belief about its chances, in months of fighting: how "
            "much battlefield evidence it takes to correct its optimism (Smith & Stam 2004). "
            "Omitted, it is drawn per draw from its posterior on the case library."
        ),
    )
    utility: Literal["linear", "quadratic"] | None = Field(
        default=None,
        description=(
            "Loss per issue in the simulation's utilities (floors, war values, the deal "
            "search): 'linear' (default) or 'quadratic' (Achen 2006), under which deals split "
            "issues instead of trading them whole."
        ),
    )
    coupling: dict[Id, Annotated[float, Field(ge=0, le=1)]] = Field(
        default_factory=dict,
        description=(
            "Actor id -> 0–1: how far its willingness to stop fighting, and to keep a ceasefire, "
            "depends on progress on the settlement track (1 = no ceasefire before its settlement "
            "terms are met; 0 = ceasefire first)."
        ),
    )
    evidence: list[Evidence] = _EVIDENCE


# --- the scenario ---------------------------------------------------------------------------


class Scenario(_Model):
    """A negotiation as detente sees it on one date."""

    schema_version: Literal[3] = Field(
        description=(
            "Schema version; this is version 3 (`detente scenario upgrade` migrates 1 and 2)."
        )
    )
    id: str = Field(
        pattern=r"^[a-z][a-z0-9_-]*$",
        max_length=64,
        description="Scenario name (lower case, digits, '-', '_'); built-ins match their file.",
    )
    title: str = Field(min_length=1, description="Display title.")
    as_of: dt.date = Field(description="The date the scenario describes; no later facts allowed.")
    description: str = Field(default="", description="What the scenario covers.")
    sources: list[Source] = Field(default_factory=list, description="Sources cited.")
    actors: list[Actor] = Field(min_length=2, description="The parties.")
    issues: list[Issue] = Field(min_length=1, description="The questions at stake.")
    positions: dict[Id, dict[Id, Position]] = Field(
        description="Actor id → issue id → that actor's position on that issue."
    )
    war: War | None = Field(default=None, description="The alternative to a deal (optional).")
    levers: list[Lever] = Field(default_factory=list, description="What third parties can do.")
    proposals: list[Proposal] = Field(default_factory=list, description="Named packages.")
    correlations: list[Correlation] = Field(
        default_factory=list, description="Uncertain inputs that move together."
    )
    constraints: list[Constraint] = Field(
        default_factory=list, description="Package rules every deal must satisfy."
    )
    calibration: Calibration | None = Field(
        default=None,
        description=(
            "Overrides of the simulation's calibrated rates and the two tracks' coupling "
            "(optional)."
        ),
    )

    def actor(self, actor_id: str) -> Actor:
        """Return the actor with ``actor_id`` (KeyError if absent)."""
        for a in self.actors:
            if a.id == actor_id:
                return a
        raise KeyError(actor_id)

    def issue(self, issue_id: str) -> Issue:
        """Return the issue with ``issue_id`` (KeyError if absent)."""
        for i in self.issues:
            if i.id == issue_id:
                return i
        raise KeyError(issue_id)

    def source(self, source_id: str) -> Source:
        """Return the source with ``source_id`` (KeyError if absent)."""
        for s in self.sources:
            if s.id == source_id:
                return s
        raise KeyError(source_id)
