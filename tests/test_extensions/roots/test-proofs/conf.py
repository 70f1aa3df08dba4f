extensions = ["myst_parser", "proofs", "translation_safety"]
myst_enable_extensions = ["deflist"]
repository_url = "https://example.org/owner/repo/"
proofs_root = "."
exclude_patterns = ["_build", "tests"]
# The test copies the site's partials/claim-mark.html here.
templates_path = ["_templates"]
locale_dirs = ["locale"]
gettext_compact = False
