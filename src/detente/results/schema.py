"""The published shape of ``forecast.json``: pydantic models, ``SCHEMA_VERSION`` and JSON Schema.

A forecast leaves detente as data for notebooks, dashboards and other programs, so its shape
is a contract. The models here *are* that contract: ``forecast.json`` is written from them,
read back through them, and the JSON Schema published in ``docs/forecast.schema.json`` is
generated from them (a test keeps the file current). Any change that could break a reader
raises ``SCHEMA_VERSION``; documents carry their version so readers can refuse what they do
not understand.

Probabilities that a run could not estimate (for example a median time to deal when fewer
than half the draws reach one) are ``null``, never ``NaN``: JSON has no ``NaN``.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from typing import Annotated, Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from detente._format import pct as fmt_pct

__all__ = [
    "READABLE_VERSIONS",
    "SCHEMA_VERSION",
    "Analysis",
    "Blocker",
    "CalibrationInfo",
    "ForecastDocument",
    "Headline",
    "ModelFailure",
    "ModelPrediction",
    "MonthlyProbability",
    "ProposalAcceptance",
    "ProposalVerdict",
    "RelapseProbability",
    "RunInfo",
    "ScenarioRef",
    "Sensitivity",
    "TermsDistribution",
    "TimeToDeal",
    "json_schema",
]

SCHEMA_VERSION = 6
READABLE_VERSIONS = (1, 2, 3, 4, 5, 6)
# version 2 added ``analyses`` and ``model_failures``; 3 added ``p_ceasefire_reached_by_month``;
# 4 added ``calibration`` and the two ``…_calibrated`` series; 6 ``p_military_decision_by_month``

Month = Annotated[
    str,
    Field(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$", description="Calendar month, 'YYYY-MM'."),
]
Probability = Annotated[float, Field(ge=0.0, le=1.0, description="A probability, 0–1.")]


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MonthlyProbability(_Row):
    """The chance that something has happened by the end of ``month``, with its interval."""

    month: Month
    p: Probability = Field(description="Point estimate (share of simulated draws).")
    low: Probability = Field(description="Lower end of the 90% interval.")
    high: Probability = Field(description="Upper end of the 90% interval.")


class TimeToDeal(_Row):
    """One bar of the time-to-deal distribution: the chance the deal is signed in ``month``."""

    month: Month | Literal["never"] = Field(
        description="Month of signature, or 'never' for no deal within the simulated horizon."
    )
    p: Probability


class TermsDistribution(_Row):
    """Predicted deal terms on one issue, in the issue's own units, over draws that reach a deal."""

    issue: str = Field(description="Issue id.")
    issue_name: str = Field(description="Issue display name.")
    q05: float | None = Field(description="5th percentile (null when no draw reached a deal).")
    q25: float | None = Field(description="25th percentile.")
    q50: float | None = Field(description="Median.")
    q75: float | None = Field(description="75th percentile.")
    q95: float | None = Field(description="95th percentile.")
    mean: float | None = Field(description="Mean.")
    label_q50: str = Field(description="A reader's label for the median (option or number+unit).")
    n: int = Field(ge=0, description="Number of draws that reached a deal.")


class RelapseProbability(_Row):
    """The chance that a deal breaks down into renewed war within ``years``."""

    years: int = Field(gt=0)
    p: Probability | None
    low: Probability | None
    high: Probability | None


class Blocker(_Row):
    """A constraint that stopped deals, and the share of failed draws it stopped."""

    constraint: str = Field(description="Readable name of the constraint.")
    kind: str = Field(description="Its kind, e.g. 'red_line', 'walk_away', 'domestic'.")
    actor: str | None = Field(default=None, description="Actor id, if it is one actor's.")
    issue: str | None = Field(default=None, description="Issue id, if it is about one issue.")
    share: Probability = Field(description="Share of no-deal draws in which it binds.")


