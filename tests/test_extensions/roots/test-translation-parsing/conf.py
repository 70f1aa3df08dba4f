import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / "docs" / "_ext"))

extensions = ["myst_parser", "translation_parsing"]
language = "ru"
locale_dirs = ["locale"]
gettext_compact = False
