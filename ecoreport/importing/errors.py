"""One problem in an import file, as staff read it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RowError:
    row: int  # data rows count from 1; 0 is the header or the file as a whole
    column: str  # the header as written in the file; "" for the file as a whole
    message: str

    def __str__(self) -> str:
        if self.row == 0 and not self.column:
            return f"file: {self.message}"
        return f"row {self.row}, column {self.column or '-'}: {self.message}"
