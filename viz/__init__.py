"""Graph → HTML: pyvis network views and report charts."""