class ProposalVerdict(_Row):
    """One cell of the proposals scorecard: would ``actor`` sign ``proposal``?"""

    proposal: str = Field(description="Proposal id.")
    actor: str = Field(description="Actor id.")
    track: Literal["ceasefire", "settlement"] | None = Field(
        default=None,
        description=(
            "'ceasefire' for an interim proposal (ceasefire-track terms only, scored on that "
            "track alone), else 'settlement'."
        ),
    )
    acceptable: bool = Field(description="True if it would sign in at least half the draws now.")
    p_accept: Probability | None = Field(
        default=None, description="Chance it signs in the first simulated month."
    )
    p_accept_end: Probability | None = Field(
        default=None, description="Chance it signs in the last simulated month."
    )
    reason: str | None = Field(
        default=None,
        description=(
            "Modal binding reason in the first month: accepted, red_line, bottom_line, "
            "walk_away, public_tolerance or coupling."
        ),
    )
    binding_issue: str | None = Field(
        default=None, description="Issue id on which that reason binds (null: none)."
    )
    margin: float | None = Field(
        description=(
            "Utility above (+) or below (−) the actor's floor at its best completion of the open "
            "issues (belligerents; null for an interim proposal), or the slack on its tightest "
            "named issue (other actors), in utility units."
        )
    )
    breaks_red_line: bool = Field(description="True if a term lies beyond one of its red lines.")
    red_lines: list[str] = Field(
        default_factory=list, description="Ids of the issues where it crosses a red line."
    )
    durability: Probability | None = Field(
        default=None, description="Chance the package would hold five years (null if unknown)."
    )


class ProposalAcceptance(_Row):
    """P(``actor`` signs ``proposal``) in one simulated month (bottom lines give way in time)."""

    proposal: str = Field(description="Proposal id.")
    actor: str = Field(description="Actor id.")
    month: Month
    p_accept: Probability = Field(description="Chance it signs in that month.")


class ModelPrediction(_Row):
    """One bargaining model's predicted outcome on one issue (the side-by-side table)."""

    model: str = Field(description="Registry name of the model.")
    issue: str = Field(description="Issue id.")
    outcome: float = Field(description="Predicted outcome in the issue's units.")
    outcome_unit: Probability = Field(description="The same on [0, 1].")
    label: str = Field(description="A reader's label for the outcome.")


class Sensitivity(_Row):
    """A lever's or an uncertain input's effect on P(deal by the horizon) (the tornado chart)."""

    name: str = Field(description="Lever id, proposal id or input path.")
    kind: str = Field(
        pattern=r"^[a-z_]+$",
        description=(
            "lever: off → on; proposal (or reference, a past framework): not tabled → tabled; "
            "input: 5th → 95th percentile. Readers should accept kinds they do not know."
        ),
    )
    p_low: Probability = Field(description="P(deal) with the lever off / input at its 5th pct.")
    p_high: Probability = Field(description="P(deal) with the lever on / input at its 95th pct.")


class Analysis(_Row):
    """One analysis of the run: how many draws it used, how precise it is, how long it took."""

    name: str = Field(description="'simulation', 'models', 'proposals', 'levers' or 'inputs'.")
    n_draws: int | None = Field(
        description="Draws it used (per variant for what-ifs); null when it draws none."
    )
    target_half_width: float | None = Field(
        default=None, description="The 90% half-width its differences had to reach."
    )
    achieved_half_width: float | None = Field(
        default=None, description="The widest 90% half-width of its differences."
    )
    seconds: float = Field(ge=0, description="Wall-clock time it took.")
    note: str = Field(default="", description="How the draw count was chosen, in words.")


class ModelFailure(_Row):
    """A bargaining model that could not forecast this scenario, and why."""

    model: str = Field(description="Registry name of the model.")
    error: str = Field(description="Its error message (what is wrong and the fix).")


class Headline(BaseModel):
    """The few numbers a reader wants first. Further headline numbers may be present."""

    model_config = ConfigDict(extra="allow", frozen=True)

    p_deal_by_horizon: Probability | None = Field(description="P(settlement by the horizon).")
    p_deal_by_horizon_low: Probability | None = Field(description="Its 90% interval's low end.")
    p_deal_by_horizon_high: Probability | None = Field(description="Its 90% interval's high end.")
    p_ceasefire_at_horizon: Probability | None = Field(
        description="P(a ceasefire or settlement in force at the end of the horizon)."
    )
    median_months_to_deal: float | None = Field(
        description="Median months until a deal (null when fewer than half the draws reach one)."
    )
    p_relapse_5y: Probability | None = Field(description="P(a deal relapses within 5 years).")


