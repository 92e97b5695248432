"""How messages list alternatives (index.wording)."""

from index.wording import or_list


def test_alternatives_are_listed_with_commas_and_a_last_or():
    assert or_list([]) == "" and or_list(["a"]) == "a" and or_list(["a", "b"]) == "a or b"
    assert or_list(["“a”", "b", "c"]) == "“a”, b or c"
