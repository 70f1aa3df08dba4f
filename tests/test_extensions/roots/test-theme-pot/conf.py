extensions = ["theme_pot"]
project = "Theme test"
html_theme = "furo"
templates_path = ["_templates"]