class CalibrationInfo(_Row):
    """How the calibrated series were made: the map fitted on the case library, and its inputs.

    Raw probabilities are shares of simulated draws; calibrated ones are what such shares have
    meant on past negotiations (``detente backtest``; docs/validation.md).
    """

    method: str = Field(description="The map and what it was fitted on, in words.")
    conflict_kind: Literal["interstate", "civil"] = Field(
        description="The scenario's war.kind: which UCDP reference class enters the map."
    )
    war_started: dt.date = Field(description="The scenario's war.started.")
    elapsed_months: float = Field(ge=0, description="Months the war had lasted at as_of.")
    n_cases: int = Field(gt=0, description="Past cases the map was fitted on.")
    n_questions: int = Field(gt=0, description="Resolved yes/no questions it was fitted on.")
    interval: str = Field(description="What the calibrated series' low/high span.")
    p_deal_by_horizon: Probability = Field(description="Calibrated P(settlement by the horizon).")
    p_deal_by_horizon_low: Probability
    p_deal_by_horizon_high: Probability


class ScenarioRef(_Row):
    """Which scenario was forecast, pinned by the hash of its validated content."""

    id: str
    title: str
    as_of: dt.date
    hash: str | None = Field(
        default=None,
        pattern=r"^sha256:[0-9a-f]{64}$",
        description="sha256 of the scenario's canonical JSON (see detente.runs.scenario_hash).",
    )


class RunInfo(_Row):
    """How the forecast was made: enough to reproduce it."""

    n_draws: int = Field(gt=0)
    seed: int | None
    months: list[Month] = Field(description="The simulated months, in order.")
    params: dict[str, Any] = Field(description="Simulation parameters, verbatim.")


