"""Reader pages: small function views over published records (and editors'
previews of drafts, see preview.py)."""

from .corrections import process_corrections
from .embed import oembed, process_embed
from .processes import agenda, home, process_timeline
from .records import (
    document_detail,
    event_detail,
    person_detail,
    resolution_detail,
    round_detail,
)
from .search import search
from .sharing import favicon, process_share_image, robots_txt, web_manifest

__all__ = [
    "agenda",
    "document_detail",
    "event_detail",
    "favicon",
    "home",
    "oembed",
    "person_detail",
    "process_corrections",
    "process_embed",
    "process_share_image",
    "process_timeline",
    "resolution_detail",
    "round_detail",
    "robots_txt",
    "search",
    "web_manifest",
]
