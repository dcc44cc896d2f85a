"""Reading office spreadsheets: readers, column mapping, answers, dates, matching. No Qt, no DB."""
