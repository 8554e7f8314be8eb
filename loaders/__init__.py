"""Documents → records: readers, normalisation, structure, responsible units, metadata."""
