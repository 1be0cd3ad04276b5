"""Benchmarks: ``make bench`` (or ``python -m benchmarks [NAME...]``) runs each
``bench_*.py`` module's ``main()``, which prints its figures. Timings never
appear as assertions in the test suite."""
