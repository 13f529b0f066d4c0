"""Build the reference-class hazard table from the UCDP Conflict Termination data (v3-2021).

The raw file stays outside the repository (CC BY 4.0, but it is not ours to vendor); this
script turns it into a small derived extract, ``src/detente/history/data/reference_hazards.csv``
and its sidecar ``reference_hazards.meta.json``, which ``detente.history.reference_class``
reads. Fetch the raw file, then run::

    git --git-dir=<mirror of Bvlampe/CCIP_seminar_paper> show \\
        94f1fae74d64b0f2287a4782a55844d23547144f:ucdp-term-acd-3-2021.csv > /tmp/ucdp-term.csv
    python scripts/build_reference_class.py /tmp/ucdp-term.csv

What the script does, and why:

* The file is conflict-year rows (one per UCDP conflict and active year) carrying the episode
  id ``conflictep_id``; ``confterm == 1`` marks the year the episode ended, with its end date
  ``ependdate`` and ``outcome`` (UCDP termination codebook: 1 peace agreement, 2 ceasefire
  agreement, 3 victory for side A, 4 victory for side B, 5 low activity, 6 actor ceases to
  exist). Episode start = ``start_date2`` (the date the current activity period reached 25
  battle-related deaths) on the episode's first row.
* Ten conflicts that ended an episode and became active again in 2020 carry their 2020 row
  under the old episode id (the 2020 episode was not numbered in v3-2021). Rows after a
  ``confterm == 1`` row, with their own ``start_date2``, are split off as a new episode
  ``<conflictep_id>+<year>``, censored at the data end.
* Episodes without an end are censored at 2020-12-31 (the data run 1946–2020).
* Type: ``type_of_conflict2`` (1 extrasystemic, skipped; 2 interstate; 3 intrastate, which
  UCDP uses for both its types 3 and 4, i.e. internationalised intrastate counts as civil).
* Duration = (end − start) in 30.44-day months; dates are as UCDP gives them, whatever their
  precision (year-precise dates sit on 31 December), and the few negative spans this yields
  are clipped to 0.
* Exposure per band (lo, hi] is the episode-months spent inside it; an episode ending at t is
  counted in the band with lo < t ≤ hi (t = 0 in the first band).
* Trailing bands that fewer than ``MIN_ENTERING`` episodes of a type enter are merged into the
  band before them (interstate wars rarely last four years: 2 reach 48 months, none 96), so no
  band's hazard is the prior alone; the band edges are therefore per type.
* The conflicts of the library's cases and the held-out conflicts are excluded (``EXCLUDED``),
  so no case's own outcome informs its prior.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import json
import math
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "src" / "detente" / "history" / "data"
CSV_NAME = "reference_hazards.csv"
META_NAME = "reference_hazards.meta.json"

DAYS_PER_MONTH = 30.44
DATA_END = date(2020, 12, 31)
BAND_EDGES: tuple[float, ...] = (0.0, 1.0, 3.0, 6.0, 12.0, 24.0, 48.0, 96.0, math.inf)
CAUSES = ("peace_agreement", "ceasefire", "victory", "low_activity_or_other")
OUTCOME_TO_CAUSE = {
    1: "peace_agreement",
    2: "ceasefire",
    3: "victory",
    4: "victory",
    5: "low_activity_or_other",
    6: "low_activity_or_other",
}
MIN_ENTERING = 5
TYPE_NAMES = {2: "interstate", 3: "civil"}
GENERATED = "fixed: regenerate with scripts/build_reference_class.py (no timestamp, reproducible)"

# UCDP conflict_id -> (why excluded, UCDP name). Library cases first, then held-out conflicts.
EXCLUDED: dict[int, tuple[str, str]] = {
    11343: ("israel-egypt-1977-11", "Egypt, Israel: Suez/Sinai (interstate)"),
    234: ("camp-david-2000-07", "Israel: Palestine"),
    323: ("cyprus-2002-01", "Cyprus, Turkey: Northern Cyprus (interstate)"),
    299: ("syria-geneva-2014-01", "Syria: Government"),
    324: ("iran-iraq-1987-08", "Iran, Iraq (interstate)"),
    346: ("falklands-1982-04", "Argentina, United Kingdom: Malvinas/Falkland Islands"),
    393: ("georgia-2008-08", "Georgia: South Ossetia (UCDP codes the 2008 war here)"),
    388: ("karabakh-1994-02, karabakh-2020-10", "Azerbaijan: Artsakh (Nagorno-Karabakh)"),
    315: ("northern-ireland-1996-06", "United Kingdom: Northern Ireland"),
    309: ("sudan-2002-06", "Sudan: Government (SPLM/A; later Darfur groups)"),
    366: ("aceh-2005-01", "Indonesia: Aceh"),
    352: ("sri-lanka-2001-12", "Sri Lanka: Eelam"),
    374: ("rwanda-1992-06", "Rwanda: Government"),
    332: ("mozambique-1990-07", "Mozambique: Government"),
    327: ("angola-1990-04", "Angola: Government"),
    267: ("tigray-2022-09", "Ethiopia: Government (TPLF)"),
    333: ("afghanistan-2020-09", "Afghanistan: Government"),
    235: ("held-out: Korea 1950-53", "North Korea, South Korea"),
    293: ("held-out: Vietnam 1965-75", "South Vietnam, North Vietnam"),
    389: ("held-out: Bosnia 1992-95", "Bosnia-Herzegovina: Serb"),
    397: ("held-out: Bosnia 1992-95", "Bosnia-Herzegovina: Bihaca Krajina"),
    398: ("held-out: Bosnia 1992-95", "Bosnia-Herzegovina: Croat"),
    13246: ("held-out: Ukraine/Donbas 2014-", "Ukraine: Donetsk"),
    13247: ("held-out: Ukraine/Donbas 2014-", "Ukraine: Lugansk"),
    13306: ("held-out: Ukraine/Donbas 2014-", "Ukraine: Novorossiya"),
    289: ("held-out: Colombia (FARC)", "Colombia: Government"),
}
NOT_IN_FILE = {
    "held-out: Russia-Ukraine 2022": "not in v3-2021 (data end 2020); nothing to exclude",
}

SOURCE = {
    "dataset": "UCDP Conflict Termination Dataset",
    "version": "v3-2021 (conflict-year file ucdp-term-acd-3-2021.csv, 1946-2020)",
    "licence": "CC BY 4.0",
    "attribution": (
        "Kreutz, Joakim (2010). How and when armed conflicts end: Introducing the UCDP "
        "Conflict Termination dataset. Journal of Peace Research 47(2): 243-250. "
        "Uppsala Conflict Data Program."
    ),
    "copy": "github.com/Bvlampe/CCIP_seminar_paper, ucdp-term-acd-3-2021.csv",
    "commit": "94f1fae74d64b0f2287a4782a55844d23547144f",
}


@dataclass(frozen=True)
class Episode:
    """One conflict episode: its type, length in months, and how it ended (None = censored)."""

    key: str
    conflict_id: int
    conflict_type: str
    months: float
    cause: str | None


def _date(text: str) -> date:
    return datetime.strptime(text, "%d/%m/%Y").date()


def read_episodes(path: Path) -> tuple[list[Episode], dict[str, object]]:
    """Episodes of the raw file (all types except extrasystemic), and notes on quirks found."""
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    by_ep: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_ep.setdefault(row["conflictep_id"], []).append(row)
    episodes: list[Episode] = []
    split: list[str] = []
    clipped: list[str] = []
    for ep_id, ep_rows in sorted(by_ep.items(), key=lambda kv: int(kv[0])):
        ep_rows.sort(key=lambda r: int(r["year"]))
        segments: list[list[dict[str, str]]] = [[]]
        for row in ep_rows:
            segments[-1].append(row)
            if row["confterm"] == "1":
                segments.append([])
        for i, seg in enumerate(s for s in segments if s):
            first, last = seg[0], seg[-1]
            key = ep_id if i == 0 else f"{ep_id}+{first['year']}"
            if i:
                split.append(key)
            code = int(first["type_of_conflict2"])
            if code == 1:
                continue
            start = _date(first["start_date2"])
            ended = last["confterm"] == "1"
            end = _date(last["ependdate"]) if ended else DATA_END
            months = (end - start).days / DAYS_PER_MONTH
            if months < 0:
                clipped.append(key)
                months = 0.0
            cause = OUTCOME_TO_CAUSE[int(float(last["outcome"]))] if ended else None
            episodes.append(
                Episode(key, int(first["conflict_id"]), TYPE_NAMES[code], months, cause)
            )
    quirks = {"split_2020_reactivations": split, "negative_durations_clipped": clipped}
    return episodes, quirks


def type_edges(episodes: list[Episode]) -> list[float]:
    """BAND_EDGES with trailing bands entered by < MIN_ENTERING episodes merged into the last."""
    edges = list(BAND_EDGES)
    while len(edges) > 2 and sum(e.months > edges[-2] for e in episodes) < MIN_ENTERING:
        del edges[-2]
    return edges


def band_table(episodes: list[Episode]) -> list[dict[str, object]]:
    """Rows type × band: entering, exposure and endings by cause (and censored)."""
    out: list[dict[str, object]] = []
    for ctype in ("interstate", "civil"):
        eps = [e for e in episodes if e.conflict_type == ctype]
        edges = type_edges(eps)
        for lo, hi in itertools.pairwise(edges):
            entering = [e for e in eps if e.months > lo or lo == 0.0]
            exposure = sum(min(e.months, hi) - lo for e in entering if e.months > lo)
            ending = [e for e in entering if e.months <= hi]
            row: dict[str, object] = {
                "conflict_type": ctype,
                "band_lo_months": f"{lo:g}",
                "band_hi_months": "inf" if math.isinf(hi) else f"{hi:g}",
                "n_episodes_entering": len(entering),
                "exposure_months": f"{exposure:.3f}",
            }
            for cause in CAUSES:
                row[cause] = sum(1 for e in ending if e.cause == cause)
            row["censored"] = sum(1 for e in ending if e.cause is None)
            out.append(row)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw", type=Path, help="path to ucdp-term-acd-3-2021.csv")
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR)
    args = parser.parse_args()
    raw_sha = hashlib.sha256(args.raw.read_bytes()).hexdigest()
    episodes, quirks = read_episodes(args.raw)
    present = {e.conflict_id for e in episodes}
    missing = sorted(set(EXCLUDED) - present)
    if missing:
        msg = f"excluded conflict ids not found in the file: {missing}"
        raise SystemExit(msg)
    kept = [e for e in episodes if e.conflict_id not in EXCLUDED]
    dropped = [e for e in episodes if e.conflict_id in EXCLUDED]
    rows = band_table(kept)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    csv_path = args.out_dir / CSV_NAME
    with csv_path.open("w", newline="", encoding="utf-8") as fh:
        fh.write(
            "# Derived from the UCDP Conflict Termination Dataset v3-2021 (CC BY 4.0; Kreutz 2010,"
            " JPR 47(2)).\n"
            "# Episode-months at risk and episode endings by cause, per conflict type and"
            " elapsed-duration band (months of 30.44 days).\n"
            f"# Excludes {len(EXCLUDED)} UCDP conflicts (library cases and held-out conflicts):"
            f" {' '.join(str(c) for c in sorted(EXCLUDED))}; see {META_NAME}.\n"
            "# Built by scripts/build_reference_class.py.\n"
        )
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    summary = {}
    for ctype in ("interstate", "civil"):
        eps = [e for e in kept if e.conflict_type == ctype]
        summary[ctype] = {
            "episodes": len(eps),
            "ended": sum(1 for e in eps if e.cause is not None),
            **{c: sum(1 for e in eps if e.cause == c) for c in CAUSES},
        }
    meta = {
        "source": SOURCE,
        "raw_sha256": raw_sha,
        "generated": GENERATED,
        "fields": {
            "episode": "conflictep_id (split as <id>+<year> where a 2020 reactivation kept the"
            " old id)",
            "start": "start_date2 on the episode's first row",
            "end": "ependdate on the row with confterm == 1; else censored at "
            + DATA_END.isoformat(),
            "outcome": {
                "1": "peace agreement -> peace_agreement",
                "2": "ceasefire agreement -> ceasefire",
                "3": "victory for side A (government) -> victory",
                "4": "victory for side B -> victory",
                "5": "low activity (<25 battle-related deaths) -> low_activity_or_other",
                "6": "actor ceases to exist -> low_activity_or_other",
            },
            "type": "type_of_conflict2: 2 -> interstate; 3 (UCDP types 3 and 4) -> civil;"
            " 1 (extrasystemic) skipped",
        },
        "days_per_month": DAYS_PER_MONTH,
        "band_edges_months": {
            ctype: [e if math.isfinite(e) else "inf" for e in edges]
            for ctype, edges in (
                (t, type_edges([e for e in kept if e.conflict_type == t]))
                for t in ("interstate", "civil")
            )
        },
        "band_merge_rule": f"trailing bands entered by fewer than {MIN_ENTERING} episodes are"
        " merged into the band before them",
        "band_rule": "an episode lasting t months ends in the band lo < t <= hi (t = 0: first)",
        "excluded_conflicts": [
            {"conflict_id": cid, "name": name, "why": why}
            for cid, (why, name) in sorted(EXCLUDED.items())
        ],
        "excluded_episodes": sorted(e.key for e in dropped),
        "not_in_file": NOT_IN_FILE,
        "quirks": quirks,
        "episodes_kept": summary,
    }
    (args.out_dir / META_NAME).write_text(
        json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"wrote {csv_path} ({len(kept)} episodes kept, {len(dropped)} excluded)")


if __name__ == "__main__":
    main()
