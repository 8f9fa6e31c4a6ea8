from . import test_tickets, test_portal_tickets
