"""matching v2: strengths and needs carry their analysed terms (api/skills/text.py) instead of a
PostgreSQL tsvector; strength_postings indexes them by community and term, kept in step by triggers;
matching_terms holds the words a community's staff add to the bilingual concept table

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 18:10:00

The triggers live in the database so that every path that changes a strength or a membership (the API,
the seed, a bulk load, a staff tool written later) keeps the postings right. Existing rows are analysed
here with the analyser of this release; a later change of the concept table ships its own migration
that calls api.skills.text again (reanalyse()).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every posting there should be: a view, so the triggers, a bulk rebuild and a check all agree.
# The `*` row of each strength also carries what matching's hard rules need before any row of
# strengths or accounts is read: the languages spoken (the strength's and its owner's, base codes)
# and the weekly free time as a multirange of minutes (adjacent slots merge, so one covering range
# answers "free for all of it").
COLUMNS = "community_id, term, strength_id, account_id, modes, weight, doc_length, languages, slots"
FUNCTIONS = [
    """
create view strength_posting_rows as
select m.community_id, t.term, s.id as strength_id, s.account_id,
       ((case when 'in_person' = any(s.modes) then 1 else 0 end)
        | (case when 'virtual' = any(s.modes) then 2 else 0 end))::smallint as modes,
       t.weight, s.term_length::real as doc_length,
       case when t.term = '*' then
         array(select distinct split_part(l, '-', 1) from unnest(s.languages || a.languages) l order by 1)
       end as languages,
       case when t.term = '*' then
         coalesce((select range_agg(int4range((v->>0)::int, (v->>1)::int)) from jsonb_array_elements(s.availability) v),
                  '{}'::int4multirange)
       end as slots
from strengths s
join memberships m on m.account_id = s.account_id and m.state = 'verified'
join accounts a on a.id = s.account_id
cross join lateral (
  select key as term, value::real as weight from jsonb_each_text(s.terms)
  union all select '#' || s.category_slug, 0
  union all select '^' || split_part(s.category_slug, '.', 1), 0
  union all select '*', 0
) t
""",
    f"""
create or replace function insert_strength_postings(p_strength uuid, p_account uuid, p_community uuid)
returns void language plpgsql as $$
begin
  -- One statement per case, each an index lookup (a single statement with "p is null or" filters is
  -- planned without the values and scans every strength).
  if p_strength is not null then
    insert into strength_postings ({COLUMNS})
    select {COLUMNS} from strength_posting_rows where strength_id = p_strength on conflict do nothing;
  elsif p_account is not null and p_community is not null then
    insert into strength_postings ({COLUMNS})
    select {COLUMNS} from strength_posting_rows where account_id = p_account and community_id = p_community
    on conflict do nothing;
  elsif p_account is not null then
    insert into strength_postings ({COLUMNS})
    select {COLUMNS} from strength_posting_rows where account_id = p_account on conflict do nothing;
  else
    insert into strength_postings ({COLUMNS}) select {COLUMNS} from strength_posting_rows on conflict do nothing;
  end if;
end $$
""",
    """
create or replace function strength_postings_on_strength() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' then
    delete from strength_postings where strength_id = new.id;
  end if;
  perform insert_strength_postings(new.id, null, null);
  return null;
end $$
""",
    """
create or replace function strength_postings_on_account() returns trigger language plpgsql as $$
begin
  -- The languages an owner speaks are on each of their strengths' `*` rows.
  delete from strength_postings p using strengths s where s.account_id = new.id and p.strength_id = s.id;
  perform insert_strength_postings(null, new.id, null);
  return null;
end $$
""",
    """
create or replace function strength_postings_on_membership() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') and old.state = 'verified' then
    delete from strength_postings p using strengths s
    where s.account_id = old.account_id and p.strength_id = s.id and p.community_id = old.community_id;
  end if;
  if tg_op in ('INSERT', 'UPDATE') and new.state = 'verified' then
    perform insert_strength_postings(null, new.account_id, new.community_id);
  end if;
  return null;
end $$
""",
]

TRIGGERS = [
    """
