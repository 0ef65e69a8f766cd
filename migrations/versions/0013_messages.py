"""messages: conversations between caregivers, who is in each (and how far they have read), messages

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 11:49:20

A one-to-one conversation is unique per community and pair (pair_key); messages are ordered by a
global identity (seq), which read positions and paging use. A deleted sender's messages stay
(sender_id SET NULL).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("community_id", sa.UUID(), nullable=False),
        sa.Column("title", sa.String(length=80), server_default="", nullable=False),
        sa.Column("pair_key", sa.String(length=73), nullable=True),
        sa.Column("created_by_id", sa.UUID(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("last_message_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_conversations_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["accounts.id"],
            name=op.f("fk_conversations_created_by_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversations")),
    )
    op.create_index(op.f("ix_conversations_community_id"), "conversations", ["community_id"], unique=False)
    op.create_index(
        "uq_conversations_pair",
        "conversations",
        ["community_id", "pair_key"],
        unique=True,
        postgresql_where=sa.text("pair_key is not null"),
    )
    op.create_table(
        "conversation_participants",
        sa.Column("conversation_id", sa.UUID(), nullable=False),
        sa.Column("account_id", sa.UUID(), nullable=False),
        sa.Column("state", sa.String(length=12), server_default="active", nullable=False),
        sa.Column("read_seq", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state in ('active','requested','declined')", name=op.f("ck_conversation_participants_state")
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_conversation_participants_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_conversation_participants_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("conversation_id", "account_id", name=op.f("pk_conversation_participants")),
    )
    op.create_index(
        "ix_conversation_participants_account", "conversation_participants", ["account_id", "state"], unique=False
    )
    op.create_table(
        "messages",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("seq", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("conversation_id", sa.UUID(), nullable=False),
        sa.Column("sender_id", sa.UUID(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("char_length(body) between 1 and 4000", name=op.f("ck_messages_body_length")),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_messages_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sender_id"], ["accounts.id"], name=op.f("fk_messages_sender_id_accounts"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messages")),
        sa.UniqueConstraint("seq", name=op.f("uq_messages_seq")),
    )
    op.create_index("ix_messages_conversation_seq", "messages", ["conversation_id", "seq"], unique=False)
    op.create_index(op.f("ix_messages_sender_id"), "messages", ["sender_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_messages_sender_id"), table_name="messages")
    op.drop_index("ix_messages_conversation_seq", table_name="messages")
    op.drop_table("messages")
    op.drop_index("ix_conversation_participants_account", table_name="conversation_participants")
    op.drop_table("conversation_participants")
    op.drop_index("uq_conversations_pair", table_name="conversations", postgresql_where=sa.text("pair_key is not null"))
    op.drop_index(op.f("ix_conversations_community_id"), table_name="conversations")
    op.drop_table("conversations")
