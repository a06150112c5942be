"""Checks: every rule of ``casereview check`` and ``casereview audit``.

Owns the per-file rules (schemas, names, abbreviations, markers), the detector of names
the key does not cover, the IMR audit, traceability and the review's milestones. Rules
return findings; they never print (only :mod:`casereview.cli` does). Pure core: nothing
here imports MkDocs.
"""
