"""Pure functions behind the shift rules: no ORM, no database, easy to test exhaustively."""
