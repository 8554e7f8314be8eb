"""Entity layer: canonical agencies, reforms, deadlines and targets (spaCy pipeline)."""
