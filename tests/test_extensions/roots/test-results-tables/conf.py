# docs/_ext is on the path through pyproject.toml (pytest pythonpath).
extensions = ["results_tables"]
results_files = {"servers": "servers.json", "flask_versions": "flask_versions.json", "proxies": "proxies.json"}
myst_enable_extensions = ["substitution"]
locale_dirs = ["locale"]
gettext_compact = False
