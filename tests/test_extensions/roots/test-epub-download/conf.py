# docs/_ext is on the path through pyproject.toml (pytest pythonpath).
project = "Book"
version = "1"
extensions = ["epub_download"]
language = "ko"
site_url = "https://example.org/book/"
epub_download_basename = "book"
# A page template that only the HTML theme has, as the site's page.html (furo's).
templates_path = ["_templates"]
