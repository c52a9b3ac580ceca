"""reports: kudos, peer pairs, pending export requests

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22 14:59:01.245985
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('kudos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('giver_id', sa.Integer(), nullable=False),
    sa.Column('receiver_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('given_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_kudos_community_id_community'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['giver_id'], ['member.id'], name=op.f('fk_kudos_giver_id_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['receiver_id'], ['member.id'], name=op.f('fk_kudos_receiver_id_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kudos'))
    )
    with op.batch_alter_table('kudos', schema=None) as batch_op:
        batch_op.create_index('ix_kudos_community_given', ['community_id', 'given_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_kudos_giver_id'), ['giver_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_kudos_receiver_id'), ['receiver_id'], unique=False)

    op.create_table('peer_opt_out',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_peer_opt_out_community_id_community'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_peer_opt_out_member_id_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_peer_opt_out')),
    sa.UniqueConstraint('community_id', 'member_id', name=op.f('uq_peer_opt_out_community_id_member_id'))
    )
    with op.batch_alter_table('peer_opt_out', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_peer_opt_out_member_id'), ['member_id'], unique=False)

    op.create_table('peer_round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('round_key', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_peer_round_community_id_community'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_peer_round')),
    sa.UniqueConstraint('community_id', 'round_key', name=op.f('uq_peer_round_community_id_round_key'))
    )
    op.create_table('peer_setting',
    sa.Column('community_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_peer_setting_community_id_community'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('community_id', name=op.f('pk_peer_setting'))
    )
    op.create_table('report_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_report_request_community_id_community'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_report_request_member_id_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_request')),
    sa.UniqueConstraint('member_id', 'kind', name=op.f('uq_report_request_member_id_kind'))
    )
    op.create_table('peer_pair',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('member_a_id', sa.Integer(), nullable=False),
    sa.Column('member_b_id', sa.Integer(), nullable=False),
    sa.Column('focus_key', sa.String(length=64), nullable=True),
    sa.Column('focus_text', sa.Text(), nullable=True),
    sa.Column('a_met', sa.Boolean(), nullable=True),
    sa.Column('b_met', sa.Boolean(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_peer_pair_community_id_community'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_a_id'], ['member.id'], name=op.f('fk_peer_pair_member_a_id_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_b_id'], ['member.id'], name=op.f('fk_peer_pair_member_b_id_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['peer_round.id'], name=op.f('fk_peer_pair_round_id_peer_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_peer_pair'))
    )
    with op.batch_alter_table('peer_pair', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_peer_pair_community_id'), ['community_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_peer_pair_member_a_id'), ['member_a_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_peer_pair_member_b_id'), ['member_b_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_peer_pair_round_id'), ['round_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('peer_pair', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_peer_pair_round_id'))
        batch_op.drop_index(batch_op.f('ix_peer_pair_member_b_id'))
        batch_op.drop_index(batch_op.f('ix_peer_pair_member_a_id'))
        batch_op.drop_index(batch_op.f('ix_peer_pair_community_id'))

    op.drop_table('peer_pair')
    op.drop_table('report_request')
    op.drop_table('peer_setting')
    op.drop_table('peer_round')
    with op.batch_alter_table('peer_opt_out', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_peer_opt_out_member_id'))

    op.drop_table('peer_opt_out')
    with op.batch_alter_table('kudos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kudos_receiver_id'))
        batch_op.drop_index(batch_op.f('ix_kudos_giver_id'))
        batch_op.drop_index('ix_kudos_community_given')

    op.drop_table('kudos')
