"""View helpers shared by several Django apps (no models, no views of its
own): the apps below ``reports`` use these instead of importing each other."""
