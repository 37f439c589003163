"""One problem in an import file, as staff read it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RowError:
    # The row as the spreadsheet program shows it: the header is row 1, the first data row row 2
    # (data-formats.md); 0 is the file as a whole.
    row: int
    column: str  # the header as written in the file; "" for the file as a whole
    message: str

    def __str__(self) -> str:
        if self.row == 0 and not self.column:
            return f"file: {self.message}"
        return f"row {self.row}, column {self.column or '-'}: {self.message}"
