extensions = ["myst_parser", "chunk_timelines"]
timelines_results = "results.json"
locale_dirs = ["locales"]
gettext_compact = False
