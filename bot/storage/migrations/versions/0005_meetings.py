"""meetings: votes on a time, meetings, RSVPs, attendance, attachments

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 14:56:24.366956
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('meeting_vote',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('topic', sa.String(length=200), nullable=False),
    sa.Column('place', sa.Text(), nullable=True),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('deadline_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('message_id', sa.BigInteger(), nullable=True),
    sa.Column('created_by_member_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_meeting_vote_community_id_community'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_member_id'], ['member.id'], name=op.f('fk_meeting_vote_created_by_member_id_member'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_vote'))
    )
    with op.batch_alter_table('meeting_vote', schema=None) as batch_op:
        batch_op.create_index('ix_meeting_vote_community_state', ['community_id', 'state'], unique=False)

    op.create_table('meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('topic', sa.String(length=200), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('place', sa.Text(), nullable=True),
    sa.Column('agenda', sa.Text(), nullable=True),
    sa.Column('occurrence_on', sa.Date(), nullable=True),
    sa.Column('vote_id', sa.Integer(), nullable=True),
    sa.Column('moderator_member_id', sa.Integer(), nullable=True),
    sa.Column('notetaker_member_id', sa.Integer(), nullable=True),
    sa.Column('presenter_member_id', sa.Integer(), nullable=True),
    sa.Column('roles_confirmed', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('notes_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('notes_message_id', sa.BigInteger(), nullable=True),
    sa.Column('attendance_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_meeting_community_id_community'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['moderator_member_id'], ['member.id'], name=op.f('fk_meeting_moderator_member_id_member'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['notetaker_member_id'], ['member.id'], name=op.f('fk_meeting_notetaker_member_id_member'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['presenter_member_id'], ['member.id'], name=op.f('fk_meeting_presenter_member_id_member'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['vote_id'], ['meeting_vote.id'], name=op.f('fk_meeting_vote_id_meeting_vote'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting')),
    sa.UniqueConstraint('community_id', 'occurrence_on', name=op.f('uq_meeting_community_id_occurrence_on'))
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index('ix_meeting_community_starts', ['community_id', 'starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_vote_id'), ['vote_id'], unique=False)

    op.create_table('meeting_vote_option',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vote_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['vote_id'], ['meeting_vote.id'], name=op.f('fk_meeting_vote_option_vote_id_meeting_vote'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_vote_option')),
    sa.UniqueConstraint('vote_id', 'position', name=op.f('uq_meeting_vote_option_vote_id_position'))
    )
    op.create_table('meeting_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('file_id', sa.String(length=255), nullable=False),
    sa.Column('file_unique_id', sa.String(length=64), nullable=False),
    sa.Column('added_by_member_id', sa.Integer(), nullable=True),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['added_by_member_id'], ['member.id'], name=op.f('fk_meeting_attachment_added_by_member_id_member'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_attachment_meeting_id_meeting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_attachment')),
    sa.UniqueConstraint('meeting_id', 'file_unique_id', name=op.f('uq_meeting_attachment_meeting_id_file_unique_id'))
    )
    op.create_table('meeting_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_attendance_meeting_id_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_meeting_attendance_member_id_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_attendance')),
    sa.UniqueConstraint('meeting_id', 'member_id', name=op.f('uq_meeting_attendance_meeting_id_member_id'))
    )
    op.create_table('meeting_rsvp',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('answer', sa.String(length=8), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_rsvp_meeting_id_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_meeting_rsvp_member_id_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_rsvp')),
    sa.UniqueConstraint('meeting_id', 'member_id', name=op.f('uq_meeting_rsvp_meeting_id_member_id'))
    )
    op.create_table('meeting_vote_ballot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('option_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('cast_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_meeting_vote_ballot_member_id_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['option_id'], ['meeting_vote_option.id'], name=op.f('fk_meeting_vote_ballot_option_id_meeting_vote_option'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_vote_ballot')),
    sa.UniqueConstraint('option_id', 'member_id', name=op.f('uq_meeting_vote_ballot_option_id_member_id'))
    )
    with op.batch_alter_table('meeting_vote_ballot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_vote_ballot_member_id'), ['member_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('meeting_vote_ballot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_vote_ballot_member_id'))

    op.drop_table('meeting_vote_ballot')
    op.drop_table('meeting_rsvp')
    op.drop_table('meeting_attendance')
    op.drop_table('meeting_attachment')
    op.drop_table('meeting_vote_option')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_vote_id'))
        batch_op.drop_index('ix_meeting_community_starts')

    op.drop_table('meeting')
    with op.batch_alter_table('meeting_vote', schema=None) as batch_op:
        batch_op.drop_index('ix_meeting_vote_community_state')

    op.drop_table('meeting_vote')
