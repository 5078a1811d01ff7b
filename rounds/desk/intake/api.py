"""POST /api/v1/intake/: the proposals for a story, as JSON. Stores nothing."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ...api.serializers import blank_as_null
from ...models import Process
from .proposals import propose
from .text import MAX_CHARS, StoryRefused


class MayAddRounds(permissions.BasePermission):
    """Editors: the intake proposes records, so it takes the add permission."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm("rounds.add_round"))


class StorySerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=MAX_CHARS, trim_whitespace=False, help_text="The story's text, as published."
    )
    published_on = serializers.DateField(
        help_text="The story's date: relative dates (yesterday, next month) are read from it."
    )
    language = serializers.ChoiceField(
        choices=[("ar", "Arabic"), ("en", "English")], help_text="The story's language."
    )
    process = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Process.objects.all(),
        help_text="The slug of the process the story is about.",
    )
    publisher = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="The source's publisher."
    )
    # Nullable rather than blank: one typed string for generated clients.
    url = blank_as_null(serializers.URLField)(
        max_length=800, required=False, help_text="The story's URL."
    )
    title = serializers.CharField(
        max_length=500, required=False, allow_blank=True, help_text="The story's headline."
    )


class IntakeView(APIView):
    permission_classes = [MayAddRounds]
    throttle_classes = []

    @extend_schema(
        request=StorySerializer,
        responses={200: OpenApiTypes.OBJECT},
        description=str(
            _(
                "Proposed draft records for a news story (rounds, dates, status changes, "
                "resolutions, people, places, agenda items, truces, counts), each with "
                "the sentence it came from. Nothing is stored."
            )
        ),
    )
    def post(self, request):
        story = StorySerializer(data=request.data)
        story.is_valid(raise_exception=True)
        data = story.validated_data
        try:
            result = propose(data["text"], data["published_on"], data["process"])
        except StoryRefused as error:
            raise serializers.ValidationError({"text": [str(error)]}) from None
        return Response({**result.as_json(), "stored": False})
