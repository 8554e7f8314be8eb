"""Chinese numerals (loaders/numerals.py), the one table every parser reads numbers with."""

import pytest

from graphkit.loaders.numerals import cn_digits, cn_int


@pytest.mark.parametrize("text,value", [
    ("三", 3), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("两", 2),
    ("一百二十", 120), ("一百零五", 105), ("百", 100),
    ("三x", None), ("", 0),
])
def test_cn_int(text, value):
    assert cn_int(text) == value


@pytest.mark.parametrize("text,value", [("二〇二一", 2021), ("二○二二", 2022), ("一九九九", 1999),
                                        ("二十", None), ("", None)])
def test_cn_digits(text, value):
    assert cn_digits(text) == value
