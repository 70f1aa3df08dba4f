"""Input that a strict parser must refuse, shared by the tests of every snippet that reads a query.

One list, so that each snippet is tested against the same hostile values.
"""

import re

from hypothesis import strategies as st

# Each is accepted by int() or by a naive length check, and is not one value of ASCII digits.
NOT_ASCII_WHOLE_NUMBERS = [
    "١٢",  # Arabic-Indic digits: int("١٢") == 12
    "１２",  # fullwidth digits: int("１２") == 12
    "1_0",  # int("1_0") == 10
    " 2 ",  # int(" 2 ") == 2
    "2\n",  # int() strips whitespace, and "$" in a regular expression matches before a final newline
    "+2",
    "2\0",  # NUL
    "9" * 5000,  # over-long: int() refuses more than 4300 digits with ValueError
]

# Any text that is not made of ASCII digits only.
not_ascii_digits = st.text(max_size=12).filter(lambda text: not re.fullmatch(r"[0-9]+", text))
