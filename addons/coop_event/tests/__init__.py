from . import (
    test_access_inventory,
    test_data_rights,
    test_portal_tickets,
    test_pos_ticket_tour,
    test_seat_race,
    test_ticket_holds,
    test_tickets,
    test_venue_settlement,
)
from . import test_runners
