"""action.practice_id: "I will try this" on a good practice can become an action plan

A nullable link, like action.problem_id; SQLite rebuilds the table to add the foreign key
(no other table refers to action, so nothing else is touched).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22 15:35:39.998132
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('practice_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_action_practice_id'), ['practice_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_action_practice_id_practice'), 'practice', ['practice_id'], ['id'], ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_action_practice_id_practice'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_action_practice_id'))
        batch_op.drop_column('practice_id')

