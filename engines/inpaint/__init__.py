"""Inpainting: filling masked areas (objects, scratches, spots) from what surrounds them."""
