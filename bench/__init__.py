"""``make bench``: the performance figures of Consent Desk, with ratios to a floor."""
