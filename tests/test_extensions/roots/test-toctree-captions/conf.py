# docs/_ext is on the path through pyproject.toml (pytest pythonpath).
extensions = ["toctree_captions"]
