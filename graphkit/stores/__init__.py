"""Graph stores behind one small interface: embedded FalkorDB (default) and Neo4j.

``open_store(path=None, neo4j_uri=None) -> Store``; see :mod:`graphkit.stores.base`.
All Cypher the stores send lives in :mod:`graphkit.stores.statements`.
"""

from graphkit.stores.base import Store, WriteResult, open_store, resolve_store

__all__ = ["Store", "WriteResult", "open_store", "resolve_store"]
