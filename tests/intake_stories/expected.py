"""What each story of this folder says, as (record, field, value) facts, against
the database of tests/test_intake.py's `geneva` fixture (rounds IV to VI, VI
announced with no dates; Staffan de Mistura; resolutions 2118 and 2254; the
four agenda items). Written for the tests: these are not published articles.

Record keys: "round 7" (by number), "planned 2017-08" (a round without a number,
still to come or "a new round", by the month of its announced start), "side 7" (a
side session of round 7), "ceasefire 2017-06-17", "count". The fixture also holds
three parties, the High Negotiations Committee's delegation at round 5 making it
"the opposition" of "وفد المعارضة"."""

DE_MISTURA = "Staffan de Mistura"
R2254 = "S/RES/2254 (2015)"
GOVERNMENT = "Government of Syria"
HNC = "High Negotiations Committee"

STORIES = {
    "levant-eighth-round.txt": {
        "published_on": "2017-11-20",
        "facts": {
            ("round 8", "status", "announced"),
            ("round 8", "start", "2017-11-28"),
            ("round 8", "announced_start", "2017-11-28"),
            ("round 8", "delegations_arrive_on", "2017-11-27"),
            ("round 8", "city_en", "Geneva"),
            ("round 8", "envoy", DE_MISTURA),
            ("round 8", "resolution", R2254),
            ("ceasefire 2017-11-20", "place_en", "Ghouta"),
            ("ceasefire 2017-11-20", "hours", "72"),
        },
    },
    "maghreb-vienna.txt": {
        "published_on": "2018-01-17",
        "facts": {
            ("round 9", "status", "announced"),
            ("round 9", "start", "2018-01-25"),
            ("round 9", "end", "2018-01-26"),
            ("round 9", "announced_start", "2018-01-25"),
            ("round 9", "city_en", "Vienna"),
            ("round 9", "envoy", DE_MISTURA),
            ("round 8", "end", "2017-12-14"),
            ("round 8", "status", "concluded"),
            ("planned 2018-04", "status", "planned"),
            ("planned 2018-04", "announced_start", "2018-04"),
            ("planned 2018-05", "status", "planned"),
            ("planned 2018-05", "announced_start", "2018-05"),
            ("planned 2018-04", "envoy", DE_MISTURA),
            ("planned 2018-05", "envoy", DE_MISTURA),
            ("round 9", "resolution", R2254),
        },
    },
    "levant-weekdays.txt": {
        "published_on": "2016-04-10",
        "facts": {
            ("round 3", "status", "announced"),
            ("round 3", "start", "2016-04-13"),
            ("round 3", "announced_start", "2016-04-13"),
            ("round 3", "delegations_arrive_on", "2016-04-12"),
            ("round 3", "city_en", "Geneva"),
            ("round 3", "envoy", DE_MISTURA),
            ("round 3", "agenda Governance", "scheduled"),
            ("round 3", "agenda Drafting a new constitution", "scheduled"),
            ("round 3", "agenda Holding elections", "scheduled"),
            ("ceasefire 2016-04-09", "place_en", "Aleppo"),
            ("ceasefire 2016-04-09", "hours", "72"),
        },
    },
    "scraped-sixth-round.txt": {
        "published_on": "2017-05-20",
        "facts": {
            ("round 6", "status", "concluded"),
            ("round 6", "end", "2017-05-19"),
            ("round 6", "start", "2017-05-16"),
            ("round 6", "agenda Governance", "not_discussed"),
            ("round 6", "agenda Drafting a new constitution", "not_discussed"),
            ("round 6", "agenda Holding elections", "not_discussed"),
            ("round 6", "agenda Counter-terrorism", "not_discussed"),
            ("planned 2017-06", "status", "planned"),
            ("planned 2017-06", "announced_start", "2017-06"),
            ("planned 2017-06", "envoy", DE_MISTURA),
        },
    },
    "en-seventh-round.txt": {
        "published_on": "2017-06-18",
        "facts": {
            ("round 7", "status", "announced"),
            ("round 7", "start", "2017-07-10"),
            ("round 7", "announced_start", "2017-07-10"),
            ("round 7", "delegations_arrive_on", "2017-07-09"),
            ("round 7", "city_en", "Geneva"),
            ("round 7", "envoy", DE_MISTURA),
            ("round 7", "resolution", R2254),
            ("planned 2017-08", "status", "planned"),
            ("planned 2017-08", "announced_start", "2017-08"),
            ("planned 2017-08", "envoy", DE_MISTURA),
            ("planned 2017-09", "status", "planned"),
            ("planned 2017-09", "announced_start", "2017-09"),
            ("planned 2017-09", "envoy", DE_MISTURA),
            ("round 6", "status", "concluded"),
            ("round 6", "end", "2017-05-19"),
            ("round 6", "start", "2017-05-16"),
        },
    },
    "en-postponed.txt": {
        "published_on": "2016-02-04",
        "facts": {
            ("round 3", "status", "postponed"),
            ("round 3", "start", "2016-02-25"),
            ("round 3", "city_en", "Geneva"),
            ("round 3", "envoy", DE_MISTURA),
            ("round 3", "resolution", R2254),
            ("ceasefire 2016-02-04", "place_en", "Homs"),
            ("ceasefire 2016-02-04", "hours", "48"),
        },
    },
    "en-scraped-eighth.txt": {
        "published_on": "2017-11-27",
        "facts": {
            ("round 8", "status", "announced"),
            ("round 8", "start", "2017-11-28"),
            ("round 8", "announced_start", "2017-11-28"),
            ("round 8", "end", "2017-12-15"),
            ("round 8", "delegations_arrive_on", "2017-11-27"),
            ("round 8", "city_en", "Geneva"),
            ("round 8", "envoy", DE_MISTURA),
        },
    },
    "en-next-month.txt": {
        "published_on": "2016-12-20",
        "facts": {
            ("planned 2017-01", "status", "planned"),
            ("planned 2017-01", "announced_start", "2017-01"),
            ("planned 2017-01", "envoy", DE_MISTURA),
            ("count", "count", "3"),
        },
    },
    # A new round without a number, created; one party's delegation (the other
    # party is named, but not as coming).
    "en-new-round.txt": {
        "published_on": "2016-01-25",
        "facts": {
            ("planned 2016-01", "status", "announced"),
            ("planned 2016-01", "start", "2016-01-29"),
            ("planned 2016-01", "announced_start", "2016-01-29"),
            ("planned 2016-01", "city_en", "Geneva"),
            ("planned 2016-01", "envoy", DE_MISTURA),
            ("planned 2016-01", "resolution", R2254),
            ("planned 2016-01", "delegation", GOVERNMENT),
        },
    },
    # "A new round" on the day Geneva IV starts is Geneva IV: an update, not a
    # duplicate; one party's arrival is not the delegations' arrival.
    "levant-new-round-delegations.txt": {
        "published_on": "2017-02-20",
        "facts": {
            ("round 4", "envoy", DE_MISTURA),
            ("round 4", "announced_start", "2017-02-23"),
            ("round 4", "delegation", HNC),
            ("round 4", "delegation", GOVERNMENT),
        },
    },
    # Maghrebi months, "the regime's delegation and the opposition's" by kind.
    "maghreb-new-round.txt": {
        "published_on": "2017-06-26",
        "facts": {
            ("planned 2017-07", "status", "announced"),
            ("planned 2017-07", "start", "2017-07-10"),
            ("planned 2017-07", "announced_start", "2017-07-10"),
            ("planned 2017-07", "delegations_arrive_on", "2017-07-09"),
            ("planned 2017-07", "end", "2017-07-14"),
            ("planned 2017-07", "city_en", "Geneva"),
            ("planned 2017-07", "envoy", DE_MISTURA),
            ("planned 2017-07", "delegation", GOVERNMENT),
            ("planned 2017-07", "delegation", HNC),
        },
    },
    # Day offsets and a day-first numeric date (read by dateparser).
    "en-offsets.txt": {
        "published_on": "2017-05-20",
        "facts": {
            ("round 6", "status", "concluded"),
            ("round 6", "start", "2017-05-16"),
            ("round 6", "end", "2017-05-19"),
            ("planned 2017-06", "status", "announced"),
            ("planned 2017-06", "start", "2017-06-03"),
            ("planned 2017-06", "announced_start", "2017-06-03"),
            ("planned 2017-06", "delegations_arrive_on", "2017-06-02"),
            ("planned 2017-06", "envoy", DE_MISTURA),
        },
    },
}

