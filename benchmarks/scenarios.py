"""The scenarios: for each, the URL on our server, and the equivalent on the
plain-Django ceiling and on Datasette (None where a reference has no equivalent)."""

from urllib.parse import quote, urlencode

DB = "large"  # Datasette serves the file under this name
RECENT = "2015-01-01"


def ours(f: dict) -> dict[str, str]:
    return {
        "rounds_list": "/api/v1/rounds/?process=big&page_size=50",
        "rounds_list_filtered": (
            f"/api/v1/rounds/?process=big&status=concluded,postponed&start_after={RECENT}"
            f"&agenda_item={f['agenda_item']}&page_size=50"
        ),
        "events_list": "/api/v1/events/?page_size=50",
        "events_cursor_deep": f"/api/v1/events/?page_size=50&cursor={quote(f['deep_cursor'])}",
        "resolutions_list": "/api/v1/resolutions/?page_size=50",
        "timeline_api_big": "/api/v1/processes/big/timeline/",
        "timeline_api_small": "/api/v1/processes/small/timeline/",
        "timelinejs_big": "/api/v1/processes/big/timelinejs/",
        "timelinejs_small": "/api/v1/processes/small/timelinejs/",
        "timeline_page_big_warm": "/processes/big/",
        "timeline_page_small_warm": "/processes/small/",
        "round_page": f"/rounds/{f['round_id']}/",
        "search_common_en": "/search/?q=talks",
        "search_common_ar": "/ar/search/?q=" + quote("محادثات"),
        "csv_all_rounds": "/api/v1/rounds/?format=csv",
    }


def ceiling(f: dict) -> dict[str, str]:
    return {
        "rounds_list": "/rounds/?process=big",
        "rounds_list_filtered": (
            f"/rounds/?process=big&status=concluded,postponed&start_after={RECENT}"
            f"&agenda_item={f['agenda_item']}"
        ),
        "events_list": "/events/",
        "events_cursor_deep": f"/events/?after={f['deep_after']}",
        "resolutions_list": "/resolutions/",
    }


def datasette(f: dict) -> dict[str, str]:
    big = f["big_id"]
    labels = "_labels=on&_size=50&publication=published"
    agenda = f"id in (select round_id from rounds_agendastatus where item_id = {f['agenda_item']})"
    return {
        "rounds_list": f"/{DB}/rounds_round.json?process_id={big}&_sort=start_earliest&{labels}",
        "rounds_list_filtered": f"/{DB}/rounds_round.json?"
        + urlencode(
            {
                "process_id": big,
                "status__in": "concluded,postponed",
                "start_latest__gte": RECENT,
                "_where": agenda,
                "_sort": "start_earliest",
            }
        )
        + f"&{labels}",
        "events_list": f"/{DB}/rounds_event.json?_sort=date_earliest&{labels}",
        "events_cursor_deep": f"/{DB}/rounds_event.json?_sort=date_earliest&{labels}"
        f"&_next={quote(f['deep_after'])}",
        "resolutions_list": f"/{DB}/rounds_resolution.json?_sort=adopted_on&{labels}",
        "csv_all_rounds": f"/{DB}/rounds_round.csv?_stream=on&_labels=on&_size=max",
    }
