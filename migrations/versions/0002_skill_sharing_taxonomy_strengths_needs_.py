"""skill-sharing: taxonomy, strengths, needs, matches; outbox

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 07:09:15.177633
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# A frozen copy of api/skills/taxonomy.py at the time of this revision (slug, parent, en, es).
TAXONOMY = [('tutoring', None, 'Tutoring & homework', 'Tutoría y tareas'),
 ('tutoring.math', 'tutoring', 'Math', 'Matemáticas'),
 ('tutoring.reading', 'tutoring', 'Reading & writing', 'Lectura y escritura'),
 ('tutoring.science', 'tutoring', 'Science', 'Ciencias'),
 ('tutoring.homework', 'tutoring', 'Homework help', 'Ayuda con la tarea'),
 ('tutoring.test_prep', 'tutoring', 'Test preparation', 'Preparación para exámenes'),
 ('languages', None, 'Languages & interpreting', 'Idiomas e interpretación'),
 ('languages.interpreting', 'languages', 'Interpreting & translation', 'Interpretación y traducción'),
 ('languages.english', 'languages', 'English practice', 'Práctica de inglés'),
 ('languages.spanish', 'languages', 'Spanish practice', 'Práctica de español'),
 ('languages.other', 'languages', 'Other languages', 'Otros idiomas'),
 ('cooking', None, 'Cooking & food', 'Cocina y comida'),
 ('cooking.meals', 'cooking', 'Family meals', 'Comidas familiares'),
 ('cooking.baking', 'cooking', 'Baking', 'Repostería'),
 ('cooking.meal_train', 'cooking', 'Meal trains for families in need', 'Comidas para familias que lo necesitan'),
 ('trades', None, 'Trades & repair', 'Oficios y reparaciones'),
 ('trades.home_repair', 'trades', 'Home repair', 'Reparaciones del hogar'),
 ('trades.car_repair', 'trades', 'Car repair', 'Mecánica de autos'),
 ('trades.sewing', 'trades', 'Sewing & mending', 'Costura y arreglos'),
 ('trades.gardening', 'trades', 'Gardening', 'Jardinería'),
 ('tech', None, 'Tech help', 'Ayuda con tecnología'),
 ('tech.devices', 'tech', 'Computers & phones', 'Computadoras y teléfonos'),
 ('tech.school_apps', 'tech', 'School apps & portals', 'Aplicaciones y portales escolares'),
 ('tech.coding', 'tech', 'Coding', 'Programación'),
 ('arts', None, 'Arts & music', 'Artes y música'),
 ('arts.music', 'arts', 'Music lessons', 'Clases de música'),
 ('arts.visual', 'arts', 'Drawing & painting', 'Dibujo y pintura'),
 ('arts.crafts', 'arts', 'Crafts', 'Manualidades'),
 ('arts.dance', 'arts', 'Dance', 'Baile'),
 ('sports', None, 'Sports & coaching', 'Deportes y entrenamiento'),
 ('sports.coaching', 'sports', 'Coaching a team', 'Entrenar un equipo'),
 ('sports.swimming', 'sports', 'Swimming', 'Natación'),
 ('sports.fitness', 'sports', 'Fitness & outdoor play', 'Ejercicio y juego al aire libre'),
 ('childcare', None, 'Childcare', 'Cuidado de niños'),
 ('childcare.babysitting', 'childcare', 'Babysitting', 'Cuidar niños'),
 ('childcare.after_school', 'childcare', 'After-school care', 'Cuidado después de la escuela'),
 ('transportation', None, 'Transportation', 'Transporte'),
 ('transportation.school', 'transportation', 'Rides to school', 'Llevar a la escuela'),
 ('transportation.activities', 'transportation', 'Rides to activities', 'Llevar a actividades'),
 ('transportation.appointments', 'transportation', 'Rides to appointments', 'Llevar a citas'),
 ('school_system', None, 'Navigating school', 'Entender la escuela'),
 ('school_system.enrollment', 'school_system', 'Enrollment & registration', 'Inscripción y registro'),
 ('school_system.iep', 'school_system', 'IEP & special education', 'IEP y educación especial'),
 ('school_system.meetings', 'school_system', 'Parent-teacher meetings', 'Reuniones con maestros'),
 ('immigration', None, 'Navigating immigration', 'Trámites de inmigración'),
 ('immigration.paperwork', 'immigration', 'Forms & paperwork', 'Formularios y papeleo'),
 ('immigration.newcomers', 'immigration', 'Settling in as newcomers', 'Adaptarse como recién llegados'),
 ('health', None, 'Navigating health care', 'Entender la atención médica'),
 ('health.doctors', 'health', 'Finding a doctor or clinic', 'Encontrar médico o clínica'),
 ('health.insurance', 'health', 'Health insurance', 'Seguro médico'),
 ('benefits', None, 'Navigating benefits', 'Trámites de beneficios'),
 ('benefits.food', 'benefits', 'Food assistance', 'Asistencia alimentaria'),
 ('benefits.housing', 'benefits', 'Housing help', 'Ayuda con vivienda'),
 ('jobs', None, 'Jobs & money', 'Trabajo y dinero'),
 ('jobs.resume', 'jobs', 'Job search & resumes', 'Búsqueda de empleo y currículum'),
 ('jobs.budgeting', 'jobs', 'Budgeting & taxes', 'Presupuesto e impuestos'),
 ('emotional_support', None, 'Emotional support', 'Apoyo emocional'),
 ('emotional_support.listening', 'emotional_support', 'A listening ear', 'Alguien que escuche'),
 ('emotional_support.new_parents', 'emotional_support', 'New parents', 'Padres primerizos'),
 ('emotional_support.grief', 'emotional_support', 'Loss & hard times', 'Pérdidas y momentos difíciles'),
 ('advocacy', None, 'Advocacy & organizing', 'Defensa y organización'),
 ('advocacy.speaking', 'advocacy', 'Speaking up at school meetings', 'Hablar en reuniones escolares'),
 ('advocacy.organizing', 'advocacy', 'Community organizing', 'Organización comunitaria'),
 ('household', None, 'Household help', 'Ayuda en casa'),
 ('household.moving', 'household', 'Moving help', 'Ayuda con mudanzas'),
 ('household.lending', 'household', 'Lending tools & things', 'Prestar herramientas y cosas'),
 ('household.pets', 'household', 'Pet care', 'Cuidado de mascotas'),
 ('events', None, 'Events & celebrations', 'Eventos y celebraciones'),
 ('events.planning', 'events', 'Planning events', 'Organizar eventos'),
 ('events.photography', 'events', 'Photography', 'Fotografía')]


def upgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table('outbox_events',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('community_id', sa.UUID(), nullable=True),
    sa.Column('kind', sa.String(length=48), nullable=False),
    sa.Column('payload', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('dispatched_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_events'))
    )
    op.create_index(op.f('ix_outbox_events_community_id'), 'outbox_events', ['community_id'], unique=False)
    op.create_index('ix_outbox_pending', 'outbox_events', ['id'], unique=False, postgresql_where=sa.text('dispatched_at IS NULL'))
    op.create_table('skill_categories',
    sa.Column('slug', sa.String(length=48), nullable=False),
    sa.Column('parent_slug', sa.String(length=48), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('labels', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.ForeignKeyConstraint(['parent_slug'], ['skill_categories.slug'], name=op.f('fk_skill_categories_parent_slug_skill_categories')),
    sa.PrimaryKeyConstraint('slug', name=op.f('pk_skill_categories'))
    )
    op.create_index(op.f('ix_skill_categories_parent_slug'), 'skill_categories', ['parent_slug'], unique=False)
    op.create_table('needs',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('community_id', sa.UUID(), nullable=False),
    sa.Column('requester_id', sa.UUID(), nullable=False),
    sa.Column('category_slug', sa.String(length=48), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('urgency', sa.String(length=8), server_default='normal', nullable=False),
    sa.Column('language', sa.String(length=16), nullable=True),
    sa.Column('area_cell', sa.String(length=16), nullable=True),
    sa.Column('area_label', sa.String(length=120), nullable=True),
    sa.Column('area_lat', sa.Float(), nullable=True),
    sa.Column('area_lng', sa.Float(), nullable=True),
    sa.Column('status', sa.String(length=16), server_default='open', nullable=False),
    sa.Column('search', postgresql.TSVECTOR(), sa.Computed("setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || setweight(to_tsvector('spanish'::regconfig, coalesce(title, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'B') || setweight(to_tsvector('spanish'::regconfig, coalesce(description, '')), 'B')", persisted=True), nullable=False),
    sa.Column('matches_computed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("mode in ('in_person','virtual','either')", name=op.f('ck_needs_mode')),
    sa.CheckConstraint("status in ('open','matched','met','closed')", name=op.f('ck_needs_status')),
    sa.CheckConstraint("urgency in ('low','normal','high')", name=op.f('ck_needs_urgency')),
    sa.CheckConstraint('ends_at is null or starts_at is null or ends_at > starts_at', name=op.f('ck_needs_window')),
    sa.ForeignKeyConstraint(['category_slug'], ['skill_categories.slug'], name=op.f('fk_needs_category_slug_skill_categories')),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], name=op.f('fk_needs_community_id_communities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requester_id'], ['accounts.id'], name=op.f('fk_needs_requester_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_needs'))
    )
    op.create_index('ix_needs_community_status', 'needs', ['community_id', 'status', 'created_at'], unique=False)
    op.create_index(op.f('ix_needs_requester_id'), 'needs', ['requester_id'], unique=False)
    op.create_table('strengths',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('account_id', sa.UUID(), nullable=False),
    sa.Column('category_slug', sa.String(length=48), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('languages', sa.ARRAY(sa.String(length=16)), server_default='{}', nullable=False),
    sa.Column('modes', sa.ARRAY(sa.String(length=16)), nullable=False),
    sa.Column('availability', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
    sa.Column('search', postgresql.TSVECTOR(), sa.Computed("setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || setweight(to_tsvector('spanish'::regconfig, coalesce(title, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'B') || setweight(to_tsvector('spanish'::regconfig, coalesce(description, '')), 'B')", persisted=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_strengths_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['category_slug'], ['skill_categories.slug'], name=op.f('fk_strengths_category_slug_skill_categories')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_strengths'))
    )
    op.create_index(op.f('ix_strengths_account_id'), 'strengths', ['account_id'], unique=False)
    op.create_index(op.f('ix_strengths_category_slug'), 'strengths', ['category_slug'], unique=False)
    op.create_index('ix_strengths_search', 'strengths', ['search'], unique=False, postgresql_using='gin')
    op.create_table('matches',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('community_id', sa.UUID(), nullable=False),
    sa.Column('need_id', sa.UUID(), nullable=False),
    sa.Column('strength_id', sa.UUID(), nullable=True),
    sa.Column('helper_id', sa.UUID(), nullable=False),
    sa.Column('requester_id', sa.UUID(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('reasons', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
    sa.Column('status', sa.String(length=16), server_default='suggested', nullable=False),
    sa.Column('message', sa.Text(), server_default='', nullable=False),
    sa.Column('thanks', sa.Text(), nullable=True),
    sa.Column('responded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("status in ('suggested','offered','requested','accepted','declined','completed','expired')", name=op.f('ck_matches_status')),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], name=op.f('fk_matches_community_id_communities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['helper_id'], ['accounts.id'], name=op.f('fk_matches_helper_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_matches_need_id_needs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requester_id'], ['accounts.id'], name=op.f('fk_matches_requester_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['strength_id'], ['strengths.id'], name=op.f('fk_matches_strength_id_strengths'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_matches')),
    sa.UniqueConstraint('need_id', 'helper_id', name=op.f('uq_matches_need_id'))
    )
    op.create_index(op.f('ix_matches_community_id'), 'matches', ['community_id'], unique=False)
    op.create_index('ix_matches_helper_status', 'matches', ['helper_id', 'status'], unique=False)
    op.create_index('ix_matches_need_score', 'matches', ['need_id', 'score'], unique=False)
    op.create_index(op.f('ix_matches_requester_id'), 'matches', ['requester_id'], unique=False)
    op.create_index(op.f('ix_matches_strength_id'), 'matches', ['strength_id'], unique=False)
    op.add_column('accounts', sa.Column('home_lat', sa.Float(), nullable=True))
    op.add_column('accounts', sa.Column('home_lng', sa.Float(), nullable=True))
    categories = sa.table(
        "skill_categories",
        sa.column("slug", sa.String),
        sa.column("parent_slug", sa.String),
        sa.column("position", sa.Integer),
        sa.column("labels", postgresql.JSONB),
    )
    op.bulk_insert(
        categories,
        [{"slug": slug, "parent_slug": parent, "position": i, "labels": {"en": en, "es": es}} for i, (slug, parent, en, es) in enumerate(TAXONOMY)],
    )
    # ### end Alembic commands ###


def downgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    op.drop_column('accounts', 'home_lng')
    op.drop_column('accounts', 'home_lat')
    op.drop_index(op.f('ix_matches_strength_id'), table_name='matches')
    op.drop_index(op.f('ix_matches_requester_id'), table_name='matches')
    op.drop_index('ix_matches_need_score', table_name='matches')
    op.drop_index('ix_matches_helper_status', table_name='matches')
    op.drop_index(op.f('ix_matches_community_id'), table_name='matches')
    op.drop_table('matches')
    op.drop_index('ix_strengths_search', table_name='strengths', postgresql_using='gin')
    op.drop_index(op.f('ix_strengths_category_slug'), table_name='strengths')
    op.drop_index(op.f('ix_strengths_account_id'), table_name='strengths')
    op.drop_table('strengths')
    op.drop_index(op.f('ix_needs_requester_id'), table_name='needs')
    op.drop_index('ix_needs_community_status', table_name='needs')
    op.drop_table('needs')
    op.drop_index(op.f('ix_skill_categories_parent_slug'), table_name='skill_categories')
    op.drop_table('skill_categories')
    op.drop_index('ix_outbox_pending', table_name='outbox_events', postgresql_where=sa.text('dispatched_at IS NULL'))
    op.drop_index(op.f('ix_outbox_events_community_id'), table_name='outbox_events')
    op.drop_table('outbox_events')
    # ### end Alembic commands ###
