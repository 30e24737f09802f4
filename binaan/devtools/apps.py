from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Demo data, sample files and benchmarks: installed only where `BINAAN_DEV_TOOLS` is on
    (development, tests, a demo server), never by production settings."""

    name = "binaan.devtools"
    label = "devtools"
    verbose_name = "Binaan development tools"