create trigger strength_postings_insert after insert on strengths
  for each row execute function strength_postings_on_strength()""",
    """create trigger strength_postings_update
  after update of terms, term_length, category_slug, modes, account_id, languages, availability
  on strengths for each row execute function strength_postings_on_strength()""",
    """create trigger strength_postings_account after update of languages on accounts
  for each row when (old.languages is distinct from new.languages)
  execute function strength_postings_on_account()""",
    """create trigger strength_postings_membership_insert after insert on memberships
  for each row execute function strength_postings_on_membership()""",
    """create trigger strength_postings_membership_update after update of state, community_id, account_id on memberships
  for each row when (old.state is distinct from new.state or old.community_id <> new.community_id
                     or old.account_id <> new.account_id)
  execute function strength_postings_on_membership()""",
    """create trigger strength_postings_membership_delete after delete on memberships
  for each row execute function strength_postings_on_membership()""",
]


def reanalyse(bind) -> None:
    """Analyse every strength and need again (the triggers refresh the postings)."""
    from api.skills.text import analyse

    rows = bind.execute(sa.text("select id, title, description, languages from strengths")).all()
    for r in rows:
        a = analyse(r.title, r.description or "", hint=(r.languages or [None])[0])
        bind.execute(
            sa.text("update strengths set terms = cast(:terms as jsonb), term_length = :length where id = :id"),
            {"id": r.id, "terms": _json({t: round(w, 2) for t, w in a.terms.items()}), "length": round(a.length, 2)},
        )
    for r in bind.execute(sa.text("select id, title, description, language from needs")).all():
        terms = sorted(analyse(r.title, r.description or "", hint=r.language).terms)
        bind.execute(sa.text("update needs set terms = :terms where id = :id"), {"id": r.id, "terms": terms})


def _json(value) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def upgrade() -> None:
    op.drop_index("ix_strengths_search", table_name="strengths", postgresql_using="gin")
    op.drop_column("strengths", "search")
    op.drop_column("needs", "search")
    op.add_column(
        "strengths", sa.Column("terms", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False)
    )
    op.add_column("strengths", sa.Column("term_length", sa.Float(), server_default="0", nullable=False))
    op.add_column("needs", sa.Column("terms", sa.ARRAY(sa.Text()), server_default="{}", nullable=False))
    op.create_table(
        "strength_postings",
        sa.Column("community_id", sa.UUID(), nullable=False),
        sa.Column("term", sa.Text(), nullable=False),
        sa.Column("strength_id", sa.UUID(), nullable=False),
        sa.Column("account_id", sa.UUID(), nullable=False),
        sa.Column("modes", sa.SmallInteger(), nullable=False),
        sa.Column("weight", sa.REAL(), nullable=False),
        sa.Column("doc_length", sa.REAL(), nullable=False),
        sa.Column("languages", sa.ARRAY(sa.Text()), nullable=True),
        sa.Column("slots", postgresql.INT4MULTIRANGE(), nullable=True),
        sa.ForeignKeyConstraint(["community_id"], ["communities.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["strength_id"], ["strengths.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint(
            "community_id",
            "term",
            "strength_id",
            name="pk_strength_postings",
            postgresql_include=["account_id", "modes", "weight", "doc_length", "languages", "slots"],
        ),
    )
    op.create_index(op.f("ix_strength_postings_strength_id"), "strength_postings", ["strength_id"], unique=False)
    op.create_table(
        "matching_terms",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("community_id", sa.UUID(), nullable=False),
        sa.Column("concept", sa.String(length=48), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("term", sa.String(length=60), nullable=False),
        sa.Column("created_by", sa.UUID(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("language in ('en','es')", name=op.f("ck_matching_terms_language")),
        sa.ForeignKeyConstraint(["community_id"], ["communities.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by"], ["accounts.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matching_terms")),
        sa.UniqueConstraint("community_id", "language", "term", name=op.f("uq_matching_terms_community_id")),
    )
    op.create_index("ix_matching_terms_community_concept", "matching_terms", ["community_id", "concept"], unique=False)
    for statement in FUNCTIONS + TRIGGERS:
        op.execute(statement)
    reanalyse(op.get_bind())


def downgrade() -> None:
    for trigger, table in (
        ("strength_postings_insert", "strengths"),
        ("strength_postings_update", "strengths"),
        ("strength_postings_membership_insert", "memberships"),
        ("strength_postings_membership_update", "memberships"),
        ("strength_postings_membership_delete", "memberships"),
        ("strength_postings_account", "accounts"),
    ):
        op.execute(f"drop trigger {trigger} on {table}")
    op.execute("drop function strength_postings_on_membership()")
    op.execute("drop function strength_postings_on_strength()")
    op.execute("drop function strength_postings_on_account()")
    op.execute("drop function insert_strength_postings(uuid, uuid, uuid)")
    op.execute("drop view strength_posting_rows")
    op.drop_index("ix_matching_terms_community_concept", table_name="matching_terms")
    op.drop_table("matching_terms")
    op.drop_index(op.f("ix_strength_postings_strength_id"), table_name="strength_postings")
    op.drop_table("strength_postings")
    op.drop_column("needs", "terms")
    op.drop_column("strengths", "term_length")
    op.drop_column("strengths", "terms")
    search = (
        "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
        "setweight(to_tsvector('spanish'::regconfig, coalesce(title, '')), 'A') || "
        "setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'B') || "
        "setweight(to_tsvector('spanish'::regconfig, coalesce(description, '')), 'B')"
    )
    for table in ("strengths", "needs"):
        op.add_column(
            table, sa.Column("search", postgresql.TSVECTOR(), sa.Computed(search, persisted=True), nullable=True)
        )
    op.create_index("ix_strengths_search", "strengths", ["search"], unique=False, postgresql_using="gin")