# The seed story (../shared/reference/seed-article-ar.txt, AFP Arabic, 18 June 2017).
SEED = {
    "published_on": "2017-06-18",
    "facts": {
        ("round 7", "status", "announced"),
        ("round 7", "start", "2017-07-10"),
        ("round 7", "announced_start", "2017-07-10"),
        ("round 7", "delegations_arrive_on", "2017-07-09"),
        ("round 7", "city_en", "Geneva"),
        ("round 7", "envoy", DE_MISTURA),
        ("round 7", "resolution", R2254),
        ("planned 2017-08", "status", "planned"),
        ("planned 2017-08", "announced_start", "2017-08"),
        ("planned 2017-08", "envoy", DE_MISTURA),
        ("planned 2017-09", "status", "planned"),
        ("planned 2017-09", "announced_start", "2017-09"),
        ("planned 2017-09", "envoy", DE_MISTURA),
        ("side 7", "parent", "round 7"),
        ("side 7", "status", "planned"),
        ("round 6", "envoy", DE_MISTURA),
        ("round 6", "status", "concluded"),
        ("round 6", "end", "2017-05-19"),
        ("round 6", "start", "2017-05-16"),
        ("round 6", "agenda Governance", "not_discussed"),
        ("round 6", "agenda Drafting a new constitution", "not_discussed"),
        ("round 6", "agenda Holding elections", "not_discussed"),
        ("round 6", "agenda Counter-terrorism", "not_discussed"),
        ("ceasefire 2017-06-17", "place_en", "Daraa"),
        ("ceasefire 2017-06-17", "hours", "48"),
        ("count", "count", "6"),
    },
}
