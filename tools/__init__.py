"""Command-line tools of the site (`python -m tools.site`, `python -m tools.catalogs`).

They share the language list and the catalog reading with the Sphinx
extensions, which live in docs/_ext/ and import one another by module name,
as Sphinx loads them. Put that folder on the path once, here, for every tool.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "docs" / "_ext"))
