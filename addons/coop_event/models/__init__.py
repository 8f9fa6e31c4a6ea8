from . import event_event, event_event_ticket, event_registration, coop_consignment_statement
