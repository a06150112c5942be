"""Checks: every rule of ``casereview check`` and ``casereview audit``.

Owns the per-file rules (schemas, names, abbreviations, markers: check.py), running
them over folders in worker processes (run.py), the detector of names the key does not
cover, the IMR audit (its report returned, never printed), traceability (reading rendered
pages through a small protocol, never the site state) and the review's milestones. Rules
return findings; they never print (only :mod:`casereview.cli` does). Pure core: nothing
here imports MkDocs.
"""
