from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Demo data, sample files, benchmarks and the access matrix: installed only where
    `BINAAN_ALLOW_DEMO` is on (development, tests, a demo server), never by production settings."""

    name = "binaan.devtools"
    label = "devtools"
    verbose_name = "Binaan development tools"
