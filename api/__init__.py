"""Village application core: settings, database, domain services. Never imports strawberry."""
