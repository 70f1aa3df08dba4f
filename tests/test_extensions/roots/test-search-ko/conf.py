# docs/_ext is on the path through pyproject.toml (pytest pythonpath).
extensions = ["search_ko"]
language = "ko"
