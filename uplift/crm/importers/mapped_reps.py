"""Reps of a mapped export: the reps files, completed by the managers file, one row per rep."""

from __future__ import annotations

from typing import Any

from uplift.crm.importers.csvread import ident, sql_string
from uplift.crm.importers.mapped_values import derive_key, mapped_column
from uplift.crm.importers.mapping import Mapping
from uplift.crm.importers.staging import EntitySource, StagedExport, stage_entity

_REP_COLUMNS = (
    "rep_id",
    "name",
    "email",
    "manager_id",
    "team",
    "region",
    "title",
    "hire_date",
    "active",
)


def _guess(text: str, key: str) -> tuple[str, str]:
    """(name, email) of a rep known only by the key written in a managers file."""
    if key == "email":
        return f"lower({text})", f"lower({text})"
    if key == "name":
        return f"regexp_replace({text}, '\\s+', ' ', 'g')", "CAST(NULL AS VARCHAR)"
    return text, "CAST(NULL AS VARCHAR)"


def reps_stage(con: Any, mapping: Mapping, staged: StagedExport, inners: dict[int, str]) -> None:
    """Reps from the reps files, completed by the managers file: one row per rep.

    The managers file is the authority on manager, team and region; anyone it names as a
    manager who is not listed anywhere is added, so the manager chain has no holes.
    """
    key = mapping.rep_key
    con.execute(
        "CREATE OR REPLACE TEMP TABLE map_reps (_row BIGINT, _file INTEGER, rep_id VARCHAR, "
        "name VARCHAR, email VARCHAR, manager_id VARCHAR, team VARCHAR, region VARCHAR, "
        "title VARCHAR, hire_date DATE, active BOOLEAN);"
        "CREATE OR REPLACE TEMP TABLE map_managers (_row BIGINT, rep_id VARCHAR, rep_text VARCHAR,"
        " manager_id VARCHAR, manager_text VARCHAR, team VARCHAR, region VARCHAR)"
    )
    for number, file in enumerate(mapping.files):
        if file.entity not in ("reps", "managers"):
            continue
        inner = inners[number]
        if file.entity == "managers":
            m = {
                t: ident(t) if t in file.columns else "NULL" for t in ("manager", "team", "region")
            }
            manager_text = "_text_manager" if "manager" in file.columns else "NULL"
            con.execute(
                f"INSERT INTO map_managers SELECT _row, rep, _text_rep, {m['manager']}, "
                f"{manager_text}, {m['team']}, {m['region']} FROM ({inner})"
            )
            continue
        c = {t: mapped_column(file, t) for t in _REP_COLUMNS if t != "rep_id"}
        key_column = {"id": "rep_id", "email": "_text_email", "name": "_text_name"}[key]
        rep_id = derive_key(key_column, key)
        name = f"coalesce({c['name']}, {'_text_email' if 'email' in file.columns else 'NULL'}, "
        name += f"{rep_id})"
        con.execute(
            f"INSERT INTO map_reps SELECT _row, {number}, {rep_id}, {name}, lower({c['email']}), "
            f"{c['manager_id']}, {c['team']}, {c['region']}, {c['title']}, {c['hire_date']}, "
            f"{c['active']} FROM ({inner})"
        )
    rep_name, rep_email = _guess("mgr.rep_text", key)
    boss_name, boss_email = _guess("min(manager_text)", key)
    select = (
        "WITH reps AS (SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY rep_id "
        "ORDER BY _file DESC, _row DESC) AS _copy FROM map_reps) WHERE _copy = 1), "
        "mgr AS (SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY rep_id "
        "ORDER BY _row DESC) AS _copy FROM map_managers) WHERE _copy = 1), "
        "joined AS (SELECT coalesce(reps._row, mgr._row) AS _row, "
        "coalesce(reps.rep_id, mgr.rep_id) AS rep_id, "
        f"coalesce(reps.name, {rep_name}) AS name, coalesce(reps.email, {rep_email}) AS email, "
        "coalesce(mgr.manager_id, reps.manager_id) AS manager_id, "
        "coalesce(mgr.team, reps.team) AS team, coalesce(mgr.region, reps.region) AS region, "
        "reps.title, reps.hire_date, coalesce(reps.active, TRUE) AS active "
        "FROM reps FULL OUTER JOIN mgr ON reps.rep_id = mgr.rep_id) "
        f"SELECT _row, {sql_string(mapping.source)} AS source, * EXCLUDE (_row) FROM joined "
        f"UNION ALL SELECT min(_row), {sql_string(mapping.source)}, manager_id, {boss_name}, "
        f"{boss_email}, NULL, NULL, NULL, NULL, NULL, TRUE FROM mgr WHERE manager_id IS NOT NULL "
        "AND manager_id NOT IN (SELECT rep_id FROM joined) GROUP BY manager_id"
    )
    files = ", ".join(f.path.name for f in mapping.files if f.entity in ("reps", "managers"))
    stage_entity(con, staged, EntitySource("reps", files, "crm_reps"), select)
    # A rep listed twice (in one file or across the reps files) is kept once: count the copies.
    copies = con.execute(
        "SELECT (SELECT count(*) - count(DISTINCT rep_id) FROM map_reps) "
        "+ (SELECT count(*) - count(DISTINCT rep_id) FROM map_managers)"
    ).fetchone()[0]
    staged.entities[-1].rejected = int(copies)
