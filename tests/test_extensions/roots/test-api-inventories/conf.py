# docs/_ext is on the path through pyproject.toml (pytest pythonpath).
extensions = ["api_inventories"]
nitpicky = True
api_inventories = {
    "flask": ("https://flask.palletsprojects.com/en/stable/", {"flask": "api/"}),
    "python": ("https://docs.python.org/3/", {"builtins": "", "csv": "library/csv.html"}),
}
