from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark's floor endpoints and seeding command.

    Installed only by ``bench.settings``; production settings never list it.
    """

    name = "bench"
    verbose_name = "benchmark"
