"""Who may call or write what that coop_assembly adds: every public method and every field
it defines, tried by member B (a portal member on the roll), a plain employee, the members'
office and a membership manager, on things that are not theirs. A new public method, field
or route without an entry here fails the test."""

from odoo.tests import tagged

from odoo.addons.coop_assembly import controllers as coop_assembly_controllers
from odoo.addons.coop_assembly import models as coop_assembly_models
from odoo.addons.coop_membership.tests.inventory import (
    DENIED,
    OK,
    REFUSED,
    AccessInventoryMixin,
    addon_public_methods_and_fields,
)

from .common import CoopAssemblyCase

ROLES = ("portal", "employee", "office", "manager")


def everyone(outcome):
    return dict.fromkeys(ROLES, outcome)


def manager_only(manager=OK, office=DENIED):
    return {"portal": DENIED, "employee": DENIED, "office": office, "manager": manager}


def office_and_manager(outcome=OK):
    return {"portal": DENIED, "employee": DENIED, "office": outcome, "manager": outcome}


# The buttons check their group in Python too (an AccessError, as the ACLs give).
BUTTON_FOR_MANAGERS = manager_only()
BUTTON_FOR_OFFICE = office_and_manager()

INVENTORY = {
    ("coop.assembly", "write"): {"rename": manager_only()},
    ("coop.assembly", "name"): {"rename": manager_only()},
    ("coop.assembly", "agenda"): {"agenda": manager_only()},
    ("coop.assembly", "place"): {"place": manager_only()},
    ("coop.assembly", "company_id"): {"move_company": manager_only(REFUSED)},
    ("coop.assembly", "kind"): {"change_kind": manager_only(REFUSED)},
    ("coop.assembly", "date_begin"): {"move_date": manager_only(REFUSED)},
    ("coop.assembly", "record_date"): {"move_record_date": manager_only(REFUSED)},
    ("coop.assembly", "online_voting"): {"online_voting": manager_only(REFUSED)},
    ("coop.assembly", "document_ids"): {"documents": manager_only()},
    ("coop.assembly", "proxy_form_id"): {"proxy_form": manager_only()},
    ("coop.assembly", "state"): {"forge_state": manager_only(REFUSED)},
    ("coop.assembly", "voter_ids"): {"add_voter": everyone(DENIED)},
    ("coop.assembly", "proxy_ids"): {"proxy_through_assembly": manager_only(REFUSED)},
    ("coop.assembly", "resolution_ids"): {"add_resolution": manager_only()},
    ("coop.assembly", "action_convene"): {"convene": BUTTON_FOR_MANAGERS},
    ("coop.assembly", "action_open_session"): {"open_session": BUTTON_FOR_OFFICE},
    ("coop.assembly", "action_close"): {"close": BUTTON_FOR_MANAGERS},
    ("coop.assembly", "action_open_door"): {"open_door": BUTTON_FOR_OFFICE},
    ("coop.assembly", "action_print_minutes"): {"minutes": BUTTON_FOR_OFFICE},
    ("coop.assembly", "action_sign_in"): {"sign_in_anna": BUTTON_FOR_OFFICE},
    ("coop.assembly", "coop_door_state"): {"door_state": BUTTON_FOR_OFFICE},
    ("coop.assembly.resolution", "create"): {"add_resolution_direct": manager_only()},
    ("coop.assembly.resolution", "write"): {"reword_draft": manager_only()},
    ("coop.assembly.resolution", "assembly_id"): {"move_resolution": manager_only(REFUSED)},
    ("coop.assembly.resolution", "name"): {"reword_open": manager_only(REFUSED)},
    ("coop.assembly.resolution", "description"): {"reword_draft": manager_only()},
    ("coop.assembly.resolution", "sequence"): {"reorder": manager_only()},
    ("coop.assembly.resolution", "secret"): {"unsecret_open": manager_only(REFUSED)},
    # The state decides whether a resolution may go (`_unlink_only_draft_resolutions`).
    ("coop.assembly.resolution", "state"): {
        "forge_result": manager_only(REFUSED),
        "delete_open": manager_only(REFUSED),
    },
    ("coop.assembly.resolution", "result"): {"forge_result": manager_only(REFUSED)},
    ("coop.assembly.resolution", "quorum_reached"): {"forge_quorum": manager_only(REFUSED)},
    ("coop.assembly.resolution", "participants_at_close"): {"forge_quorum": manager_only(REFUSED)},
    ("coop.assembly.resolution", "closed_at"): {"forge_closing": manager_only(REFUSED)},
    ("coop.assembly.resolution", "room_count_recorded"): {"forge_room": manager_only(REFUSED)},
    ("coop.assembly.resolution", "tally_ids"): {"forge_tally": everyone(DENIED)},
    ("coop.assembly.resolution", "ballot_ids"): {"forge_ballot": everyone(DENIED)},
    ("coop.assembly.resolution", "action_open_vote"): {"open_vote": BUTTON_FOR_MANAGERS},
    ("coop.assembly.resolution", "action_close_vote"): {"close_vote": BUTTON_FOR_MANAGERS},
    ("coop.assembly.resolution", "action_record_ballot"): {"room_ballot": BUTTON_FOR_OFFICE},
    ("coop.assembly.resolution", "action_record_room_count"): {"room_count": BUTTON_FOR_OFFICE},
    ("coop.assembly.ballot", "resolution_id"): {"ballot_direct": everyone(DENIED)},
    ("coop.assembly.ballot", "voter_id"): {"ballot_direct": everyone(DENIED)},
    ("coop.assembly.ballot", "cast_by_id"): {"ballot_direct": everyone(DENIED)},
    ("coop.assembly.ballot", "channel"): {"change_ballot": everyone(DENIED)},
    ("coop.assembly.ballot", "weight"): {"change_ballot": everyone(DENIED)},
    ("coop.assembly.ballot", "choice"): {"read_secret_choice": everyone(DENIED)},
    ("coop.assembly.tally", "resolution_id"): {"tally_direct": everyone(DENIED)},
    ("coop.assembly.tally", "choice"): {"tally_direct": everyone(DENIED)},
    ("coop.assembly.tally", "votes"): {"stuff_tally": everyone(DENIED)},
    ("coop.assembly.voter", "assembly_id"): {"voter_direct": everyone(DENIED)},
    ("coop.assembly.voter", "partner_id"): {"voter_direct": everyone(DENIED)},
    ("coop.assembly.voter", "weight"): {"change_voter": everyone(DENIED)},
    ("coop.assembly.voter", "attended"): {"change_voter": everyone(DENIED)},
    ("coop.assembly.voter", "signed_in_at"): {"change_voter": everyone(DENIED)},
    ("coop.assembly.voter", "notice_sent"): {"change_voter": everyone(DENIED)},
    ("coop.assembly.voter", "notice_by_post"): {"change_voter": everyone(DENIED)},
    ("coop.assembly.voter", "action_mark_notice_posted"): {"notice_posted": BUTTON_FOR_OFFICE},
    ("coop.assembly.voter", "proxy_given_ids"): {"proxy_through_voter": everyone(DENIED)},
    ("coop.assembly.voter", "proxy_held_ids"): {"proxy_through_voter": everyone(DENIED)},
    ("coop.assembly.proxy", "create"): {"paper_proxy": office_and_manager()},
    ("coop.assembly.proxy", "write"): {"proxy_source": office_and_manager()},
    ("coop.assembly.proxy", "source"): {"proxy_source": office_and_manager()},
    ("coop.assembly.proxy", "assembly_id"): {"redirect_proxy": office_and_manager(REFUSED)},
    ("coop.assembly.proxy", "grantor_id"): {"redirect_proxy": office_and_manager(REFUSED)},
    ("coop.assembly.proxy", "holder_id"): {"redirect_proxy": office_and_manager(REFUSED)},
    ("coop.assembly.proxy", "state"): {"revive_proxy": office_and_manager(REFUSED)},
    ("coop.assembly.proxy", "action_revoke"): {"revoke_proxy": office_and_manager()},
    ("res.company", "coop_assembly_quorum_ordinary"): {"settings": everyone(DENIED)},
    ("res.company", "coop_assembly_quorum_extraordinary"): {"settings": everyone(DENIED)},
    ("res.company", "coop_assembly_quorum_min_members"): {"settings": everyone(DENIED)},
    ("res.company", "coop_assembly_max_proxies"): {"settings": everyone(DENIED)},
    ("res.company", "coop_assembly_notice_days"): {"settings": everyone(DENIED)},
    ("res.company", "coop_assembly_vote_weight"): {"settings": everyone(DENIED)},
}

