"""The words of news copy about talks, in English and Arabic (folded as
text.fold() folds: ا for أ/إ/آ, ه for ة, ي for ى)."""

import re

NUMBER_WORDS = {
    "one": 1, "a": 1, "an": 1, "another": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "واحده": 1, "واحد": 1, "اثنين": 2, "اثنتين": 2,
    "اثنتان": 2, "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4, "خمس": 5,
    "خمسه": 5, "ست": 6, "سته": 6, "سبع": 7, "سبعه": 7, "ثماني": 8, "ثمان": 8,
    "ثمانيه": 8, "تسع": 9, "تسعه": 9, "عشر": 10, "عشره": 10,
}  # fmt: skip
NUM = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
    "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "الاولي": 1, "الثانيه": 2, "الثالثه": 3, "الرابعه": 4, "الخامسه": 5,
    "السادسه": 6, "السابعه": 7, "الثامنه": 8, "التاسعه": 9, "العاشره": 10,
    "الحاديه عشره": 11, "الثانيه عشره": 12, "الثالثه عشره": 13,
    "الرابعه عشره": 14, "الخامسه عشره": 15,
}  # fmt: skip
_ORD = "|".join(sorted(map(re.escape, ORDINALS), key=len, reverse=True))


def number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def ordinal(word: str) -> int | None:
    word = re.sub(r"(?<=\d)(?:st|nd|rd|th)$", "", word)
    return int(word) if word.isdigit() else ORDINALS.get(word)


def any_of(*words: str) -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)")


ROUND_WORD = r"(?:[وبل]?(?:ال)?(?:جوله|دوره|جولات|جولتين|جولتان)|rounds?|sessions?)"
# A numbered round: "الجولة السابعة", "الجولة رقم 7", "the seventh round", "round 7".
NUMBERED_ROUND = [
    re.compile(rf"(?<!\w)[وبل]?(?:ال)?(?:جوله|دوره)\s*(?:رقم\s+)?(?P<n>{_ORD}|\d{{1,2}})(?!\w)"),
    re.compile(rf"(?<!\w)(?P<n>{_ORD}|\d{{1,2}}(?:st|nd|rd|th))\s+(?:round|session)(?!\w)"),
    re.compile(r"(?<!\w)(?:round|session)\s+(?:no\.?\s*|number\s+)?(?P<n>\d{1,2})(?!\w)"),
]
# Rounds still to come, counted: "جولتين أخريين", "two more rounds", "another round".
MORE_ROUNDS = [
    re.compile(
        rf"(?<!\w)(?:(?P<n>{NUM}|\d)\s+)?(?P<word>جوله|جولتين|جولتان|جولات)\s+"
        r"(?:اخري|اخريين|اخريان|اضافيه|جديده|اخرى)(?!\w)"
    ),
    re.compile(
        rf"(?<!\w)(?:(?P<n>{NUM}|\d)\s+)?(?:more|further|other|additional|new)\s+"
        r"(?P<word>rounds?|sessions?)(?!\w)"
    ),
    re.compile(r"(?<!\w)(?P<n>another|a new|a further)\s+(?P<word>round|session)(?!\w)"),
]
# Rounds held so far, counted: "ست جولات", "six rounds".
COUNTED_ROUNDS = re.compile(
    rf"(?<!\w)(?P<n>{NUM}|\d{{1,2}})\s+(?:جولات|rounds|sessions)(?!\w)"
    r"(?:.*?(?:منذ|since)\s+(?:عام\s+)?(?P<since>(?:19|20)\d\d))?"
)

CONCLUDED = any_of(
    r"[وف]?اختتمت", r"اختتام", r"[وف]?انتهت", r"انتهاء", r"ختام", r"انفضت", r"ended",
    r"concluded", r"closed", r"wrapped up", r"came to an end", r"finished", r"ends",
)  # fmt: skip
POSTPONED = any_of(
    r"تاجيل", r"تاجلت", r"ارجئت", r"ارجاء", r"[وف]?اجلت", r"postpone\w*", r"delayed",
    r"put off", r"pushed back",
)  # fmt: skip
CANCELLED = any_of(r"الغيت", r"الغاء", r"cancel+ed", r"called off", r"scrapped")
OPENED = any_of(
    r"[وف]?انطلقت", r"[وف]?بدات", r"افتتحت", r"began", r"opened", r"started",
    r"got under way", r"kicked off",
)  # fmt: skip
STARTS = any_of(
    r"[وف]?[سل]?[تي](?:بدا|نطلق|عقد|ستانف|جري)\w*", r"[وف]?ان\s+[تي](?:بدا|نطلق|عقد)\w*",
    r"begin\w*", r"start\w*", r"open\w*", r"convene\w*", r"resum\w*", r"be held",
    r"take place", r"kick off", r"انطلاق", r"بدء",
)  # fmt: skip
ANNOUNCED = any_of(
    r"[وف]?اعلن\w*", r"[سي]?يدعو", r"سيدعو", r"announc\w*", r"invit\w*", r"scheduled",
    r"مقرر", r"المقرر", r"will convene", r"دعوه", r"الدعوات",
)  # fmt: skip
ARRIVAL = any_of(
    r"وصول\s+(?:ال)?وفود", r"وصول\s+(?:ال)?وفد", r"تصل\s+(?:ال)?وفود",
    r"delegations?\s+(?:will\s+|are\s+)?(?:expected\s+to\s+)?arriv\w*",
    r"arrival\s+of\s+(?:the\s+)?delegations?",
)  # fmt: skip
DURATION_DAYS = re.compile(
    rf"(?<!\w)(?:استمرت|دامت|بعد|lasted|ran for|after)\s+(?P<n>{NUM}|\d{{1,2}})\s+"
    r"(?:ايام|يوما|days)"
    rf"|(?<!\w)(?P<n2>{NUM}|\d{{1,2}})[\s-]+day\s+(?:round|session|talks)|(?:استمرت|دامت)\s+يومين"
)
UNTIL = any_of(r"until", r"through", r"حتي", r"ولغايه", r"الي\s+غايه", r"to run until")
WITHOUT_PROGRESS = any_of(
    r"دون\s+(?:تحقيق\s+)?تقدم", r"without\s+(?:any\s+)?(?:real\s+)?(?:progress|breakthrough)",
    r"no\s+(?:real\s+)?(?:progress|breakthrough)",
)  # fmt: skip