class ForecastDocument(BaseModel):
    """The whole of ``forecast.json``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: Literal[1, 2, 3, 4, 5, 6] = Field(
        description="Version of this schema; readers must check it (2 added analyses and "
        "model_failures, 3 added p_ceasefire_reached_by_month, 4 added calibration and the "
        "calibrated series, 5 the scorecard's track, P(accept), binding reason and "
        "proposal_acceptance_by_month, 6 p_military_decision_by_month; older documents read "
        "with the newer tables empty)."
    )
    kind: Literal["detente.forecast"] = "detente.forecast"
    detente_version: str = Field(description="Version of detente that wrote the document.")
    created_at: dt.datetime = Field(description="When the document was written (UTC).")
    scenario: ScenarioRef
    run: RunInfo
    headline: Headline
    p_ceasefire_by_month: list[MonthlyProbability]
    p_settlement_by_month: list[MonthlyProbability]
    p_ceasefire_reached_by_month: list[MonthlyProbability] = Field(
        default_factory=list,
        description=(
            "P(a first ceasefire, or a settlement, reached by the end of `month`, whether or not "
            "it still holds): what a backtest scores; `p_ceasefire_by_month` is 'in force'."
        ),
    )
    p_military_decision_by_month: list[MonthlyProbability] = Field(
        default_factory=list,
        description=(
            "P(the battlefield has decided the war — one side's victory or collapse — by the end "
            "of `month`): the competing ending that no deal or ceasefire follows. All zero "
            "where the scenario gives no war.kind and war.started."
        ),
    )
    calibration: CalibrationInfo | None = Field(
        default=None,
        description=(
            "Present when the scenario gives war.kind and war.started: how the calibrated "
            "series below were made. Absent: only the raw simulation is reported."
        ),
    )
    p_settlement_by_month_calibrated: list[MonthlyProbability] = Field(
        default_factory=list,
        description=(
            "P(settlement by `month`) after the recalibration map fitted on the case library; "
            "low/high span the map's case-bootstrap refits (see `calibration.interval`)."
        ),
    )
    p_ceasefire_reached_by_month_calibrated: list[MonthlyProbability] = Field(
        default_factory=list,
        description="The same map applied to P(a ceasefire or settlement reached by `month`).",
    )
    time_to_deal: list[TimeToDeal]
    terms: list[TermsDistribution]
    p_relapse: list[RelapseProbability]
    blockers: list[Blocker]
    proposals: list[ProposalVerdict] = Field(default_factory=list)
    proposal_acceptance_by_month: list[ProposalAcceptance] = Field(
        default_factory=list,
        description="P(each actor signs each named proposal) in every simulated month.",
    )
    models: list[ModelPrediction] = Field(default_factory=list)
    sensitivity: list[Sensitivity] = Field(default_factory=list)
    analyses: list[Analysis] = Field(default_factory=list)
    model_failures: list[ModelFailure] = Field(default_factory=list)

    def to_frames(self) -> dict[str, pd.DataFrame]:
        """Every table of the document as a pandas DataFrame, keyed by the table's field name."""
        frames: dict[str, pd.DataFrame] = {}
        for name in TABLES:
            rows: list[_Row] = getattr(self, name)
            columns = list(_ROW_TYPES[name].model_fields)
            frames[name] = pd.DataFrame([r.model_dump() for r in rows], columns=columns)
        return frames

    def _repr_html_(self) -> str:
        """Render in Jupyter: the headline and the two monthly series."""
        h = self.headline
        title = html.escape(f"{self.scenario.title} (as of {self.scenario.as_of})")

        def pct(x: float | None) -> str:
            return fmt_pct(x, 0)

        lines = [
            f"<p><b>{title}</b> — {self.run.n_draws} draws, seed {self.run.seed}</p>",
            "<ul>",
            f"<li>P(settlement by horizon): {pct(h.p_deal_by_horizon)} "
            f"({pct(h.p_deal_by_horizon_low)}–{pct(h.p_deal_by_horizon_high)})</li>",
            f"<li>P(ceasefire in force at the horizon): {pct(h.p_ceasefire_at_horizon)}</li>",
            "</ul>",
        ]
        frames = self.to_frames()
        both = frames["p_settlement_by_month"].merge(
            frames["p_ceasefire_by_month"], on="month", suffixes=("_settlement", "_ceasefire")
        )
        return "\n".join(lines) + both.to_html(index=False, float_format=lambda x: f"{x:.3f}")


TABLES: tuple[str, ...] = (
    "p_ceasefire_by_month",
    "p_settlement_by_month",
    "p_ceasefire_reached_by_month",
    "p_military_decision_by_month",
    "p_settlement_by_month_calibrated",
    "p_ceasefire_reached_by_month_calibrated",
    "time_to_deal",
    "terms",
    "p_relapse",
    "blockers",
    "proposals",
    "proposal_acceptance_by_month",
    "models",
    "sensitivity",
    "analyses",
    "model_failures",
)

_ROW_TYPES: dict[str, type[_Row]] = {
    "p_ceasefire_by_month": MonthlyProbability,
    "p_settlement_by_month": MonthlyProbability,
    "p_ceasefire_reached_by_month": MonthlyProbability,
    "p_military_decision_by_month": MonthlyProbability,
    "p_settlement_by_month_calibrated": MonthlyProbability,
    "p_ceasefire_reached_by_month_calibrated": MonthlyProbability,
    "time_to_deal": TimeToDeal,
    "terms": TermsDistribution,
    "p_relapse": RelapseProbability,
    "blockers": Blocker,
    "proposals": ProposalVerdict,
    "proposal_acceptance_by_month": ProposalAcceptance,
    "models": ModelPrediction,
    "sensitivity": Sensitivity,
    "analyses": Analysis,
    "model_failures": ModelFailure,
}


def json_schema() -> dict[str, Any]:
    """The JSON Schema of ``forecast.json`` (what ``docs/forecast.schema.json`` holds)."""
    schema = ForecastDocument.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://detente.invalid/schema/forecast/v{SCHEMA_VERSION}.json"
    return schema


def json_schema_text() -> str:
    """The JSON Schema as stable, pretty-printed text (for the published file)."""
    return json.dumps(json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
