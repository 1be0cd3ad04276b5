"""The Django project: settings and URL routing only; the apps are thin."""
