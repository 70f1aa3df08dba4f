"""The tables of a built page as a reader sees them: tables of rows of cells of paragraphs."""

import re
from html.parser import HTMLParser

Cell = list[str]  # the texts of the cell's paragraphs
Row = list[Cell]


class Tables(HTMLParser):
    """Each <table> of a page as rows of cells, each cell the texts of its <p>."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tables: list[list[Row]] = []
        self._paragraph: list[str] | None = None
        self._inside = 0  # open <table> tags: only their paragraphs are cells'
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
            self._inside += 1
        elif not self._inside:
            return
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("th", "td"):
            self.tables[-1][-1].append([])
        elif tag == "p":
            self._paragraph = []

    def handle_endtag(self, tag):
        if tag == "table":
            self._inside -= 1
        if tag == "p" and self._paragraph is not None:
            # Only ASCII white space is layout: the no-break spaces of numbers are content.
            self.tables[-1][-1][-1].append(re.sub(r"[ \t\n]+", " ", "".join(self._paragraph)).strip())
            self._paragraph = None

    def handle_data(self, data):
        if self._paragraph is not None:
            self._paragraph.append(data)


def tables(page: str) -> list[list[Row]]:
    return Tables(page).tables
