"""reflection.edit_of: an edit of a finished reflection is a copy until it is finished

Opening "✏️ Ubah" must not change what was saved: the answers go into a draft that points
at the reflection it edits, and only the last step copies them over. Deleting a reflection
deletes its unfinished edits. SQLite rebuilds the table to add the foreign key.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 03:20:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('reflection', schema=None) as batch_op:
        batch_op.add_column(sa.Column('edit_of', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_reflection_edit_of'), ['edit_of'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_reflection_edit_of_reflection'), 'reflection', ['edit_of'], ['id'], ondelete='CASCADE')


def downgrade() -> None:
    with op.batch_alter_table('reflection', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_reflection_edit_of_reflection'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_reflection_edit_of'))
        batch_op.drop_column('edit_of')
