"""Salesforce record ids: 15 characters, case-sensitive; 18 with the case-safe checksum suffix.

A 15-character id is a 3-character key prefix (the object), a 2-character instance code, a
reserved character, and a 9-character base-62 sequence number. The 18-character form appends
three characters that encode, for each 5-character chunk, which of its letters are upper case:
so two ids that differ only in case get different suffixes, and the 18-character form survives
case-insensitive tools (spreadsheets, case-insensitive collations) that the 15-character form
does not.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

KEY_PREFIX = {
    "User": "005",
    "Account": "001",
    "Contact": "003",
    "Opportunity": "006",
    "OpportunityHistory": "008",
    "OpportunityContactRole": "00K",
    "Task": "00T",
    "Event": "00U",
    "UserRole": "00E",
}
INSTANCE = "5g"
# Where each object's sequence starts: ids of an org that has been in use for a while have a
# few leading zeros and then mixed-case digits.
SEQUENCE_START = {
    "User": "00Hd00000",
    "UserRole": "00Kq00000",
    "Account": "00Ab00000",
    "Contact": "00Xm00000",
    "Opportunity": "00Dv00000",
    "OpportunityHistory": "00Rt00000",
    "OpportunityContactRole": "00Lw00000",
    "Task": "01Gc00000",
    "Event": "00Pz00000",
}
BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
CHECKSUM_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
SEQUENCE_DIGITS = 9

_BASE62_BYTES = np.frombuffer(BASE62.encode(), dtype=np.uint8)
_CHECKSUM_BYTES = np.frombuffer(CHECKSUM_ALPHABET.encode(), dtype=np.uint8)
_ID_PARTS = np.dtype([("head", "S15"), ("suffix", "S3")])


def base62_value(digits: str) -> int:
    value = 0
    for char in digits:
        value = value * 62 + BASE62.index(char)
    return value


def sequence_start(object_name: str) -> int:
    return base62_value(SEQUENCE_START[object_name])


def checksum_suffix(id15: str) -> str:
    """The 3-character suffix that turns a 15-character id into its 18-character form."""
    if len(id15) != 15:
        raise ValueError(f"a 15-character Salesforce id is needed, got {id15!r}")
    return "".join(
        CHECKSUM_ALPHABET[_upper_bits(id15[chunk_start : chunk_start + 5])]
        for chunk_start in range(0, 15, 5)
    )


def to_18(salesforce_id: str) -> str:
    """The 18-character form of an id given in either form."""
    if len(salesforce_id) == 18:
        return salesforce_id[:15] + checksum_suffix(salesforce_id[:15])
    return salesforce_id + checksum_suffix(salesforce_id)


def _is_upper_digit(digit: npt.NDArray[np.int64]) -> npt.NDArray[np.uint8]:
    return ((digit >= 10) & (digit < 36)).astype(np.uint8)


def id_matrix(object_name: str, numbers: npt.NDArray[np.int64]) -> npt.NDArray[np.uint8]:
    """18-character ids for sequence numbers, as an (n, 18) matrix of ASCII bytes."""
    count = len(numbers)
    head = KEY_PREFIX[object_name] + INSTANCE + "0"
    out = np.empty((count, 18), dtype=np.uint8)
    out[:, :6] = np.frombuffer(head.encode(), dtype=np.uint8)
    remaining = numbers.astype(np.int64, copy=True)
    if count and (remaining.min() < 0 or remaining.max() >= 62**SEQUENCE_DIGITS):
        raise ValueError("sequence numbers must fit in nine base-62 digits")
    # The checksum is computed from the digits directly: a base-62 digit is an upper-case
    # letter when it is between 10 and 35. The constant head fills the first chunk and the
    # first place of the second.
    chunk_bits = [
        np.full(count, _upper_bits(head[:5]), dtype=np.uint8),
        np.full(count, _upper_bits(head[5]), dtype=np.uint8),
        np.zeros(count, dtype=np.uint8),
    ]
    for place in range(SEQUENCE_DIGITS - 1, -1, -1):
        remaining, digit = np.divmod(remaining, 62)
        out[:, 6 + place] = _BASE62_BYTES[digit]
        position = 6 + place
        chunk_bits[position // 5] |= _is_upper_digit(digit) << (position % 5)
    for chunk, bits in enumerate(chunk_bits):
        out[:, 15 + chunk] = _CHECKSUM_BYTES[bits]
    return out


def _upper_bits(chunk: str) -> int:
    return sum(1 << position for position, char in enumerate(chunk) if "A" <= char <= "Z")


def ids_18(object_name: str, numbers: npt.NDArray[np.int64]) -> npt.NDArray[np.bytes_]:
    """18-character ids for sequence numbers, as a bytes array (for the CSV writer)."""
    matrix = id_matrix(object_name, numbers)
    return np.ascontiguousarray(matrix).view("S18").reshape(len(numbers))


def id_pieces(
    ids: npt.NDArray[np.bytes_],
    short: npt.NDArray[np.bool_],
    blank: npt.NDArray[np.bool_] | None = None,
) -> tuple[npt.NDArray[np.bytes_], npt.NDArray[np.bytes_]]:
    """An id column as two CSV pieces: the 15-character id, and the suffix where it is kept.

    Rows in `short` are written in the 15-character form, as a report export writes them; rows
    in `blank` are left empty.
    """
    parts = np.ascontiguousarray(ids).view(_ID_PARTS)
    head: npt.NDArray[np.bytes_] = parts["head"]
    suffix: npt.NDArray[np.bytes_] = parts["suffix"].copy()
    suffix[short] = b""
    if blank is not None:
        head = head.copy()
        head[blank] = b""
        suffix[blank] = b""
    return head, suffix
