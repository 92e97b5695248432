"""How messages list alternatives (index.wording)."""

from index.wording import and_list, or_list


def test_alternatives_are_listed_with_commas_and_a_last_or():
    assert or_list([]) == "" and or_list(["a"]) == "a" and or_list(["a", "b"]) == "a or b"
    assert or_list(["“a”", "b", "c"]) == "“a”, b or c"


def test_several_things_at_once_are_listed_with_commas_and_a_last_and():
    assert and_list([]) == "" and and_list(["a"]) == "a"
    assert and_list(["a", "b"]) == "a and b" and and_list(["a", "b", "c"]) == "a, b and c"
