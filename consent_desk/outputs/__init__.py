"""Paper and exports, built from plain rows (no database, no Qt).

* :mod:`.roster` — the restricted-learner sheet (PDF) for one or more groups;
* :mod:`.principal_list` — the Principal's restriction list (``.xlsx`` and PDF);
* :mod:`.summary` — the COO summary (``.xlsx`` and PDF with charts) and :func:`.summary.summarise`;
* :mod:`.chase` — the chase list of learners with no return (CSV and ``.xlsx``);
* :mod:`.common`, :mod:`.pdfdoc`, :mod:`.pdfstyle`, :mod:`.xlsxdoc` — shared words, page and sheet;
* :mod:`.bench` — ``make bench`` figures.
"""
