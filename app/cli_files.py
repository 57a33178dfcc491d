"""`kintsugi info IMAGE` and `kintsugi convert IN OUT`: file commands that need no model."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.cli import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, CliError, prepare_output
from app.files.errors import FileError, SaveError


def _as_cli_error(exc: FileError) -> CliError:
    # A save that fails (disk full, permissions) is not bad input; everything else is.
    return CliError(str(exc), EXIT_FAILED if isinstance(exc, SaveError) else EXIT_BAD_INPUT)


def cmd_info(args: argparse.Namespace) -> int:
    from app.files.info import describe, format_info

    try:
        info = describe(args.image)
    except FileError as exc:
        raise _as_cli_error(exc) from exc
    print(json.dumps(info.as_dict(), indent=2, ensure_ascii=False) if args.json else format_info(info))
    return EXIT_OK


def cmd_convert(args: argparse.Namespace) -> int:
    from app.files import ExportOptions, export_document, is_project_path, open_document, save_project
    from app.files.export import format_for_path

    if args.quality is not None and not 1 <= args.quality <= 100:
        raise CliError("--quality must be between 1 and 100.", EXIT_BAD_INPUT)
    source, target = Path(args.input), Path(args.output)
    try:
        if source.resolve() == target.resolve():
            raise CliError("The output must be a different file from the input.", EXIT_BAD_INPUT)
        if not is_project_path(target):
            format_for_path(target)  # a bad extension is reported before the input is read
        doc = open_document(source)
        prepare_output(target)
        if is_project_path(target):
            save_project(doc, target)
        else:
            options = ExportOptions(keep_metadata=not args.strip_metadata)
            if args.quality is not None:
                options.quality = args.quality
            export_document(doc, target, options)
    except FileError as exc:
        raise _as_cli_error(exc) from exc
    for note in doc.metadata.open_notes:
        print(f"note: {note}", file=sys.stderr)
    how = "layers kept" if is_project_path(target) else "flattened"
    print(f"wrote {target} ({doc.width} × {doc.height}, {len(doc.layers)} layer(s), {how})")
    return EXIT_OK


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    info = subparsers.add_parser("info", help="describe an image, OpenRaster project or PSD")
    info.add_argument("image", help="file to describe")
    info.add_argument("--json", action="store_true", help="print JSON instead of text")
    info.set_defaults(func=cmd_info)

    convert = subparsers.add_parser(
        "convert", help="flatten and convert between formats (IN may be .ora or .psd; OUT .png/.jpg/.tif/.webp/.ora)"
    )
    convert.add_argument("input", help="image, OpenRaster project or PSD")
    convert.add_argument("output", help="output file; the format follows its extension")
    convert.add_argument("--quality", type=int, default=None, help="JPEG/WebP quality 1-100 (default 92)")
    convert.add_argument("--strip-metadata", action="store_true", help="do not copy EXIF and ICC profile")
    convert.set_defaults(func=cmd_convert)
