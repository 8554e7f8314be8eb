"""Entity layer: canonical agencies, reforms, deadlines and targets (spaCy pipeline over shipped tables).

    from graphkit.loaders.entities import enrich, load_tables
    enrich(plan)                                   # shipped tables
    enrich(plan, load_tables("my-agencies.tsv"))   # extended by a user file

spaCy itself is imported by the first :func:`enrich` call, not by importing this package.
"""

from graphkit.loaders.entities.enrich import enrich
from graphkit.loaders.entities.tables import EntityTables, load_tables

__all__ = ["enrich", "load_tables", "EntityTables"]
