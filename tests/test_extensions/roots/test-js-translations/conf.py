# docs/_ext is on the path through pyproject.toml (pytest pythonpath).
extensions = ["js_translations"]
language = "ru"
locale_dirs = ["locale"]
