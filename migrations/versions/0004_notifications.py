"""notifications: notifications, preferences, quiet hours, push subscriptions and deliveries; secrets

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 08:15:04.981084
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Secrets the application makes for itself (the VAPID private key), kept with the data they protect.
    op.create_table('secrets',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_secrets'))
    )
    op.create_table('notification_preferences',
    sa.Column('account_id', sa.UUID(), nullable=False),
    sa.Column('kind', sa.String(length=48), nullable=False),
    sa.Column('in_app', sa.Boolean(), nullable=False),
    sa.Column('push', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_notification_preferences_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('account_id', 'kind', name=op.f('pk_notification_preferences'))
    )
    op.create_table('notification_settings',
    sa.Column('account_id', sa.UUID(), nullable=False),
    sa.Column('quiet_start', sa.SmallInteger(), nullable=True),
    sa.Column('quiet_end', sa.SmallInteger(), nullable=True),
    sa.CheckConstraint('(quiet_start is null and quiet_end is null) or (quiet_start between 0 and 1439 and quiet_end between 0 and 1439 and quiet_start <> quiet_end)', name=op.f('ck_notification_settings_quiet_hours')),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_notification_settings_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('account_id', name=op.f('pk_notification_settings'))
    )
    op.create_table('notifications',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('recipient_id', sa.UUID(), nullable=False),
    sa.Column('community_id', sa.UUID(), nullable=True),
    sa.Column('kind', sa.String(length=48), nullable=False),
    sa.Column('actor_id', sa.UUID(), nullable=True),
    sa.Column('subject_type', sa.String(length=32), nullable=False),
    sa.Column('subject_id', sa.UUID(), nullable=False),
    sa.Column('event_id', sa.BigInteger(), nullable=False),
    sa.Column('urgent', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('in_feed', sa.Boolean(), server_default=sa.text('true'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['accounts.id'], name=op.f('fk_notifications_actor_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], name=op.f('fk_notifications_community_id_communities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recipient_id'], ['accounts.id'], name=op.f('fk_notifications_recipient_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
    sa.UniqueConstraint('event_id', 'recipient_id', name=op.f('uq_notifications_event_id'))
    )
    op.create_index(op.f('ix_notifications_actor_id'), 'notifications', ['actor_id'], unique=False)
    op.create_index(op.f('ix_notifications_community_id'), 'notifications', ['community_id'], unique=False)
    op.create_index('ix_notifications_feed', 'notifications', ['recipient_id', 'created_at', 'id'], unique=False, postgresql_where=sa.text('in_feed'))
    op.create_index('ix_notifications_unread', 'notifications', ['recipient_id'], unique=False, postgresql_where=sa.text('in_feed and read_at is null'))
    op.create_table('push_subscriptions',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('account_id', sa.UUID(), nullable=False),
    sa.Column('session_id', sa.UUID(), nullable=False),
    sa.Column('endpoint', sa.Text(), nullable=False),
    sa.Column('p256dh', sa.String(length=100), nullable=False),
    sa.Column('auth', sa.String(length=40), nullable=False),
    sa.Column('user_agent', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('last_success_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_push_subscriptions_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['auth_sessions.id'], name=op.f('fk_push_subscriptions_session_id_auth_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_push_subscriptions')),
    sa.UniqueConstraint('endpoint', name=op.f('uq_push_subscriptions_endpoint'))
    )
    op.create_index(op.f('ix_push_subscriptions_account_id'), 'push_subscriptions', ['account_id'], unique=False)
    op.create_index(op.f('ix_push_subscriptions_session_id'), 'push_subscriptions', ['session_id'], unique=False)
    op.create_table('push_deliveries',
    sa.Column('notification_id', sa.UUID(), nullable=False),
    sa.Column('subscription_id', sa.UUID(), nullable=False),
    sa.Column('status', sa.String(length=16), server_default='pending', nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_status', sa.SmallInteger(), nullable=True),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("status in ('pending','delivered','rejected','failed','skipped')", name=op.f('ck_push_deliveries_status')),
    sa.ForeignKeyConstraint(['notification_id'], ['notifications.id'], name=op.f('fk_push_deliveries_notification_id_notifications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['subscription_id'], ['push_subscriptions.id'], name=op.f('fk_push_deliveries_subscription_id_push_subscriptions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('notification_id', 'subscription_id', name=op.f('pk_push_deliveries'))
    )
    op.create_index('ix_push_deliveries_due', 'push_deliveries', ['next_attempt_at'], unique=False, postgresql_where=sa.text("status = 'pending'"))
    op.create_index(op.f('ix_push_deliveries_subscription_id'), 'push_deliveries', ['subscription_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_push_deliveries_subscription_id'), table_name='push_deliveries')
    op.drop_index('ix_push_deliveries_due', table_name='push_deliveries', postgresql_where=sa.text("status = 'pending'"))
    op.drop_table('push_deliveries')
    op.drop_index(op.f('ix_push_subscriptions_session_id'), table_name='push_subscriptions')
    op.drop_index(op.f('ix_push_subscriptions_account_id'), table_name='push_subscriptions')
    op.drop_table('push_subscriptions')
    op.drop_index('ix_notifications_unread', table_name='notifications', postgresql_where=sa.text('in_feed and read_at is null'))
    op.drop_index('ix_notifications_feed', table_name='notifications', postgresql_where=sa.text('in_feed'))
    op.drop_index(op.f('ix_notifications_community_id'), table_name='notifications')
    op.drop_index(op.f('ix_notifications_actor_id'), table_name='notifications')
    op.drop_table('notifications')
    op.drop_table('notification_settings')
    op.drop_table('notification_preferences')
    # This drops the VAPID key too: upgrading again makes a new one, and every browser must subscribe
    # again. Keep a backup (or set VAPID_PRIVATE_KEY) before stepping back past this revision.
    op.drop_table('secrets')
