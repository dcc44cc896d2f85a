"""The domain of PRODUCT.md: pure rules and value types, no database and no Qt."""
