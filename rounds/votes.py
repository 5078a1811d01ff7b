"""Members' votes on a decision: the rows agree with the tallies and the vetoes.

The rows may be partial (a record often names only the members against and those
abstaining), so a tally may exceed its rows but never fall short of them. When the
rows name every seat of the body and the tallies are empty, the tallies are
derived from them. The database refuses a member counted twice and an unknown
vote; the rest is checked here, for the admin's inlines and the API alike."""

from collections import Counter
from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from .models import MemberVote, Party, Resolution

Vote = MemberVote.Vote

# The tally field each vote is counted in ("not participating" has none).
TALLY_FIELDS = {
    Vote.IN_FAVOUR: "votes_for",
    Vote.AGAINST: "votes_against",
    Vote.ABSTENTION: "abstentions",
}


def _tally_mismatch(vote: str, rows: int, tally: int) -> str:
    """Two plurals in one message: the rows' count and the tally's count each
    choose their own form ("1 member ... but the tally has 0 abstentions")."""
    if vote == Vote.IN_FAVOUR:
        recorded = ngettext(
            "%(rows)d member is recorded as voting in favour",
            "%(rows)d members are recorded as voting in favour",
            rows,
        )
        counted = ngettext(
            "the tally has %(tally)d vote in favour.",
            "the tally has %(tally)d votes in favour.",
            tally,
        )
    elif vote == Vote.AGAINST:
        recorded = ngettext(
            "%(rows)d member is recorded as voting against",
            "%(rows)d members are recorded as voting against",
            rows,
        )
        counted = ngettext(
            "the tally has %(tally)d vote against.",
            "the tally has %(tally)d votes against.",
            tally,
        )
    else:
        recorded = ngettext(
            "%(rows)d member is recorded as abstaining",
            "%(rows)d members are recorded as abstaining",
            rows,
        )
        counted = ngettext(
            "the tally has %(tally)d abstention.",
            "the tally has %(tally)d abstentions.",
            tally,
        )
    return _("%(recorded)s, but %(counted)s") % {
        "recorded": recorded % {"rows": rows},
        "counted": counted % {"tally": tally},
    }


def vote_errors(
    resolution: Resolution,
    rows: Iterable[tuple[Party, str]],
    vetoing: Iterable[Party] = (),
) -> list[str]:
    """What is wrong with these (member, vote) rows for this resolution, given its
    tallies and vetoing members; empty when they agree."""
    rows = list(rows)
    errors = []
    seen = Counter(member.pk for member, _vote in rows)
    for member, _vote in rows:
        if seen[member.pk] > 1:
            errors.append(_("%(member)s is counted twice.") % {"member": member})
            seen[member.pk] = 0
        if member.kind != Party.Kind.STATE:
            errors.append(
                _("Only member states vote: %(member)s is not a state.") % {"member": member}
            )
    seats = Resolution.SEATS.get(resolution.body)
    if seats and len(rows) > seats:
        errors.append(
            _("%(rows)s votes recorded, but the %(body)s has %(seats)s members.")
            % {"rows": len(rows), "body": resolution.get_body_display(), "seats": seats}
        )
    counts = Counter(vote for _member, vote in rows)
    for vote, field in TALLY_FIELDS.items():
        tally = getattr(resolution, field)
        if tally is not None and counts[vote] > tally:
            errors.append(_tally_mismatch(vote, counts[vote], tally))
    votes = {member.pk: vote for member, vote in rows}
    for member in vetoing:
        vote = votes.get(member.pk)
        if vote is not None and vote != Vote.AGAINST:
            errors.append(
                _("%(member)s vetoed the draft but is recorded as “%(vote)s”.")
                % {"member": member, "vote": Vote(vote).label}
            )
    return errors


def derive_tallies(resolution: Resolution, rows: Iterable[tuple[Party, str]]) -> bool:
    """Fill empty tallies from rows that name every seat; True if any was filled."""
    rows = list(rows)
    seats = Resolution.SEATS.get(resolution.body)
    if not seats or len(rows) != seats:
        return False
    counts = Counter(vote for _member, vote in rows)
    filled = False
    for vote, field in TALLY_FIELDS.items():
        if getattr(resolution, field) is None:
            setattr(resolution, field, counts[vote])
            filled = True
    return filled


# How a page heads each group of members.
HEADINGS = {
    Vote.IN_FAVOUR: pgettext_lazy("members who voted", "In favour"),
    Vote.AGAINST: pgettext_lazy("members who voted", "Against"),
    Vote.ABSTENTION: pgettext_lazy("members who voted", "Abstaining"),
    Vote.NOT_PARTICIPATING: pgettext_lazy("members who voted", "Not participating"),
}


def labelled_members(rows: Iterable[MemberVote]) -> list[tuple[str, list[Party]]]:
    """[(heading, [members])] in the order of the choices, for pages."""
    grouped: dict[str, list[Party]] = {choice.value: [] for choice in Vote}
    for row in rows:
        grouped[row.vote].append(row.member)
    return [(HEADINGS[vote], members) for vote, members in grouped.items() if members]