ROUTES = {
    "/my/assemblies": (
        "test_portal.TestPortalAssembly.test_draft_assemblies_and_stray_documents_are_not_shown"
    ),
    "/my/assemblies/<int:assembly_id>": (
        "test_portal.TestPortalAssembly.test_draft_assemblies_and_stray_documents_are_not_shown"
    ),
    "/my/assemblies/<int:assembly_id>/vote": (
        "test_portal.TestPortalAssembly.test_member_votes_online_and_member_b_cannot_vote_as_a"
    ),
    "/my/assemblies/<int:assembly_id>/proxy": (
        "test_portal.TestPortalAssembly.test_not_on_the_roll_cannot_vote_nor_give_a_proxy"
    ),
    "/my/assemblies/<int:assembly_id>/proxy/revoke": (
        "test_portal.TestPortalAssembly.test_proxy_given_and_taken_back_in_the_portal"
    ),
    "/my/assemblies/<int:assembly_id>/documents/<int:attachment_id>": (
        "test_portal.TestPortalAssembly.test_draft_assemblies_and_stray_documents_are_not_shown"
    ),
}


@tagged("post_install", "-at_install")
class TestAccessInventory(AccessInventoryMixin, CoopAssemblyCase):
    ADDON = "coop_assembly"
    ROLES = ROLES
    INVENTORY = INVENTORY
    ROUTES = ROUTES
    CONTROLLERS = coop_assembly_controllers

    @staticmethod
    def _public_methods_and_fields():
        return addon_public_methods_and_fields(coop_assembly_models)

    def test_every_public_method_and_field_has_an_entry(self):
        self._check_every_public_method_and_field_has_an_entry()

    def test_every_route_has_an_ownership_test(self):
        self._check_every_route_has_an_ownership_test()

    def test_who_may_call_or_write_what(self):
        self._check_who_may_call_or_write_what()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            "portal": cls.user_ben,
            "employee": cls.employee,
            "office": cls.office,
            "manager": cls.manager,
        }
        cls.draft = cls._assembly(name="Draft assembly", resolutions=("Draft resolution",))
        cls.assembly = cls._called(resolutions=("Open resolution", "Closed resolution"))
        cls.open_resolution, cls.closed_resolution = cls.assembly.resolution_ids
        cls.assembly.action_open_session()
        cls.assembly.resolution_ids.action_open_vote()
        cls.assembly._coop_sign_in_partner(cls.carl)
        cls.open_resolution._coop_vote_online(cls.assembly._coop_voter(cls.anna), "for")
        cls.closed_resolution._coop_vote_online(cls.assembly._coop_voter(cls.anna), "for")
        cls.closed_resolution.action_close_vote()
        cls.proxy = cls.Proxy.create(
            {"assembly_id": cls.assembly.id, "grantor_id": cls.dora.id, "holder_id": cls.emil.id}
        )

    # ------------------------------------------------------------ the tries

    def _draft(self, env):
        return env["coop.assembly"].browse(self.draft.id)

    def _called_assembly(self, env):
        return env["coop.assembly"].browse(self.assembly.id)

    def _open(self, env):
        return env["coop.assembly.resolution"].browse(self.open_resolution.id)

    def _closed(self, env):
        return env["coop.assembly.resolution"].browse(self.closed_resolution.id)

    def _draft_resolution(self, env):
        return env["coop.assembly.resolution"].browse(self.draft.resolution_ids.id)

    def _voter(self, env, partner=None):
        voter = self.assembly._coop_voter(partner or self.anna)
        return env["coop.assembly.voter"].browse(voter.id)

    def _proxy(self, env):
        return env["coop.assembly.proxy"].browse(self.proxy.id)

    def _ballot(self, env):
        ballot = self.open_resolution.ballot_ids[:1]
        return env["coop.assembly.ballot"].browse(ballot.id)

    def _try_rename(self, env):
        self._draft(env).write({"name": "Renamed"})

    def _try_agenda(self, env):
        self._called_assembly(env).write({"agenda": "<p>Other</p>"})

    def _try_place(self, env):
        self._called_assembly(env).write({"place": "Elsewhere"})

    def _try_move_company(self, env):
        self._called_assembly(env).write({"company_id": self.company.id})

    def _try_change_kind(self, env):
        self._called_assembly(env).write({"kind": "extraordinary"})

    def _try_move_date(self, env):
        self._called_assembly(env).write({"date_begin": "2030-01-01 18:00:00"})

    def _try_move_record_date(self, env):
        self._called_assembly(env).write({"record_date": "2020-01-01"})

    def _try_online_voting(self, env):
        self._called_assembly(env).write({"online_voting": False})

    def _try_documents(self, env):
        attachment = self.env["ir.attachment"].create({"name": "Report.pdf", "raw": b"r"})
        self._called_assembly(env).write({"document_ids": [(4, attachment.id)]})

    def _try_proxy_form(self, env):
        attachment = self.env["ir.attachment"].create({"name": "Form.pdf", "raw": b"f"})
        self._called_assembly(env).write({"proxy_form_id": attachment.id})

    def _try_forge_state(self, env):
        self._draft(env).write({"state": "closed"})

    def _try_add_voter(self, env):
        self._called_assembly(env).write(
            {"voter_ids": [(0, 0, {"partner_id": self.late.id, "weight": 5})]}
        )

    def _try_proxy_through_assembly(self, env):
        # Refused: Dora has already given hers; a proxy is checked however it comes in.
        self._called_assembly(env).write(
            {"proxy_ids": [(0, 0, {"grantor_id": self.dora.id, "holder_id": self.anna.id})]}
        )

    def _try_add_resolution(self, env):
        self._called_assembly(env).write({"resolution_ids": [(0, 0, {"name": "Late motion"})]})

    def _try_convene(self, env):
        self._draft(env).action_convene()

    def _try_open_session(self, env):
        assembly = self._called(resolutions=("Other",))
        env["coop.assembly"].browse(assembly.id).action_open_session()

    def _try_close(self, env):
        self._called_assembly(env).action_close()

    def _try_open_door(self, env):
        self._called_assembly(env).action_open_door()

    def _try_minutes(self, env):
        self._called_assembly(env).action_print_minutes()

    def _try_sign_in_anna(self, env):
        self._called_assembly(env).action_sign_in(self.anna.coop_member_number)

    def _try_door_state(self, env):
        self._called_assembly(env).coop_door_state()

    def _try_add_resolution_direct(self, env):
        env["coop.assembly.resolution"].create({"assembly_id": self.draft.id, "name": "New"})

    def _try_reword_draft(self, env):
        self._draft_resolution(env).write({"description": "<p>Better worded</p>"})

    def _try_delete_open(self, env):
        self._open(env).unlink()

    def _try_move_resolution(self, env):
        self._open(env).write({"assembly_id": self.draft.id})

    def _try_reword_open(self, env):
        self._open(env).write({"name": "Something else"})

    def _try_reorder(self, env):
        self._open(env).write({"sequence": 99})

    def _try_unsecret_open(self, env):
        self._open(env).write({"secret": True})

    def _try_forge_result(self, env):
        self._closed(env).write({"result": "adopted", "state": "closed"})

    def _try_forge_quorum(self, env):
        self._closed(env).write({"quorum_reached": True, "participants_at_close": 999})

    def _try_forge_closing(self, env):
        self._open(env).write({"closed_at": "2020-01-01 00:00:00"})

    def _try_forge_room(self, env):
        self._open(env).write({"room_count_recorded": True})

    def _try_forge_tally(self, env):
        tally = self.open_resolution.sudo().tally_ids.filtered(lambda t: t.choice == "for")
        self._open(env).write({"tally_ids": [(1, tally.id, {"votes": 500})]})

    def _try_forge_ballot(self, env):
        self._open(env).write(
            {
                "ballot_ids": [
                    (
                        0,
                        0,
                        {
                            "voter_id": self._voter(self.env, self.ben).id,
                            "cast_by_id": self._voter(self.env, self.ben).id,
                            "channel": "online",
                            "weight": 1,
                        },
                    )
                ]
            }
        )

    def _try_open_vote(self, env):
        assembly = self._called(resolutions=("Other",))
        env["coop.assembly.resolution"].browse(assembly.resolution_ids.id).action_open_vote()

    def _try_close_vote(self, env):
        self._open(env).action_close_vote()

    def _try_room_ballot(self, env):
        self._open(env).action_record_ballot(self.carl.coop_member_number, "against")

    def _try_room_count(self, env):
        self._open(env).action_record_room_count(1, 0, 0)

    def _try_ballot_direct(self, env):
        voter = self._voter(self.env, self.ben)
        env["coop.assembly.ballot"].create(
            {
                "resolution_id": self.open_resolution.id,
                "voter_id": voter.id,
                "cast_by_id": voter.id,
                "channel": "online",
                "weight": 1,
            }
        )

    def _try_change_ballot(self, env):
        self._ballot(env).write({"weight": 10, "channel": "room"})

    def _try_read_secret_choice(self, env):
        # Nobody may write a choice onto a ballot, least of all a secret one's.
        self._ballot(env).write({"choice": "against"})

    def _try_tally_direct(self, env):
        env["coop.assembly.tally"].create(
            {"resolution_id": self.draft.resolution_ids.id, "choice": "for"}
        )

    def _try_stuff_tally(self, env):
        tally = self.open_resolution.sudo().tally_ids[:1]
        env["coop.assembly.tally"].browse(tally.id).write({"votes": 1000})

    def _try_voter_direct(self, env):
        env["coop.assembly.voter"].create(
            {"assembly_id": self.assembly.id, "partner_id": self.late.id}
        )

    def _try_change_voter(self, env):
        self._voter(env).write(
            {
                "weight": 9,
                "attended": True,
                "signed_in_at": "2020-01-01",
                "notice_sent": True,
                "notice_by_post": True,
            }
        )

    def _try_notice_posted(self, env):
        voter = self._voter(env)
        voter.sudo().notice_by_post = True
        voter.action_mark_notice_posted()

    def _try_proxy_through_voter(self, env):
        self._voter(env, self.emil).write(
            {"proxy_held_ids": [(0, 0, {"assembly_id": self.assembly.id})]}
        )

    def _try_paper_proxy(self, env):
        env["coop.assembly.proxy"].create(
            {"assembly_id": self.assembly.id, "grantor_id": self.ben.id, "holder_id": self.anna.id}
        )

    def _try_proxy_source(self, env):
        self._proxy(env).write({"source": "portal"})

    def _try_redirect_proxy(self, env):
        self._proxy(env).write({"holder_id": self.anna.id})

    def _try_revive_proxy(self, env):
        self._proxy(env).write({"state": "revoked"})

    def _try_revoke_proxy(self, env):
        self._proxy(env).action_revoke()

    def _try_settings(self, env):
        env["res.company"].browse(self.company.id).write(
            {
                "coop_assembly_quorum_ordinary": 1.0,
                "coop_assembly_quorum_extraordinary": 1.0,
                "coop_assembly_quorum_min_members": 0,
                "coop_assembly_max_proxies": 99,
                "coop_assembly_notice_days": 0,
                "coop_assembly_vote_weight": "shares",
            }
        )
