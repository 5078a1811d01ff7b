"""Drive a live server with the client that openapi-python-client generated from
our OpenAPI schema, as a real integrator would (CI: .ci/generated-client).

It enters a whole second, non-Syrian process from clients/libya.json through the
API alone: sources, parties, people, the process and its tracks, agenda items,
rounds with envoys, agenda statuses, delegations and citations (created as drafts,
then published with If-Match), a resolution and an event created and published
with their sources in one request, the ceasefire agreement and the envoys'
appointments. Then it lists with filters, updates with If-Match (and sees a stale
ETag refused), reads everything back, retries a create with the same
Idempotency-Key, and prints what a reader then sees (timeline entries by kind, the
timeline page, Atom, calendar, the agreement's own page): the published ceasefire
agreement must be on the timeline, in the feed and on its page.

Any unexpected status, or a response the typed models cannot parse, fails it.
Fields of the data file that the server's schema does not know are reported and
left out, never sent blindly.

    python clients/check_generated_client.py --url http://127.0.0.1:8000 --token T
(the generated package `tracker_client` must be importable)."""

import argparse
import importlib
import json
import sys
import uuid
from collections import Counter
from pathlib import Path

import attrs
import httpx
from tracker_client import AuthenticatedClient, Client
from tracker_client.types import Response

DATA = Path(__file__).with_name("libya.json")


class Failure(Exception):
    pass


def api(resource: str, operation: str):
    """tracker_client.api.<resource>.<resource>_<operation>, or None if the schema
    has no such operation (a resource this server does not have yet)."""
    try:
        return importlib.import_module(f"tracker_client.api.{resource}.{resource}_{operation}")
    except ModuleNotFoundError:
        return None


def model(name: str):
    return getattr(importlib.import_module("tracker_client.models"), name, None)