TRUCE = any_of(
    r"هدنه", r"الهدنه", r"وقف\s+(?:ل)?اطلاق\s+النار", r"وقف\s+(?:ال)?عمليات\s+(?:ال)?قتاليه",
    r"وقف\s+(?:ال)?اعمال\s+(?:ال)?قتاليه", r"تهدئه", r"truce", r"cease-?fire",
    r"halt(?:s|ed)?\s+(?:to\s+|of\s+)?(?:combat|fighting|hostilities|military)\s*\w*",
    r"cessation\s+of\s+hostilities", r"pause\s+in\s+(?:the\s+)?fighting",
)  # fmt: skip
DURATION_TIME = re.compile(
    rf"(?<!\w)(?P<n>{NUM}|\d{{1,3}})[\s-]*(?P<unit>ساعه|ساعات|hours?|ايام|يوما|days?)(?!\w)"
    r"|(?<!\w)(?P<dual>ساعتين|يومين)(?!\w)"
)

EXPERTS = any_of(
    r"(?:اجتماعات|لقاءات|مشاورات)\s+(?:ال)?خبراء", r"experts?'?\s+(?:meetings|talks|groups?)",
    r"technical\s+(?:meetings|talks|teams)",
)  # fmt: skip
PARALLEL = any_of(
    r"موازاه", r"بالتوازي", r"بموازاه", r"[بف]?التوازي", r"parallel", r"alongside",
    r"on the sidelines", r"هامش",
)  # fmt: skip

AGENDA = any_of(
    r"جدول\s+(?:ال)?اعمال", r"agenda", r"baskets?", r"(?:ال)?سلال", r"(?:ال)?ملفات", r"topics",
    r"(?:ال)?موضوعات", r"issues",
)  # fmt: skip
NOT_DISCUSSED = any_of(
    r"لم\s+[يت]تمكن\w*", r"لم\s+يتم", r"لم\s+[يت]\w+", r"failed\s+to", r"did\s+not",
    r"could\s+not", r"couldn't", r"were\s+unable", r"not\s+discuss\w*", r"no\s+discussion",
)  # fmt: skip
AGREED = any_of(r"agreed\s+on", r"agreement\s+on", r"اتفق\w*\s+على")

RESOLUTION = re.compile(
    r"(?:(?<!\w)[لبو]?قرار|ال?قرار|resolution|unscr)(?:\s+(?:مجلس\s+الامن|security\s+council|"
    r"الدولي|رقم|no\.?|number|of\s+the))*\s+(?P<n>\d{3,4})(?!\d)"
    r"|s/res/(?P<n2>\d{1,4})(?:\s*\((?P<year>\d{4})\))?"
)
SECURITY_COUNCIL = any_of(r"مجلس\s+الامن", r"security\s+council", r"unscr", r"s/res")

# A round named without a number: "a new round of talks", "جولة جديدة من المحادثات".
# ("The next round", "الجولة المقبلة" are left out: stories use them for a round
# they number further on.)
NEW_ROUND = re.compile(
    r"(?<!\w)(?:a\s+new|a\s+fresh)\s+round(?!\w)"
    r"|(?<!\w)[وب]?(?:ال)?جوله\s+(?:ال)?جديده(?!\w)"
)
# "the government delegation", "وفد الحكومة", "الوفد الحكومي", "وفد المعارضة".
DELEGATION = any_of(r"[وبل]?(?:ال)?وفد(?:ا|ي)?", r"[وبل]?(?:ال)?وفود", r"delegations?")
PARTY_KINDS = {
    "government": re.compile(
        r"(?<!\w)(?:government|regime|damascus|[وبل]?(?:ال)?حكوم(?:ه|ي|يه)?|"
        r"[وبل]?(?:ال)?نظام|(?:ال)?رسمي)(?!\w)"
    ),
    "opposition": re.compile(r"(?<!\w)(?:opposition|[وبل]?(?:ال)?معارض(?:ه|ه السوريه)?)(?!\w)"),
}
HEADED_BY = any_of(r"برئاسه", r"يراسه", r"يتراسه", r"headed by", r"led by", r"chaired by")
