"""Inference engines: numpy in, numpy out, onnxruntime underneath. Never imports Qt."""
