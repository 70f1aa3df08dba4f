# The test copies this project elsewhere, and sets templates_path to the
# site's docs/_templates, so that the tests render what readers see.
extensions = ["site_languages", "translation_status"]
site_url = "https://example.org/docs/"
site_languages = [("en", "English"), ("ru", "Русский"), ("ko", "한국어")]
locale_dirs = ["locales"]
gettext_compact = False
html_theme = "furo"
html_sidebars = {
    "**": ["sidebar/brand.html", "sidebar/search.html", "sidebar/languages.html", "sidebar/navigation.html"]
}
notfound_pagename = "404"
