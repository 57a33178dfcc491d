"""Converters that turn files taken out of PyPI wheels into the ONNX files the engines run."""
