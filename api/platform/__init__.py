"""Platform-wide parts: the application's own secrets."""
