"""Classical tone, colour and noise repair (issue: adjustments and restoration filters)."""
