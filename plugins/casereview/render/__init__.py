"""Render: a review's documents as finished HTML, without MkDocs.

Owns markers, paragraph numbering, the key and glossary on the page, the genogram, the
pages casereview writes itself, and the state of one site build. Pure core: nothing here
imports MkDocs.
"""
