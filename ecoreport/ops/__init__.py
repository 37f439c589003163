"""Operations: backup and restore of the whole database with the published reports' PDFs."""
