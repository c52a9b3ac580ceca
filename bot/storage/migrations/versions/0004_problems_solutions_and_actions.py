"""problems, solutions, tried-in-class results and action plans

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-22 14:56:00.270447
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('problem',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('is_anonymous', sa.Boolean(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=True),
    sa.Column('subject', sa.String(length=60), nullable=True),
    sa.Column('level', sa.String(length=8), nullable=True),
    sa.Column('details_done', sa.Boolean(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('chosen_solution_id', sa.Integer(), nullable=True),
    sa.Column('card_chat_id', sa.BigInteger(), nullable=True),
    sa.Column('card_message_id', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('solved_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['member.id'], name=op.f('fk_problem_author_id_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_problem_community_id_community'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_problem')),
    sa.UniqueConstraint('community_id', 'number', name=op.f('uq_problem_community_id_number'))
    )
    with op.batch_alter_table('problem', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_problem_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_problem_card', ['card_chat_id', 'card_message_id'], unique=False)

    op.create_table('action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('problem_id', sa.Integer(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('reflection', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_action_community_id_community'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['member.id'], name=op.f('fk_action_created_by_id_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['member.id'], name=op.f('fk_action_owner_id_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['problem_id'], ['problem.id'], name=op.f('fk_action_problem_id_problem'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action'))
    )
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.create_index('ix_action_community_due', ['community_id', 'due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_problem_id'), ['problem_id'], unique=False)

    op.create_table('problem_me_too',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('problem_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_problem_me_too_member_id_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['problem_id'], ['problem.id'], name=op.f('fk_problem_me_too_problem_id_problem'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_problem_me_too')),
    sa.UniqueConstraint('problem_id', 'member_id', name=op.f('uq_problem_me_too_problem_id_member_id'))
    )
    with op.batch_alter_table('problem_me_too', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_problem_me_too_member_id'), ['member_id'], unique=False)

    op.create_table('solution',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('problem_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('chat_id', sa.BigInteger(), nullable=True),
    sa.Column('message_id', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['member.id'], name=op.f('fk_solution_author_id_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['problem_id'], ['problem.id'], name=op.f('fk_solution_problem_id_problem'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_solution')),
    sa.UniqueConstraint('problem_id', 'number', name=op.f('uq_solution_problem_id_number'))
    )
    with op.batch_alter_table('solution', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_solution_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_solution_message', ['chat_id', 'message_id'], unique=False)

    op.create_table('solution_trial',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('solution_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_solution_trial_member_id_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['solution_id'], ['solution.id'], name=op.f('fk_solution_trial_solution_id_solution'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_solution_trial')),
    sa.UniqueConstraint('solution_id', 'member_id', name=op.f('uq_solution_trial_solution_id_member_id'))
    )
    with op.batch_alter_table('solution_trial', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_solution_trial_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_solution_trial_member_id'), ['member_id'], unique=False)

    op.create_table('solution_useful',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('solution_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_solution_useful_member_id_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['solution_id'], ['solution.id'], name=op.f('fk_solution_useful_solution_id_solution'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_solution_useful')),
    sa.UniqueConstraint('solution_id', 'member_id', name=op.f('uq_solution_useful_solution_id_member_id'))
    )
    with op.batch_alter_table('solution_useful', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_solution_useful_member_id'), ['member_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('solution_useful', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_solution_useful_member_id'))

    op.drop_table('solution_useful')
    with op.batch_alter_table('solution_trial', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_solution_trial_member_id'))
        batch_op.drop_index(batch_op.f('ix_solution_trial_created_at'))

    op.drop_table('solution_trial')
    with op.batch_alter_table('solution', schema=None) as batch_op:
        batch_op.drop_index('ix_solution_message')
        batch_op.drop_index(batch_op.f('ix_solution_author_id'))

    op.drop_table('solution')
    with op.batch_alter_table('problem_me_too', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_problem_me_too_member_id'))

    op.drop_table('problem_me_too')
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_problem_id'))
        batch_op.drop_index(batch_op.f('ix_action_owner_id'))
        batch_op.drop_index('ix_action_community_due')

    op.drop_table('action')
    with op.batch_alter_table('problem', schema=None) as batch_op:
        batch_op.drop_index('ix_problem_card')
        batch_op.drop_index(batch_op.f('ix_problem_author_id'))

    op.drop_table('problem')
