"""Entity layer: canonical agencies, reforms, deadlines and targets (rules over shipped tables).

    from graphkit.loaders.entities import enrich, load_tables
    enrich(plan)                                   # shipped tables
    enrich(plan, load_tables("my-agencies.tsv"))   # extended by a user file

``enrich`` runs its rules (:mod:`.scan`) on plain strings; the same rules as a spaCy pipeline, for Docs, are
in :mod:`.pipeline` (spaCy is imported only by that module).
"""

from graphkit.loaders.entities.enrich import enrich
from graphkit.loaders.entities.tables import EntityTables, load_tables

__all__ = ["enrich", "load_tables", "EntityTables"]
