# docs/_ext is on the path through pyproject.toml (pytest pythonpath).
extensions = ["myst_parser", "translation_parsing"]
language = "ru"
locale_dirs = ["locale"]
gettext_compact = False
