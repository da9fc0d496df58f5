"""The secretariat's archive of verified PVs (DESIGN.md §10), Qt-free.

``service.ArchiveService`` is the one entry point: the CLI (``jury-desk archive``) and the
GUI's Archives page are thin faces over it. Storage is SQLite by default or PostgreSQL for
a shared secretariat, through the same SQLModel tables and Alembic migrations.
"""
