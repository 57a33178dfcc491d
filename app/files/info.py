"""What `kintsugi info` reports about a file: size, mode, bit depth, format, layers, key EXIF tags."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from PIL import Image

from app.files.image_io import open_pillow, source_bit_depth

_ORIENTATIONS = {
    1: "normal",
    2: "mirrored horizontally",
    3: "rotated 180°",
    4: "mirrored vertically",
    5: "mirrored and rotated 90° counter-clockwise",
    6: "rotated 90° clockwise",
    7: "mirrored and rotated 90° clockwise",
    8: "rotated 90° counter-clockwise",
}
_EXIF_IFD = 0x8769


@dataclass
class FileInfo:
    path: str
    format: str
    width: int
    height: int
    mode: str
    bit_depth: int
    layers: list[dict] = field(default_factory=list)  # top-first, for projects and PSDs
    exif: dict[str, str] = field(default_factory=dict)  # camera, date, orientation, software
    has_icc_profile: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


def _text(value: object) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value).strip().strip("\x00").strip()


def _exif_summary(im: Image.Image) -> dict[str, str]:
    try:
        exif = im.getexif()
        sub = exif.get_ifd(_EXIF_IFD)
    except Exception:  # noqa: BLE001 - a broken EXIF block is reported as absent, not as an error
        return {}
    out: dict[str, str] = {}
    make, model = _text(exif.get(0x010F, "")), _text(exif.get(0x0110, ""))
    camera = model if make and model.lower().startswith(make.lower()) else " ".join(x for x in (make, model) if x)
    if camera:
        out["camera"] = camera
    date = sub.get(0x9003) or exif.get(0x0132)  # DateTimeOriginal, else DateTime
    if date:
        out["date"] = _text(date)
    if 0x0112 in exif:
        try:
            value = int(exif[0x0112])
        except (TypeError, ValueError):
            value = 0
        out["orientation"] = f"{value} ({_ORIENTATIONS.get(value, 'unknown')})"
    if exif.get(0x0131):
        out["software"] = _text(exif[0x0131])
    return out


def describe(path: str | Path) -> FileInfo:
    """Read only what is needed to describe ``path`` (layers are not decoded)."""
    from app.files import detect_kind

    p = Path(path)
    kind = detect_kind(p)
    if kind == "ora":
        from app.files.ora import read_layer_summary

        width, height, layers = read_layer_summary(p)
        return FileInfo(str(p), "OpenRaster", width, height, "RGBA", 8, layers)
    if kind == "psd":
        from app.files.psd_import import read_layer_summary as psd_summary

        width, height, depth, layers = psd_summary(p)
        return FileInfo(str(p), "PSD", width, height, "layered", depth, layers)
    with open_pillow(p) as im:
        fmt = "JPEG" if im.format == "MPO" else str(im.format)
        depth = source_bit_depth(im)  # before reading EXIF, which may decode the pixels
        return FileInfo(
            str(p), fmt, im.width, im.height, im.mode, depth,
            exif=_exif_summary(im), has_icc_profile=bool(im.info.get("icc_profile")),
        )


def format_info(info: FileInfo) -> str:
    lines = [
        f"File:        {info.path}",
        f"Format:      {info.format}",
        f"Size:        {info.width} × {info.height} ({info.width * info.height / 1e6:.2f} MP)",
        f"Mode:        {info.mode}",
        f"Bit depth:   {info.bit_depth}",
    ]
    if info.has_icc_profile:
        lines.append("ICC profile: yes")
    labels = {"camera": "Camera", "date": "Date", "orientation": "Orientation", "software": "Software"}
    for key, label in labels.items():
        if key in info.exif:
            lines.append(f"{label + ':':<13}{info.exif[key]}")
    if info.layers:
        lines.append(f"Layers ({len(info.layers)}, top first):")
        for layer in info.layers:
            if layer.get("mask"):
                lines.append(f"  - {layer['name']}  [mask]")
                continue
            flags = [] if layer.get("visible", True) else ["hidden"]
            if layer.get("locked"):
                flags.append("locked")
            lines.append(
                f"  - {layer['name']}  at ({layer.get('x', 0)}, {layer.get('y', 0)}), "
                f"opacity {layer.get('opacity', 1.0):.0%}, {layer.get('blend', 'normal')}"
                + (f", {', '.join(flags)}" if flags else "")
            )
    return "\n".join(lines)
