"""The editors' desk: the admin, bulk import and export, and the editors' other tools.

The project's three audiences each have a home: readers in `rounds/views/`, API
clients in `rounds/api/`, editors here."""
