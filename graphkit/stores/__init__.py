"""Graph stores behind one small interface: embedded FalkorDB (default) and Neo4j."""
