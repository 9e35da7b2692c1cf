"""Methodology files: the format (model), loading, and the semantic checks."""
