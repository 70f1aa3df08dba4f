# A hostile translator's catalogs (locales/ru): see test_translation_safety.py.
extensions = ["myst_parser", "translation_safety"]
language = "ru"
# The second catalog folder has no theme catalog.
locale_dirs = ["locales", "nowhere"]
gettext_compact = False
exclude_patterns = ["locales"]
html_theme = "furo"
templates_path = ["_templates"]
