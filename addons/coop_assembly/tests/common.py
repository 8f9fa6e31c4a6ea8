from datetime import timedelta

from freezegun import freeze_time

from odoo import fields

from odoo.addons.coop_membership.tests.common import (
    CoopMembershipCase,
    new_test_user,
    portal_user,
)

TODAY = fields.Date.today()
RECORD_DATE = TODAY - timedelta(days=10)
LONG_AGO = TODAY - timedelta(days=100)


class CoopAssemblyCase(CoopMembershipCase):
    """A co-op with members who joined long before the record date, one who joined after
    it, one who sold back before it and one who sold back after it; an assembly called
    thirty days ahead with online voting, whose quorum is three members."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Assembly = cls.env["coop.assembly"]
        cls.Proxy = cls.env["coop.assembly.proxy"]
        cls.company.write(
            {
                "coop_assembly_quorum_ordinary": 50.0,
                "coop_assembly_quorum_min_members": 0,
                "coop_assembly_max_proxies": 2,
                "coop_assembly_notice_days": 15,
                "coop_assembly_vote_weight": "member",
            }
        )
        cls.anna = cls._member_since("Anna Assembly", LONG_AGO)
        cls.ben = cls._member_since("Ben Assembly", LONG_AGO)
        cls.carl = cls._member_since("Carl Assembly", LONG_AGO)
        cls.dora = cls._member_since("Dora Assembly", LONG_AGO)
        cls.emil = cls._member_since("Emil Assembly", LONG_AGO)
        cls.late = cls._member_since("Lea Latecomer", TODAY - timedelta(days=5))
        cls.gone = cls._member_since("Gus Gone", LONG_AGO)
        cls._sell_back(cls.gone, TODAY - timedelta(days=20))
        cls.stayed = cls._member_since("Stella Stayed", LONG_AGO)
        cls._sell_back(cls.stayed, TODAY - timedelta(days=5))
        cls.outsider = cls._person("Otto Outsider")
        cls.office = new_test_user(
            cls.env, login="assembly_office", groups="coop_membership.group_coop_user"
        )
        cls.employee = new_test_user(cls.env, login="assembly_employee", groups="base.group_user")
        cls.user_anna = portal_user(cls.env, "assembly_anna", cls.anna)
        cls.user_ben = portal_user(cls.env, "assembly_ben", cls.ben)
        cls.user_late = portal_user(cls.env, "assembly_late", cls.late)

    @classmethod
    def _member_since(cls, name, day):
        partner = cls._person(name)
        cls._subscribe(partner, share_type=cls.share_b, quantity=2, payment_date=day)
        return partner

    @classmethod
    def _sell_back(cls, partner, day):
        with freeze_time(day):
            sellback = cls.env["coop.sellback.request"].create(
                {"partner_id": partner.id, "share_type_id": cls.share_b.id, "quantity": 2}
            )
            sellback.action_submit()
            sellback.action_approve()
            sellback.date_due = day
            sellback.action_issue_refund()

    @classmethod
    def _assembly(cls, online=True, resolutions=("Open a culture corner",), **values):
        start = fields.Datetime.now().replace(hour=18, minute=0, second=0, microsecond=0)
        assembly = cls.Assembly.create(
            {
                "name": "Annual general assembly",
                "record_date": RECORD_DATE,
                "date_begin": start + timedelta(days=30),
                "online_voting": online,
                # Demo members may be on the roll too: the quorum is 3 whatever their number.
                "quorum_percent": 0.0,
                "quorum_min_members": 3,
                "resolution_ids": [(0, 0, {"name": name}) for name in resolutions],
                **values,
            }
        )
        return assembly

    @classmethod
    def _called(cls, **values):
        assembly = cls._assembly(**values)
        assembly.action_convene()
        return assembly

    def voter(self, assembly, partner):
        return assembly._coop_voter(partner)

    def open_session(self, assembly, *present):
        assembly.action_open_session()
        for partner in present:
            assembly._coop_sign_in_partner(partner)
