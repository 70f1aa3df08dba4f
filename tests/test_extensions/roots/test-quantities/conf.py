extensions = ["myst_parser", "quantities", "translation_safety"]
locale_dirs = ["locale"]
gettext_compact = False
