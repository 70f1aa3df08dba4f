# docs/_ext is on the path through pyproject.toml (pytest pythonpath).
extensions = ["jieba_dictionary"]
