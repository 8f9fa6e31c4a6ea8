from . import test_books
