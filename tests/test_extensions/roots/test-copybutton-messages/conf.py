# docs/_ext is on the path through pyproject.toml (pytest pythonpath).
extensions = ["copybutton_messages"]
language = "ru"
locale_dirs = ["locale"]
