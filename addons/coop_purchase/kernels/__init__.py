"""Group-buying arithmetic as pure functions: no ORM, no database, tested exhaustively."""
