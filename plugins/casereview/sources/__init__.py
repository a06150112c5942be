"""Sources: reading what authors write, before any rule runs.

Owns documents and their frontmatter (with line marks), the JSON Schemas, the review
folder (Terms of Reference, key, glossary), the document-type and review-type registries, the input policy
(sizes, depth, decoding), typed frontmatter records and the one date reader, the
site's path scheme (paths), findings (what every later stage reports) and the day a run is
"as of"; and the syntax authors write beyond Markdown, which both checks and render read:
``[[markers]]`` (marker_syntax), ``{#labels}`` and ``[](#label)`` citations (citations),
the images a page shows (assets), the family relations of the key (family). Also the
formula-safe spreadsheet cell (spreadsheet_safety). Imports nothing else of casereview.
Pure core: nothing here imports MkDocs.
"""
