"""Model catalog, store, fetching and conversion. Never imports Qt."""
