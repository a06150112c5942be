"""Thin MkDocs adapters around the pure core. Nothing outside this package imports mkdocs."""
