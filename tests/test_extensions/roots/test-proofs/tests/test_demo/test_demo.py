import pytest


def test_plain():
    pass


@pytest.mark.parametrize("n", [1, 2])
def test_param(n):
    pass


class TestGroup:
    def test_method(self):
        pass


async def test_async():
    pass
