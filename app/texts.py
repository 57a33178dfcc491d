"""Translated texts that can be shown again in another language.

Names the program makes (history steps, job titles) are shown long after they were made, possibly after
the user switched the interface language. ``Text`` is the translation at the time it was made (a plain
``str`` to everything else) that also remembers its source and fields, so views call ``shown(name)`` to
get it in the current language. User content (a layer's or mask's name) is plain text and stays as typed.
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QCoreApplication


class Text(str):
    context: str
    source: str
    fields: dict[str, Any]

    def __new__(cls, context: str, source: str, fields: dict[str, Any] | None = None) -> "Text":
        fields = dict(fields or {})
        value = QCoreApplication.translate(context, source)
        if fields:
            value = value.format(**{key: shown(item) for key, item in fields.items()})
        text = super().__new__(cls, value)
        text.context, text.source, text.fields = context, source, fields
        return text

    def format(self, *args: Any, **kwargs: Any) -> str:
        """Named fields keep the text retranslatable; positional ones give a plain string."""
        if args:
            return str.format(self, *args, **kwargs)
        return Text(self.context, self.source, {**self.fields, **kwargs})

    def retranslated(self) -> "Text":
        return Text(self.context, self.source, self.fields)


def shown(text: Any) -> str:
    """``text`` in the current interface language when it is a ``Text``, else unchanged."""
    return text.retranslated() if isinstance(text, Text) else text


def translator(context: str) -> Callable[[str], Text]:
    """The ``_tr`` of a module: ``_tr = translator("LayerOps")``."""
    def tr(source: str) -> Text:
        return Text(context, source)

    return tr
