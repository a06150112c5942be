"""Anonymisation: substitute real names by acronyms, and the publication gate.

* :class:`Anonymiser` replaces every real name of a key by its acronym in Markdown or
  HTML (``Anonymiser(key).substitute(text)``);
* :func:`scan_paths` is the gate: it reads every published file and file name and
  returns each :class:`Leak` (acronym, path, location), :func:`format_leak` tells it;
* :func:`name_forms` lists what counts as a name (see :mod:`.names` for the rules).

Also here, because each is a way a name could leave the panel: the gate around a public
build (:mod:`.gate`: stage, scan, publish), names in file names, URLs and e-mail
addresses (:mod:`.identifiers`), look-alike letters (:mod:`.confusables`), images and
``data:`` URIs, the HTML sanitiser (:mod:`.sanitise`) and the masking of every printed
or logged line (:mod:`.redact`).

Pure core: nothing here imports MkDocs.
"""

from casereview.anonymise.leaks import UNREADABLE, Leak, format_leak
from casereview.anonymise.matcher import Matcher, matcher_for
from casereview.anonymise.names import COMMON_NAME_WORDS, TITLES, NameForm, name_forms
from casereview.anonymise.scan import scan_bytes, scan_paths, scan_text
from casereview.anonymise.substitute import Anonymiser, strip_html_comments

__all__ = [
    "COMMON_NAME_WORDS",
    "TITLES",
    "UNREADABLE",
    "Anonymiser",
    "Leak",
    "Matcher",
    "NameForm",
    "format_leak",
    "matcher_for",
    "name_forms",
    "scan_bytes",
    "scan_paths",
    "scan_text",
    "strip_html_comments",
]
