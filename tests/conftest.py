"""Shared fixtures: the small cast of users for permission cases."""

import pytest
from django.contrib.auth.models import Group, Permission

EDITOR_ACTIONS = ("add", "change", "delete", "view")


@pytest.fixture
def editors_group(db):
    """The "Editors" group of the data migration, or an equivalent one."""
    group, created = Group.objects.get_or_create(name="Editors")
    if created:
        permissions = Permission.objects.filter(content_type__app_label="rounds")
        group.permissions.set(
            [p for p in permissions if p.codename.split("_")[0] in EDITOR_ACTIONS]
        )
    return group


@pytest.fixture
def editor(django_user_model, editors_group):
    user = django_user_model.objects.create_user("editor", password="editor-pass", is_staff=True)
    user.groups.add(editors_group)
    return user


@pytest.fixture
def plain_user(django_user_model):
    return django_user_model.objects.create_user("plain", password="plain-pass")


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", password="admin-pass")


@pytest.fixture(autouse=True)
def fresh_request_state():
    """Each test starts with an empty cache (the API throttle counts requests there)
    and leaves English active (LocaleMiddleware keeps a request's language)."""
    from django.core.cache import cache
    from django.utils import translation

    cache.clear()
    yield
    translation.deactivate()
