# docs/_ext is on the path through pyproject.toml (pytest pythonpath).
extensions = ["search_zh_tw", "search_query"]
language = "zh_TW"
html_search_options = {"dict": ""}
