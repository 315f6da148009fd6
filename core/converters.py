"""Path converters shared by every app's addresses."""

# The largest id a 64-bit column holds; a larger number in an address is no record's id.
# (SQLite raised OverflowError for one, a 500.)
MAX_ID = 2**63 - 1


class IdConverter:
    """A record's id in an address: digits up to 64 bits, otherwise the address is a 404."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("beyond 64 bits")  # Django tries the next pattern, then 404s
        return number

    def to_url(self, value) -> str:
        return str(int(value))


def parse_id(value) -> int | None:
    """An id from a form or query value, or None when it cannot be one."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None
