"""Render: a review's documents as finished HTML, without MkDocs.

Owns marker expansion, paragraph numbering, the key and glossary on the page, the
genogram, the pages casereview writes itself, the rendered page record and the state of
one site build (which runs the checks, so render sits above checks; the syntax both read
is in :mod:`casereview.sources`). Pure core: nothing here
imports MkDocs.
"""
