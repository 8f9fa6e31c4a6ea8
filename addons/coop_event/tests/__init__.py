from . import test_tickets, test_portal_tickets, test_pos_ticket_tour, test_venue_settlement
