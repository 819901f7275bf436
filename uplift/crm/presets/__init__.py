"""Ready-made mappings for the usual CRMs' exports: `uplift import csv --preset NAME DIR`.

Each preset is an ordinary mapping file (docs/mapping-format.md) kept in this folder: its sections
name their files by the patterns a CRM's export matches (`deals*.csv`), and its `[preset]` table
says which CRM and which export it expects. The mapping reader reads a preset like any mapping,
resolving the patterns in the export folder; this module lists them and names their location.

A preset is named after its file. A few are also known by the name they were first shipped
under (`ALIASES`): an old script or a saved import keeps working, and `--presets` lists the
alias beside the name. A preset's `source`, which the imported records carry, never changes with
its name, so importing the same export under either name changes nothing.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from uplift.crm.importers.errors import ImportInputError

PRESETS_DIR = Path(__file__).resolve().parent
# A preset import's location is one path, like a mapping file's: the export folder joined with
# "preset:<name>". The command line and the import page's job pass it on as they pass any other.
LOCATION_PREFIX = "preset:"
# Former name -> the preset's name: both work wherever a preset is named.
ALIASES = {"dynamics365": "dynamics", "spreadsheet": "deals-spreadsheet"}


class UnknownPresetError(ImportInputError):
    """No ready-made mapping has that name."""

    def __init__(self, name: str):
        super().__init__(
            f"No ready-made mapping is named {name!r}; the known ones: {', '.join(preset_names())}"
        )


@dataclass(frozen=True)
class PresetFile:
    section: str  # the mapping's section: "opportunities", "activities", …
    patterns: tuple[str, ...]  # the names or patterns tried in turn
    optional: bool

    def as_dict(self) -> dict[str, Any]:
        return {"section": self.section, "patterns": list(self.patterns), "optional": self.optional}

    def __str__(self) -> str:
        names = " or ".join(self.patterns)
        return f"{names} (optional)" if self.optional else names


@dataclass(frozen=True)
class Preset:
    name: str
    crm: str
    expects: str  # the export it is written for, in one line
    files: tuple[PresetFile, ...]
    path: Path
    aliases: tuple[str, ...] = ()  # other names it answers to

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "aliases": list(self.aliases),
            "crm": self.crm,
            "expects": self.expects,
            "files": [f.as_dict() for f in self.files],
        }


def preset_names() -> tuple[str, ...]:
    """The presets' names (their aliases are not repeated here: see `preset_exists`)."""
    return tuple(sorted(p.stem for p in PRESETS_DIR.glob("*.toml")))


def preset_exists(name: str) -> bool:
    """Whether `name` is a preset's name or one of its aliases."""
    return ALIASES.get(name, name) in preset_names()


def preset_get(name: str) -> Preset:
    """The ready-made mapping `name` (or the one it is an alias of); UnknownPresetError (naming
    the known ones) when none."""
    if not preset_exists(name):
        raise UnknownPresetError(name)
    return _preset_read(PRESETS_DIR / f"{ALIASES.get(name, name)}.toml")


def presets_all() -> list[Preset]:
    return [preset_get(name) for name in preset_names()]


def preset_location(*, name: str, folder: Path) -> Path:
    """Where `uplift import csv --preset NAME DIR` imports from, as the importers take it."""
    return folder / f"{LOCATION_PREFIX}{name}"


def preset_named_by(location: Path) -> str | None:
    """The preset a location names (`<folder>/preset:<name>`), or None for a mapping file."""
    if location.name.startswith(LOCATION_PREFIX) and not location.exists():
        return location.name.removeprefix(LOCATION_PREFIX)
    return None


@cache
def _preset_read(path: Path) -> Preset:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    about = data.get("preset", {})
    files = []
    for section, tables in data.items():
        for table in tables if isinstance(tables, list) else [tables]:
            if isinstance(table, dict) and "file" in table:
                names = table["file"] if isinstance(table["file"], list) else [table["file"]]
                files.append(PresetFile(section, tuple(names), bool(table.get("optional"))))
    return Preset(
        name=path.stem,
        crm=str(about.get("crm", path.stem)),
        expects=str(about.get("expects", "")),
        files=tuple(files),
        path=path,
        aliases=tuple(sorted(alias for alias, name in ALIASES.items() if name == path.stem)),
    )
