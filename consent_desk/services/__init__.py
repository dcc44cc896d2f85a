"""Services: the rules applied to the database. The CLI and the GUI both call these; no Qt here."""
