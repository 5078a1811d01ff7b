"""Reading a pasted story: refuse what cannot be a story, repair scraped copy
(words run together), split it into sentences, and fold spellings for matching
the way search does (rounds/search.py), plus a looser "skeleton" for names."""

import re
import unicodedata

from ...search import normalise

MAX_CHARS = 100_000  # a long feature is ~20,000 characters


class StoryRefused(ValueError):
    """The text cannot be read as a story: the message says why."""


def clean(text: str) -> str:
    """The story as plain text, or StoryRefused. Markup and control characters
    are dropped, never interpreted."""
    if not isinstance(text, str) or not text.strip():
        raise StoryRefused("The text is empty.")
    if len(text) > MAX_CHARS:
        raise StoryRefused(
            f"The text is {len(text):,} characters long; paste one story "
            f"(at most {MAX_CHARS:,} characters)."
        )
    if "\x00" in text:
        raise StoryRefused("The text contains NUL characters: paste plain text.")
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"<[^<>]{0,500}>", " ", text)  # tags from copied HTML, inert
    text = "".join(c if c in "\n\t" or unicodedata.category(c)[0] != "C" else " " for c in text)
    return unrun(text)


def unrun(text: str) -> str:
    """Put back the spaces scraped copy loses: between digits and letters
    ("10تموز", "48hours"), after sentence punctuation ("progress.The"), between
    Arabic and Latin script, and between a lower- and an upper-case Latin letter."""
    text = re.sub(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)", " ", text)
    text = re.sub(r"(?<=[^\W\d_]{2}[.!?؟])(?=[^\W\d_])", " ", text)
    text = re.sub(r"(?<=[\u0600-\u06ff])(?=[A-Za-z])|(?<=[A-Za-z])(?=[\u0600-\u06ff])", " ", text)
    text = re.sub(r"(?<=[a-z]{2})(?=[A-Z][a-z])", " ", text)
    # Arabic conjunction glued to a number: "و9" -> "و 9" is done above; a
    # slash between months stays ("تموز/يوليو").
    return re.sub(r"[ \t\u00a0]+", " ", text)


_SENTENCE_END = re.compile(r"(?<=[.!?؟…])[\"'»”]?\s+|\n+")


def sentences(text: str) -> list[str]:
    """Sentences (or headline lines), stripped, in order."""
    parts = []
    for chunk in _SENTENCE_END.split(text):
        chunk = (chunk or "").strip(" \t\"'«»“”")
        if len(chunk) >= 3:
            parts.append(chunk)
    return parts


def fold(text: str) -> str:
    """Search's folding (alef forms, ta marbuta, tashkeel, case, accents, digits),
    with punctuation turned to spaces so that words can be matched whole."""
    folded = normalise(text)
    folded = re.sub(r"[^\w/\-]+", " ", folded)
    return " ".join(folded.split())


_LONG_VOWELS = str.maketrans({"ا": None, "و": None, "ي": None, "ى": None, "ء": None})
_ARABIC_PREFIXES = ("وال", "بال", "فال", "لل", "ال", "و", "ب", "ل", "ف", "ك")


def skeleton(word: str) -> str:
    """A name's consonants, for spellings that differ in their vowels:
    ستيفان/ستافان -> ستفن, Staffan/Stefan -> stfn, Pedersen/Pederson."""
    word = fold(word)
    if re.search(r"[\u0600-\u06ff]", word):
        return word.translate(_LONG_VOWELS)
    word = re.sub(r"[aeiouy\-']", "", word)
    return re.sub(r"(.)\1+", r"\1", word)


def stems(word: str) -> set[str]:
    """A folded word and its forms without an Arabic prefix (و, ب, ال...)."""
    out = {word}
    for prefix in _ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            out.add(word[len(prefix) :])
    return out
