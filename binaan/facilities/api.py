from django.db.models import QuerySet
from rest_framework import generics, serializers
from rest_framework.request import Request

from binaan.core.api import RegistryPermission
from binaan.core.scoping import current_facility, get_scoped_or_404
from binaan.facilities import selectors
from binaan.facilities.models import Location


class LocationOutputSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")  # what a person reads

    class Meta:
        model = Location
        fields = ["id", "name", "kind", "kind_label", "parent", "capacity", "is_active"]


class LocationListApi(generics.ListAPIView):
    """The blocks, rooms and other locations of the active facility."""

    serializer_class = LocationOutputSerializer
    permission_classes = [RegistryPermission]
    permission_name = "locations.view"

    def get_queryset(self) -> QuerySet[Location]:
        return selectors.location_list(facility=current_facility(self.request))


class LocationDetailApi(generics.RetrieveAPIView):
    """One location of the active facility."""

    serializer_class = LocationOutputSerializer
    permission_classes = [RegistryPermission]
    permission_name = "locations.view"

    def get_object(self) -> Location:
        request: Request = self.request
        return get_scoped_or_404(request, Location, pk=self.kwargs["location_id"])
