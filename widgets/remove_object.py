"""Filter ▸ Remove Object (Enter): fill the active mask's area from its surroundings, at once, with the
inpaint engine's best available method. The job runs in the background (Jobs panel: progress, cancel);
its result lands as one undo step, in place or on a new layer (Preferences), only if the image did not
change meanwhile. Filter ▸ Inpaint… is the same with every choice and a preview.
"""
from __future__ import annotations

import weakref
from typing import Any

import numpy as np

from app.jobs import Job
from app.texts import Text, translator
from widgets.engine_dialog import Delivery, layer_mask

TASK = "inpaint"
TITLE = Text("Engines", "Remove Object")

_tr = translator("RemoveObject")


def remove_object(window: Any) -> Job | None:
    """Start removing what the active mask covers on the active layer; None (and a message) when there is
    nothing to remove."""
    document = window.document
    layer = None if document is None else document.active_layer
    if document is None or layer is None:
        window.show_error(_tr("Open an image first."))
        return None
    mask = layer_mask(document, layer.uid)
    if mask is None or not mask.any():
        window.show_error(_tr("Paint a mask over what to remove first (mask brush, or a selection made "
                              "into a mask)."))
        return None
    pixels = layer.pixels
    image = pixels if (pixels[:, :, 3] < 255).any() else pixels[:, :, :3]
    job = window.job_manager.submit(TASK, image, {}, mask=mask, device=window.settings.device, title=TITLE,
                                    target=document)
    mode = window.settings.remove_result
    # On a new layer only the filled area is opaque, so the layer shows the original everywhere else.
    alpha = np.where(mask > 0, 255, 0).astype(np.uint8) if mode == "layer" else None
    job.finished.connect(Delivery(weakref.ref(job), mode, layer.uid, alpha, None, window))
    return job
