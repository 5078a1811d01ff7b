"""POST /api/v1/intake/: the proposals for a story, as JSON. Stores nothing."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ...models import Process
from .proposals import propose
from .text import MAX_CHARS, StoryRefused


class MayAddRounds(permissions.BasePermission):
    """Editors: the intake proposes records, so it takes the add permission."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm("rounds.add_round"))


class StorySerializer(serializers.Serializer):
    text = serializers.CharField(max_length=MAX_CHARS, trim_whitespace=False)
    published_on = serializers.DateField()
    language = serializers.ChoiceField(choices=[("ar", "Arabic"), ("en", "English")])
    process = serializers.SlugRelatedField(slug_field="slug", queryset=Process.objects.all())
    publisher = serializers.CharField(max_length=200, required=False, allow_blank=True)
    url = serializers.URLField(max_length=800, required=False, allow_blank=True)
    title = serializers.CharField(max_length=500, required=False, allow_blank=True)


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
