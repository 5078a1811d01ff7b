"""Subscriptions to a process: its timeline and its corrections log as Atom, its
rounds as iCalendar.

No app_name: the reader pages' `rounds/urls.py` includes these routes in its own
`rounds` namespace (and language prefixes), so they reverse as
`rounds:process-feed`, `rounds:corrections-feed` and `rounds:process-calendar`."""

from django.urls import path

from .calendar import process_calendar
from .feeds import ProcessCorrectionsFeed, ProcessTimelineFeed

urlpatterns = [
    path("processes/<slug:slug>/feed/", ProcessTimelineFeed(), name="process-feed"),
    path(
        "processes/<slug:slug>/corrections/feed/",
        ProcessCorrectionsFeed(),
        name="corrections-feed",
    ),
    path("processes/<slug:slug>/rounds.ics", process_calendar, name="process-calendar"),
]
