"""Print: the print HTML, the PDFs (WeasyPrint) and the panel pack, made from rendered pages.

Pure core: nothing here imports MkDocs.
"""
