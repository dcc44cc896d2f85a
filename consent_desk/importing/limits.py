"""The most a spreadsheet may hold, in one place (documented in the README, "Files Consent Desk
refuses").

No office file comes near these: a trust's whole learner list is about 60,000 rows and 20
columns, a Microsoft Forms export a few dozen columns. A file beyond them is damaged or hostile
(a sheet "used" to cell XFD1048576, a zip bomb, an OpenDocument row repeated a million times),
and reading it would stop or swamp the app, so it is refused, before it is read, with one line
saying what to do.
"""

from __future__ import annotations

MAX_FILE_BYTES = 64 * 1024 * 1024  # on disk, any kind of file
MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # a workbook's contents once unzipped, all parts together
MAX_PACKING_RATIO = 250  # unpacked size / packed size of one part (real sheets: about 5-40)
PACKING_RATIO_FROM = 4 * 1024 * 1024  # parts smaller than this are not checked for their ratio
MAX_ROWS = 250_000  # rows of one sheet, counted to its last row holding anything
MAX_COLUMNS = 1_000  # columns, counted to the last column holding anything
MAX_CELLS = 5_000_000  # rows x columns of the area a sheet covers
# One cell of a CSV file while it is read: longer than any answer or note may be (10,000), so
# such a cell is still read and named, but a megabyte-long "line" stops the reading at once.
MAX_CSV_FIELD_CHARS = 1024 * 1024
MAX_LINE_BYTES = 16 * 1024 * 1024  # one line of a CSV file, checked before it is decoded
