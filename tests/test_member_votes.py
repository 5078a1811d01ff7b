"""Members' votes on a decision: rows per member, consistent with the tallies and
vetoes, shown on the page and in the API; plurals right in English and Arabic."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from rounds import votes
from rounds.models import MemberVote, Party
from tests import factories as f

from .test_admin import form_data

pytestmark = pytest.mark.django_db

API = "/api/v1"
STATE = Party.Kind.STATE


@pytest.fixture
def vetoed():
    """The draft of 4 October 2011 (S/2011/612): 9-2-4, vetoed by Russia and China,
    Brazil, India, Lebanon and South Africa abstaining."""
    resolution = f.ResolutionFactory(
        vetoed=True, symbol="S/2011/612", votes_for=9, votes_against=2, abstentions=4
    )
    members = {
        name: f.PartyFactory(name=name, kind=STATE)
        for name in ("Russia", "China", "Brazil", "India", "Lebanon", "South Africa")
    }
    for name in ("Russia", "China"):
        f.VetoFactory(resolution=resolution, party=members[name])
    return resolution, members


def rows(members, **by_vote):
    return [(members[name], vote) for vote, names in by_vote.items() for name in names]


# --- The rules (rounds/votes.py) ------------------------------------------------------


def test_partial_rows_that_fit_the_tallies_are_accepted(vetoed):
    resolution, members = vetoed
    recorded = rows(
        members,
        against=["Russia", "China"],
        abstention=["Brazil", "India", "Lebanon", "South Africa"],
    )

    assert votes.vote_errors(resolution, recorded, [members["Russia"], members["China"]]) == []


def test_more_rows_than_the_tally_are_refused(vetoed):
    resolution, members = vetoed
    recorded = rows(members, abstention=["Brazil", "India", "Lebanon", "South Africa", "China"])

    assert votes.vote_errors(resolution, recorded) == [
        "5 members are recorded as abstaining, but the tally has 4 abstentions."
    ]


def test_the_rows_and_the_tally_each_take_their_own_plural():
    resolution = f.ResolutionFactory.build(
        vetoed=True, symbol="", votes_for=13, votes_against=2, abstentions=0
    )
    china = f.PartyFactory(name="China", kind=Party.Kind.STATE)

    assert votes.vote_errors(resolution, [(china, "abstention")]) == [
        "1 member is recorded as abstaining, but the tally has 0 abstentions."
    ]
    with translation.override("ar"):
        (message,) = votes.vote_errors(resolution, [(china, "abstention")])
    assert message == "عضو واحد مسجَّل ممتنعًا عن التصويت، لكن الحصيلة فيها 0 امتناع."


def test_a_member_counted_twice_is_refused(vetoed):
    resolution, members = vetoed
    recorded = rows(members, against=["Russia"], abstention=["Russia"])

    assert "Russia is counted twice." in votes.vote_errors(resolution, recorded)


def test_a_non_member_is_refused(vetoed):
    resolution, _members = vetoed
    group = f.PartyFactory(name="Syrian opposition", kind=Party.Kind.OPPOSITION)

    assert votes.vote_errors(resolution, [(group, "against")]) == [
        "Only member states vote: Syrian opposition is not a state."
    ]


def test_a_vetoing_member_must_have_voted_against(vetoed):
    resolution, members = vetoed
    recorded = rows(members, abstention=["China"])

    assert votes.vote_errors(resolution, recorded, [members["China"]]) == [
        "China vetoed the draft but is recorded as “Abstention”."
    ]


def test_more_rows_than_seats_are_refused():
    resolution = f.ResolutionFactory(votes_for=None, votes_against=None, abstentions=None)
    members = f.PartyFactory.create_batch(16, kind=STATE)

    errors = votes.vote_errors(resolution, [(m, "in_favour") for m in members])

    assert errors == ["16 votes recorded, but the Security Council has 15 members."]


def test_tallies_are_derived_from_rows_naming_every_seat():
    resolution = f.ResolutionFactory.build(votes_for=None, votes_against=None, abstentions=None)
    members = f.PartyFactory.create_batch(15, kind=STATE)
    recorded = [(m, "in_favour") for m in members[:14]] + [(members[14], "abstention")]

    assert votes.derive_tallies(resolution, recorded)
    assert (resolution.votes_for, resolution.votes_against, resolution.abstentions) == (14, 0, 1)


def test_partial_rows_do_not_derive_tallies():
    resolution = f.ResolutionFactory.build(votes_for=None, votes_against=None, abstentions=None)

    assert not votes.derive_tallies(resolution, [(f.PartyFactory(kind=STATE), "against")])
    assert resolution.votes_against is None


# --- The database ---------------------------------------------------------------------


def test_the_database_refuses_a_member_counted_twice(vetoed):
    resolution, members = vetoed
    f.MemberVoteFactory(resolution=resolution, member=members["Brazil"], vote="abstention")

    with pytest.raises(IntegrityError), transaction.atomic():
        f.MemberVoteFactory(resolution=resolution, member=members["Brazil"], vote="against")


def test_the_database_refuses_an_unknown_vote(vetoed):
    resolution, members = vetoed

    with pytest.raises(IntegrityError), transaction.atomic():
        MemberVote.objects.create(resolution=resolution, member=members["India"], vote="maybe")


# --- The admin ------------------------------------------------------------------------


def vote_form(client, resolution, recorded):
    url = reverse("admin:rounds_resolution_change", args=[resolution.pk])
    data = form_data(client.get(url))
    prefix = "member_votes"
    data[f"{prefix}-TOTAL_FORMS"] = str(len(recorded))
    for i, (member, vote) in enumerate(recorded):
        data[f"{prefix}-{i}-member"] = member.pk
        data[f"{prefix}-{i}-vote"] = vote
    return client.post(url, data)


def test_admin_saves_vote_rows_that_agree(client, superuser, vetoed):
    client.force_login(superuser)
    resolution, members = vetoed
    f.ResolutionCitationFactory(resolution=resolution)  # a published record needs a source

    response = vote_form(
        client, resolution, rows(members, against=["Russia"], abstention=["Brazil"])
    )

    assert response.status_code == 302
    assert set(resolution.member_votes.values_list("member__name", "vote")) == {
        ("Russia", "against"),
        ("Brazil", "abstention"),
    }


@pytest.mark.parametrize(
    "recorded, message",
    [
        (
            {"abstention": ["Brazil", "India", "Lebanon", "South Africa", "China"]},
            "5 members are recorded as abstaining, but the tally has 4 abstentions.",
        ),
        ({"in_favour": ["Russia"]}, "Russia vetoed the draft but is recorded as"),
        ({"against": ["India", "India"]}, "India is counted twice."),
    ],
)
def test_admin_refuses_vote_rows_that_disagree(client, superuser, vetoed, recorded, message):
    client.force_login(superuser)
    resolution, members = vetoed

    response = vote_form(client, resolution, rows(members, **recorded))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not resolution.member_votes.exists()


def test_admin_refuses_a_non_member(client, superuser, vetoed):
    client.force_login(superuser)
    resolution, _members = vetoed
    group = f.PartyFactory(name="Armed group", kind=Party.Kind.ARMED_GROUP)

    response = vote_form(client, resolution, [(group, "against")])

    assert response.status_code == 200
    assert "is not a state" in response.content.decode()
    assert not resolution.member_votes.exists()


# --- Readers: the page and the API ----------------------------------------------------


def record(resolution, members, **by_vote):
    for member, vote in rows(members, **by_vote):
        f.MemberVoteFactory(resolution=resolution, member=member, vote=vote)


def test_the_page_names_who_abstained(client, vetoed):
    resolution, members = vetoed
    record(resolution, members, against=["Russia", "China"], abstention=["Brazil", "India"])

    page = client.get(resolution.get_absolute_url()).content.decode()

    assert "9 in favour, 2 against, 4 abstentions" in page
    assert "Abstaining" in page and "Brazil" in page and "India" in page


def test_the_page_reads_one_abstention_in_the_singular(client):
    resolution = f.ResolutionFactory(votes_for=14, votes_against=0, abstentions=1)

    page = client.get(resolution.get_absolute_url()).content.decode()

    assert "14 in favour, 0 against, 1 abstention" in page
    assert "1 abstentions" not in page


@pytest.mark.parametrize(
    "n, text",
    [
        (0, "لا امتناع عن التصويت"),
        (1, "امتناع واحد عن التصويت"),
        (2, "امتناعان عن التصويت"),
        (4, "4 حالات امتناع عن التصويت"),
        (11, "11 حالة امتناع عن التصويت"),
    ],
)
def test_arabic_uses_its_six_plural_forms(n, text):
    resolution = f.ResolutionFactory.build(votes_for=9, votes_against=0, abstentions=n)

    with translation.override("ar"):
        assert text in resolution.vote_text


def test_the_api_lists_each_members_vote(client, vetoed):
    resolution, members = vetoed
    record(resolution, members, abstention=["Lebanon"])

    body = client.get(f"{API}/resolutions/{resolution.pk}/").json()

    assert body["member_votes"] == [
        {"member": {"id": members["Lebanon"].pk, "name": "Lebanon"}, "vote": "abstention"}
    ]


@pytest.mark.parametrize("size", [1, 5])
def test_the_resolution_page_costs_the_same_whatever_the_votes(
    client, django_assert_num_queries, size
):
    resolution = f.ResolutionFactory(votes_for=15, votes_against=0, abstentions=0)
    for _ in range(size):
        f.MemberVoteFactory(resolution=resolution)
    # 1 the resolution, 2 vetoes, 3 member votes + member, 4 processes, 5 rounds,
    # 6 sources, 7 events.
    with django_assert_num_queries(7):
        client.get(resolution.get_absolute_url())


# --- The demo data -------------------------------------------------------------------


def test_the_demo_draft_on_aleppo_shows_who_voted_against_and_who_abstained(client):
    """The French-Spanish draft of 8 October 2016: 11-2-2, vetoed by Russia,
    Venezuela against, Angola and China abstaining (reference, table 3b)."""
    from rounds.demo import load_demo
    from rounds.models import Resolution

    load_demo()
    draft = Resolution.objects.get(status="vetoed", adopted_on="2016-10-08")

    page = client.get(draft.get_absolute_url()).content.decode()
    arabic = client.get(f"/ar{draft.get_absolute_url()}").content.decode()
    body = client.get(f"{API}/resolutions/{draft.pk}/").json()

    against = page[page.index("<dt>Against</dt>") :].split("</dd>")[0]
    abstaining = page[page.index("<dt>Abstaining</dt>") :].split("</dd>")[0]
    assert "Russia" in against and "Venezuela" in against
    assert "Angola" in abstaining and "China" in abstaining
    assert "فنزويلا" in arabic and "أنغولا" in arabic
    assert sorted((v["member"]["name"], v["vote"]) for v in body["member_votes"]) == [
        ("Angola", "abstention"),
        ("China", "abstention"),
        ("Russia", "against"),
        ("Venezuela", "against"),
    ]
