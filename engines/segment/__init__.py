"""Subject selection: GrabCut, edge matting, learned person/salient/matting/SAM models, backgrounds."""
