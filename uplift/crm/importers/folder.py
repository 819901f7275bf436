"""An export is a folder: the files an importer reads must stay inside it, links included."""

from __future__ import annotations

from pathlib import Path

from uplift.crm.importers.errors import MalformedInputError


def file_in_folder(directory: Path, path: Path) -> Path:
    """`path`, found in `directory`; refused when it is a link that leads outside (an upload or
    a shared folder must not make the importer read the server's own files)."""
    if not path.resolve().is_relative_to(directory.resolve()):
        raise MalformedInputError(
            path.name, "is a link to a file outside the export's folder: copy the file itself"
        )
    return path
