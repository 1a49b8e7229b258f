"""Score `claimledger analyze` on the dev corpus per language, on a fixed development / held-out split.

Development only (needs ../shared). The split is fixed so that every change is judged on the same
held-out documents: within each language, the documents sorted by name, every third one (index 2, 5, 8,
...) is held out. Rules are written against the development part; the held-out part shows whether they
transfer.

    python scripts/score_dev.py [--shared ../shared] [--lang en,ru,uk] [--keep OUT.json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

KEYS = (
    "place_f1",
    "resolution_accuracy",
    "claim_precision",
    "claim_recall",
    "claim_f1",
    "status_accuracy",
    "action_accuracy",
    "actor_side_accuracy",
    "claim_place_link",
)


def language_of(path: Path) -> str:
    return "en" if path.name.startswith(("en_", "seed_")) else path.name[:2]


def split(texts: list[Path]) -> dict[str, list[Path]]:
    """The fixed split: per language, every third document (sorted by name) is held out."""
    out: dict[str, list[Path]] = {"develop": [], "held-out": []}
    by_language: dict[str, list[Path]] = {}
    for path in sorted(texts):
        by_language.setdefault(language_of(path), []).append(path)
    for paths in by_language.values():
        for index, path in enumerate(paths):
            out["held-out" if index % 3 == 2 else "develop"].append(path)
    return out


def score(shared: Path, output: Path, paths: list[Path]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as gold:
        for path in paths:
            (Path(gold) / f"{path.stem}.json").symlink_to(path.with_suffix(".json").resolve())
        result = subprocess.run(
            [sys.executable, str(shared / "eval" / "score.py"), gold, str(output), "--json"],
            check=True,
            capture_output=True,
            text=True,
        )
    summary: dict[str, float] = json.loads(result.stdout)
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    parser.add_argument("--lang", default="en,ru,uk")
    parser.add_argument("--keep", type=Path, help="also write the analyze output here")
    args = parser.parse_args()
    languages = args.lang.split(",")
    texts = [p for p in (args.shared / "corpus" / "dev").glob("*.txt") if language_of(p) in languages]
    claimledger = Path(sys.executable).with_name("claimledger")
    with tempfile.NamedTemporaryFile("w+", suffix=".json") as out:
        command = [str(claimledger), "analyze", *map(str, sorted(texts)), "--format", "json"]
        subprocess.run(command, check=True, stdout=out)
        out.flush()
        if args.keep:
            args.keep.write_text(Path(out.name).read_text(encoding="utf-8"), encoding="utf-8")
        parts = split(texts)
        print(f"{'':14}" + "".join(f"{key[:14]:>15}" for key in KEYS))
        for language in languages:
            for name in ("develop", "held-out"):
                paths = [p for p in parts[name] if language_of(p) == language]
                result = score(args.shared, Path(out.name), paths)
                row = "".join(f"{result[key]:>15.3f}" for key in KEYS)
                print(f"{language} {name:<11}{row}")
            result = score(args.shared, Path(out.name), [p for p in texts if language_of(p) == language])
            print(f"{language} {'all':<11}" + "".join(f"{result[key]:>15.3f}" for key in KEYS))


if __name__ == "__main__":
    main()
