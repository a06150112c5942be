"""Anonymised copies of a review's documents for those outside the board: the
regulator's set (:mod:`.regulator`) and an agency's own IMR. Everything passes the
same substitution and the same gate as the public site."""
