"""Eyedropper (I): the colour under the pointer (of the whole image, as shown) becomes the foreground;
Alt+click takes the background colour. Brushes use ``pick_color`` for their Alt+click."""
from __future__ import annotations

from app.compositor import Compositor
from widgets.tools.base import BaseTool, ToolContext, ToolEvent, tr


def sample_color(doc, x: float, y: float) -> tuple[int, int, int] | None:
    """The composite's RGB at canvas (x, y), or None outside the image or where it is transparent."""
    ix, iy = int(x // 1), int(y // 1)
    if doc is None or not (0 <= ix < doc.width and 0 <= iy < doc.height):
        return None
    pixel = Compositor(doc, follow=False).render((ix, iy, 1, 1))[0, 0]
    if pixel[3] == 0:
        return None
    return int(pixel[0]), int(pixel[1]), int(pixel[2])


def pick_color(ctx: ToolContext, x: float, y: float, background: bool = False) -> bool:
    color = sample_color(ctx.document, x, y)
    if color is None:
        return False
    (ctx.colors.set_background if background else ctx.colors.set_foreground)(color)
    return True


class EyedropperTool(BaseTool):
    name = "eyedropper"
    shortcut = "I"

    def title(self) -> str:
        return tr("Eyedropper")

    def on_press(self, ev: ToolEvent) -> None:
        pick_color(self.ctx, ev.x, ev.y, background=ev.alt)

    def on_move(self, ev: ToolEvent) -> None:
        pick_color(self.ctx, ev.x, ev.y, background=ev.alt)
