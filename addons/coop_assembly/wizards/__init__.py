from . import coop_assembly_room_vote
