"""Full-text search index, audit trail, mapping profiles, corroborations, settings.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "audit_entry",
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("item_type", sa.String(length=50), nullable=False),
        sa.Column("item_uuid", sa.String(length=36), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("before_json", sa.Text(), nullable=False),
        sa.Column("after_json", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
        sa.UniqueConstraint("uuid", name=op.f("uq_audit_entry_uuid")),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entry_at"), ["at"], unique=False)

    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_setting")),
        sa.UniqueConstraint("key", name=op.f("uq_setting_key")),
        sa.UniqueConstraint("uuid", name=op.f("uq_setting_uuid")),
    )
    op.create_table(
        "mapping_profile",
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("mapping_json", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agency.id"],
            name=op.f("fk_mapping_profile_agency_id_agency"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mapping_profile")),
        sa.UniqueConstraint("agency_id", "name", name=op.f("uq_mapping_profile_agency_id")),
        sa.UniqueConstraint("uuid", name=op.f("uq_mapping_profile_uuid")),
    )
    op.create_table(
        "corroboration",
        sa.Column("event_a_id", sa.Integer(), nullable=False),
        sa.Column("event_b_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_a_id"],
            ["event.id"],
            name=op.f("fk_corroboration_event_a_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_b_id"],
            ["event.id"],
            name=op.f("fk_corroboration_event_b_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corroboration")),
        sa.UniqueConstraint("event_a_id", "event_b_id", name=op.f("uq_corroboration_event_a_id")),
        sa.UniqueConstraint("uuid", name=op.f("uq_corroboration_uuid")),
    )

    op.execute(
        "CREATE VIRTUAL TABLE event_fts USING fts5("
        "text, outcome, analysis, date_text, subjects_text, practitioner, source_reference, "
        "content='event', content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
    )
    cols = "text, outcome, analysis, date_text, subjects_text, practitioner, source_reference"
    new = ", ".join("new." + c.strip() for c in cols.split(","))
    old = ", ".join("old." + c.strip() for c in cols.split(","))
    op.execute(
        f"CREATE TRIGGER event_fts_insert AFTER INSERT ON event BEGIN "
        f"INSERT INTO event_fts(rowid, {cols}) VALUES (new.id, {new}); END"
    )
    op.execute(
        f"CREATE TRIGGER event_fts_delete AFTER DELETE ON event BEGIN "
        f"INSERT INTO event_fts(event_fts, rowid, {cols}) VALUES ('delete', old.id, {old}); END"
    )
    op.execute(
        f"CREATE TRIGGER event_fts_update AFTER UPDATE ON event BEGIN "
        f"INSERT INTO event_fts(event_fts, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO event_fts(rowid, {cols}) VALUES (new.id, {new}); END"
    )
    op.execute("INSERT INTO event_fts(event_fts) VALUES ('rebuild')")


def downgrade() -> None:

    op.drop_table("corroboration")
    op.drop_table("mapping_profile")
    op.drop_table("setting")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entry_at"))

    op.drop_table("audit_entry")

    for trigger in ("event_fts_insert", "event_fts_delete", "event_fts_update"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS event_fts")