class Session:
    def __init__(self, url: str, token: str):
        self.url = url.rstrip("/")
        self.client = AuthenticatedClient(base_url=self.url, token=token, prefix="Token")
        self.anonymous = Client(base_url=self.url)
        self.ids: dict[str, int | str] = {}
        self.skipped: list[str] = []
        self.report: list[str] = []

    # --- plumbing -------------------------------------------------------------

    def expect(self, response: Response, status: int, what: str):
        if response.status_code != status:
            raise Failure(
                f"{what}: expected {status}, got {response.status_code}: "
                f"{response.content.decode(errors='replace')[:600]}"
            )
        if response.parsed is None:
            raise Failure(f"{what}: the typed client could not parse the response")
        return response.parsed

    def remember(self, key: str, pk) -> None:
        if key in self.ids:
            raise Failure(f"the data file uses the key {key!r} twice")
        self.ids[key] = pk

    def resolve(self, value):
        """'@key' -> the id the server gave that record."""
        if isinstance(value, str) and value.startswith("@"):
            return self.ids[value[1:]]
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        if isinstance(value, dict):
            return {k: self.resolve(v) for k, v in value.items()}
        return value

    def body(self, request_name: str, data: dict, what: str):
        """The typed request body; fields the schema lacks are reported, not sent."""
        request_class = model(request_name)
        known = {field.alias or field.name for field in attrs.fields(request_class)}
        known |= {field.name.rstrip("_") for field in attrs.fields(request_class)}
        unknown = sorted(set(data) - known)
        if unknown:
            self.skipped.append(f"{what}: {', '.join(unknown)} (not in the schema)")
        data = {k: v for k, v in self.resolve(data).items() if k in known}
        return request_class.from_dict(data)

    def create(self, resource: str, request_name: str, data: dict, what: str, key=None):
        operation = api(resource, "create")
        body = self.body(request_name, data, what)
        response = operation.sync_detailed(
            client=self.client, body=body, idempotency_key=key or str(uuid.uuid4())
        )
        return self.expect(response, 201, f"create {what}"), response

    # --- the process, end to end ----------------------------------------------

    def enter(self, data: dict) -> None:
        for key, source in data["sources"].items():
            created, _ = self.create("sources", "SourceRequest", source, f"source {key}")
            self.remember(key, created.id)
        for key, party in data["parties"].items():
            created, _ = self.create("parties", "PartyRequest", party, f"party {key}")
            self.remember(key, created.id)
        for key, person in data["people"].items():
            created, _ = self.create("people", "PersonRequest", person, f"person {key}")
            self.remember(key, created.id)

        process, response = self.create("processes", "ProcessRequest", data["process"], "process")
        self.slug = process.slug
        self.etags = {("processes", process.slug): response.headers["ETag"]}
        self.enter_tracks(data["tracks"])
        for key, item in data["agenda_items"].items():
            item = {**item, "process": self.slug}
            created, _ = self.create("agenda_items", "AgendaItemRequest", item, f"item {key}")
            self.remember(key, created.id)

        for key, round_ in data["rounds"].items():
            body = {**round_, "process": self.slug, "publication": "draft"}
            created, response = self.create("rounds", "RoundRequest", body, f"round {key}")
            self.remember(key, created.id)
            self.etags[("rounds", created.id)] = response.headers["ETag"]

        resolution = {**data["resolution"], "processes": [self.slug], "publication": "published"}
        resolution["member_votes"] = [
            {"member": {"id": party}, "vote": vote}
            for vote, parties in resolution.pop("member_votes").items()
            for party in parties
        ]
        created, _ = self.create("resolutions", "ResolutionRequest", resolution, "resolution")
        self.remember("resolution", created.id)

        event = {**data["ceasefire_event"], "process": self.slug, "publication": "published"}
        created, _ = self.create("events", "EventRequest", event, "ceasefire event")
        self.remember("ceasefire_event", created.id)
        document = {**data["ceasefire_document"], "process": self.slug}
        document["signatories"] = [{"id": party} for party in document["signatories"]]
        document["publication"] = "published"
        created, _ = self.create("documents", "DocumentRequest", document, "ceasefire agreement")
        self.remember("ceasefire_document", created.id)
        self.enter_appointments(data["appointments"])

        # Publish the drafts, each with the ETag its create returned.
        for key in data["rounds"]:
            self.publish("rounds", self.ids[key], f"round {key}")
        self.publish("processes", self.slug, "process")

    def enter_tracks(self, tracks: dict) -> None:
        if api("tracks", "create") is None:
            self.skipped.append("tracks: no /api/v1/tracks/ in the schema")
            for key in tracks:
                self.remember(key, None)
            return
        for key, track in tracks.items():
            created, _ = self.create(
                "tracks", "TrackRequest", {**track, "process": self.slug}, f"track {key}"
            )
            self.remember(key, created.id)

    def enter_appointments(self, appointments: dict) -> None:
        if api("appointments", "create") is None:
            self.skipped.append("appointments: no /api/v1/appointments/ in the schema")
            return
        request = model("AppointmentRequest")
        multi = "processes" in {f.name for f in attrs.fields(request)}
        for key, appointment in appointments.items():
            body = {**appointment, "publication": "published"}
            body["processes" if multi else "process"] = [self.slug] if multi else self.slug
            body["organisations"] = [{"id": o} for o in body.get("organisations", [])]
            created, _ = self.create("appointments", "AppointmentRequest", body, f"term {key}")
            self.remember(f"appointment_{key}", created.id)

    def publish(self, resource: str, lookup, what: str) -> None:
        request = model(f"Patched{'Round' if resource == 'rounds' else 'Process'}Request")
        operation = api(resource, "partial_update")
        response = operation.sync_detailed(
            lookup,
            client=self.client,
            body=request.from_dict({"publication": "published"}),
            if_match=self.etags[(resource, lookup)],
        )
        self.expect(response, 200, f"publish {what}")
        self.etags[(resource, lookup)] = response.headers["ETag"]

    # --- the checks -------------------------------------------------------------

    def check(self, data: dict) -> None:
        rounds_list = api("rounds", "list")
        status = model("RoundsListStatusItem")
        listed = self.expect(
            rounds_list.sync_detailed(
                client=self.anonymous, process=self.slug, status=[status("concluded")]
            ),
            200,
            "anonymous list of the process's concluded rounds",
        )
        if listed.count != len(data["rounds"]):
            raise Failure(f"listed {listed.count} rounds, expected {len(data['rounds'])}")
        self.report.append(f"Anonymous rounds list (process + status filters): {listed.count}")
        found = self.expect(
            api("resolutions", "list").sync_detailed(
                client=self.anonymous, symbol=data["resolution"]["symbol"]
            ),
            200,
            "resolution by symbol",
        )
        assert found.count == 1, found.count

        # Update with If-Match, then the same (now stale) ETag is refused.
        round_id = self.ids["jmc_geneva"]
        request = model("PatchedRoundRequest")
        operation = api("rounds", "partial_update")
        stale = self.etags[("rounds", round_id)]
        body = request.from_dict(
            {
                "outcome": "Complete and permanent ceasefire agreement.",
                "correction_reason": "The ceasefire agreement was signed.",
            }
        )
        updated = operation.sync_detailed(round_id, client=self.client, body=body, if_match=stale)
        self.expect(updated, 200, "update with If-Match")
        again = operation.sync_detailed(round_id, client=self.client, body=body, if_match=stale)
        if again.status_code != 412:
            raise Failure(f"a stale If-Match gave {again.status_code}, not 412")
        self.report.append("Update with If-Match: 200; the same stale ETag again: 412")

        # Read back, anonymously, as a reader's client would.
        read = self.expect(
            api("rounds", "retrieve").sync_detailed(round_id, client=self.anonymous),
            200,
            "read back",
        )
        expected = data["rounds"]["jmc_geneva"]
        assert read.outcome == "Complete and permanent ceasefire agreement.", read.outcome
        assert [e.id for e in read.envoys] == [self.ids["williams"]], read.envoys
        assert [a.status for a in read.agenda] == ["agreed"], read.agenda
        assert len(read.delegations) == len(expected["delegations"]), read.delegations
        assert [s.source for s in read.sources] == [self.ids["ceasefire"]], read.sources
        self.report.append(
            f"Read back round {round_id}: {len(read.envoys)} envoy, {len(read.agenda)} agenda "
            f"status, {len(read.delegations)} delegations, {len(read.sources)} source"
        )
        self.check_idempotent_retry()
        self.reader_view()

    def check_idempotent_retry(self) -> None:
        key = str(uuid.uuid4())
        body = {
            "process": self.slug,
            "kind": "statement",
            "title": "Idempotency check (draft, deleted afterwards)",
            "date": "2020-10-23",
        }
        first, response = self.create("events", "EventRequest", body, "event", key=key)
        # The client never saw that answer (a dropped connection): it retries.
        retry, replayed = self.create("events", "EventRequest", body, "event retry", key=key)
        if retry.id != first.id or replayed.headers.get("Idempotent-Replayed") != "true":
            raise Failure("an idempotent retry created a second record")
        other = api("events", "create").sync_detailed(
            client=self.client,
            body=self.body("EventRequest", {**body, "title": "Another"}, "event"),
            idempotency_key=key,
        )
        if other.status_code != 422:
            raise Failure(f"the same key with another body gave {other.status_code}")
        deleted = api("events", "destroy").sync_detailed(first.id, client=self.client)
        if deleted.status_code != 204:
            raise Failure(f"deleting the check event gave {deleted.status_code}")
        self.report.append("Idempotent retry: same record, replayed; another body: 422")

    def reader_view(self) -> None:
        timeline = self.expect(
            api("processes", "timeline_list").sync_detailed(self.slug, client=self.anonymous),
            200,
            "timeline",
        )
        kinds = Counter(entry.to_dict().get("kind") for entry in timeline)
        by_kind = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
        self.report.append(f"API timeline: {len(timeline)} entries ({by_kind})")
        for entry in timeline:
            fields = entry.to_dict()
            self.report.append(
                f"  {fields.get('dates') or fields.get('date')}: "
                f"[{fields.get('type') or fields.get('kind')}] {fields.get('title')}"
            )
        agreement = self.ids["ceasefire_document"]
        if not any(
            e.to_dict().get("kind") == "document" and e.to_dict().get("id") == agreement
            for e in timeline
        ):
            raise Failure("the published ceasefire agreement is not on the API timeline")
        document = self.expect(
            api("documents", "retrieve").sync_detailed(agreement, client=self.anonymous),
            200,
            "the ceasefire agreement, anonymously",
        )
        page_url = document.to_dict().get("page_url")
        if not page_url:
            raise Failure("the document resource gives no page_url for readers")
        with httpx.Client(base_url=self.url) as http:
            for path, what in [
                (f"/processes/{self.slug}/", "timeline page"),
                (f"/ar/processes/{self.slug}/", "Arabic timeline page"),
                (f"/processes/{self.slug}/feed/", "Atom feed"),
                (f"/processes/{self.slug}/rounds.ics", "calendar"),
                (httpx.URL(page_url).path, "agreement's page"),
            ]:
                response = http.get(path)
                if response.status_code != 200:
                    raise Failure(f"{what}: {response.status_code}")
                text = response.text
                if path.endswith("/feed/"):
                    detail = f"{text.count('<entry>')} entries"
                    shown = f":document/{agreement}</id>" in text
                elif path.endswith(".ics"):
                    # Rounds only: an agreement is signed, not attended.
                    detail = f"{text.count('BEGIN:VEVENT')} events (rounds only)"
                    shown = None
                else:
                    detail = f"{len(text)} bytes"
                    shown = f"/documents/{agreement}/" in text or document.title in text
                if shown is False:
                    raise Failure(f"{what}: the ceasefire agreement does not appear")
                if shown:
                    detail += ", the ceasefire agreement appears"
                self.report.append(f"{what} {path}: 200, {detail}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    data = json.loads(args.data.read_text())
    session = Session(args.url, args.token)
    try:
        session.enter(data)
        session.check(data)
    except (Failure, AssertionError) as error:
        print(f"FAILED: {error}", file=sys.stderr)
        return 1
    print("\n".join(session.report))
    for line in session.skipped:
        print(f"left out: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
