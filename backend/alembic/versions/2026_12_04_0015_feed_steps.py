"""calendar feeds: which steps a feed holds, every one or the appointments only.

Revision ID: 0015_feed_steps
Revises: 0014_notifications
Create Date: 2026-12-04

One column with a server default ("all", what every feed held before): the previous release's
code never names it and its inserts take the default. The downgrade drops it; feeds then hold
every step again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_feed_steps"
down_revision: str | None = "0014_notifications"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "calendar_feeds",
        sa.Column("steps", sa.String(16), server_default="all", nullable=False),
    )


def downgrade() -> None:
    op.drop_column("calendar_feeds", "steps")
