"""Story intake: a wire story in, proposed draft records out, each with the
sentence it came from. Deterministic and offline: rules over folded text.

- text: refuse bad input, repair scraped copy, split sentences, fold spellings
- dates: dates in English and Arabic, resolved against the story's date
- lexicon: the words of news copy about talks
- known: what the database already holds (rounds, people, resolutions, places)
- extract: sentences -> facts
- proposals: facts -> proposed creates and updates (no writes)
- confirm: the editor's choice -> draft records with the source, in one transaction
"""

from .proposals import Proposal, Result, propose
from .text import StoryRefused

__all__ = ["Proposal", "Result", "StoryRefused", "propose"]
