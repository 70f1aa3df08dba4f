import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / "docs" / "_ext"))

extensions = ["js_translations"]
language = "ru"
locale_dirs = ["locale"]
