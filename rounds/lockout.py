"""Admin login lockout (django-axes), by account and by client: what a locked-out
editor reads, and what a successful login clears. Who the client is comes from
rounds.auth.client_ip, shared with the throttles."""

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def lockout_response(request: HttpRequest, response, credentials) -> HttpResponse:
    """The 429 page a locked-out editor sees: why, for how long, and what to do."""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": round(cool_off.total_seconds() / 60) if cool_off else None,
        "title": "",
    }
    return render(request, "admin/locked_out.html", context, status=429)


@receiver(user_logged_in)
def clear_own_failures(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """An editor who gets the password right clears their own failed attempts from
    this client, and nobody else's: another account logging in from the same
    address leaves the count on this one (and on the address) as it was."""
    ip = getattr(request, "axes_ip_address", None) if request is not None else None
    if ip is not None:
        AccessAttempt.objects.filter(username=user.get_username(), ip_address=ip).delete()
