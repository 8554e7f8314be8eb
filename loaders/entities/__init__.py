"""Entity layer: canonical agencies, reforms, deadlines and targets (spaCy pipeline over shipped tables).

    from graphkit.loaders.entities import enrich, load_tables
    enrich(plan)                                   # shipped tables
    enrich(plan, load_tables("my-agencies.tsv"))   # extended by a user file
"""

from graphkit.loaders.entities.tables import EntityTables, load_tables

__all__ = ["enrich", "load_tables", "EntityTables"]


def __getattr__(name: str):
    """``enrich`` is imported on first use: it brings spaCy (0.7 s), which commands that only
    read the store never need."""
    if name == "enrich":
        from graphkit.loaders.entities.enrich import enrich

        globals()["enrich"] = enrich  # the function, not the submodule of the same name
        return enrich
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
