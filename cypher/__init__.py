"""Cypher files answering the analysts' questions (package data ``graphkit.cypher``)."""
