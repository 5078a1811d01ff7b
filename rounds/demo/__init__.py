"""The demo dataset: the UN-led talks on Syria and the tracks around them.

`syria.json` holds the data; `load_demo()` writes it idempotently (see loader.py)."""

from .loader import DATA_FILE, load_demo, summarise

__all__ = ["DATA_FILE", "load_demo", "summarise"]
