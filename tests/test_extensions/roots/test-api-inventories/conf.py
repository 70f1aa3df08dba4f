import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / "docs" / "_ext"))

extensions = ["api_inventories"]
nitpicky = True
api_inventories = {
    "flask": ("https://flask.palletsprojects.com/en/stable/", {"flask": "api/"}),
    "python": ("https://docs.python.org/3/", {"builtins": "", "csv": "library/csv.html"}),
}
