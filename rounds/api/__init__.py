"""The public REST API, v1: viewsets, a router and django-filter FilterSets."""
