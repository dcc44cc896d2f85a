"""Black-box acceptance corpus for the returns importer (issue 11).

Every file here is built from PRODUCT.md's rules only; expected results are written by hand.
"""
