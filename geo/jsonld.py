"""JSON-LD for <script type="application/ld+json">: built as Python data,
serialised here once. ``<``, ``>`` and ``&`` are written as \\u escapes, so no
editor text (a title containing ``</script>``) can end the script element."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def dump(data: dict) -> SafeString:
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_ESCAPES))


def graph(*nodes: dict | None) -> dict:
    """One ``@graph`` of schema.org nodes (None entries are left out)."""
    return {"@context": "https://schema.org", "@graph": [node for node in nodes if node]}
