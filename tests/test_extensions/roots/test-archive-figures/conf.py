extensions = ["archive_figures"]
archive_results = "results.json"
myst_substitutions = {"kept": "a substitution of the project's own"}
myst_enable_extensions = ["substitution"]
