"""The memory as rows in PostgreSQL, shared by every replica; a folder is synced with it on
demand (``planloop memory export|import --vault DIR``)."""
