from contextlib import contextmanager

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import Form
from odoo.tests.common import TransactionCase, new_test_user
from odoo.tools.safe_eval import safe_eval


def portal_user(env, login, partner):
    """A portal login for `partner`; name and email given, or the user would rename it."""
    return new_test_user(
        env,
        login=login,
        groups="base.group_portal",
        partner_id=partner.id,
        name=partner.name,
        email=partner.email,
    )


def cashier_groups(env):
    """A cashier's groups: staff, with the till's rights where the till is installed (the
    till comes with coop_membership_pos, which this addon does not need)."""
    groups = "base.group_user"
    if env.ref("point_of_sale.group_pos_user", raise_if_not_found=False):
        groups += ",point_of_sale.group_pos_user"
    return groups


class RolledBackRefusals:
    """assertRaisesRegex that rolls back what the refused call wrote, as Odoo's assertRaises does.

    unittest's assertRaisesRegex has no savepoint: a record inserted before its constraint
    refused it would stay for the rest of the test and trip the next check.
    """

    def assertRaisesRegex(self, exception, regex, *args, **kwargs):
        if args:  # the callable form
            with self._rolled_back_refusal(exception, regex, kwargs.pop("msg", None)):
                args[0](*args[1:], **kwargs)
            return None
        return self._rolled_back_refusal(exception, regex, kwargs.get("msg"))

    @contextmanager
    def _rolled_back_refusal(self, exception, regex, msg):
        classes = exception if isinstance(exception, tuple) else (exception,)
        # the savepoint inside: the refusal rolls it back before the check catches it
        with (
            super().assertRaisesRegex(exception, regex, msg=msg) as caught,
            self.env.cr.savepoint(),
        ):
            if any(issubclass(cls, AccessError) for cls in classes):
                # like Odoo's: cached values must not hide an access error
                self.env.cr.clear()
            yield caught


class CoopMembershipCase(RolledBackRefusals, TransactionCase):
    """Real accounting, a capital journal, and three share classes like a young co-op's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        cls.company = cls.env.company
        cls.company._coop_ensure_capital_setup()
        cls.ShareType = cls.env["coop.share.type"]
        cls.Request = cls.env["coop.subscription.request"]
        cls.Line = cls.env["coop.share.line"]
        cls.social_minima = cls.env["res.partner.category"].create({"name": "Social minima"})
        cls.share_a = cls.ShareType.create(
            {
                "code": "TA",
                "name": "Working member",
                "unit_price": 10.0,
                "min_quantity": 10,
                "max_quantity": 50,
                "reduced_min_quantity": 1,
                "reduced_category_id": cls.social_minima.id,
                "is_working": True,
                "may_shop": True,
            }
        )
        cls.share_b = cls.ShareType.create(
            {
                "code": "TB",
                "name": "Founder",
                "unit_price": 10.0,
                "min_quantity": 1,
                "may_shop": True,
            }
        )
        cls.share_c = cls.ShareType.create(
            {
                "code": "TC",
                "name": "Supporter",
                "unit_price": 10.0,
                "min_quantity": 1,
                "may_shop": False,
            }
        )
        cls.bank_journal = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", cls.company.id)], limit=1
        )
        cls.manager = new_test_user(
            cls.env,
            login="coop_manager",
            groups="coop_membership.group_coop_manager,account.group_account_manager",
        )

    def _open_wizard(self, action_xmlid, user, records=None):
        """The wizard's form as its action opens it for `user`, on `records` if a button or
        a contact's action menu opens it (the client then sends the active records)."""
        action = self.env.ref(action_xmlid)
        active = {}
        if records is not None:
            active = {
                "active_model": records._name,
                "active_id": records[:1].id,
                "active_ids": records.ids,
            }
        context = dict(active, **safe_eval(action.context or "{}", dict(active, uid=user.id)))
        return Form(self.env[action.res_model].with_user(user).with_context(**context))

    @classmethod
    def _status_extension_queries(cls):
        """Queries that installed addons add to a batch status read (shifts: the shop's
        time zone, for its today, when nothing read it before; today's leaves and teams).
        Counts stay fixed per batch; this keeps the bounds exact."""
        return 3 if "coop.shift" in cls.env else 0

    @classmethod
    def _my_membership_extension_queries(cls):
        """Queries that installed addons add to the My Membership page (governance: the
        member's open onboarding steps, and whether they have booked a shift)."""
        return 2 if "coop.working.group" in cls.env else 0

    @classmethod
    def _person(cls, name, **values):
        return cls.env["res.partner"].create(
            {"name": name, "email": f"{name.lower().replace(' ', '.')}@example.org", **values}
        )

    @classmethod
    def _subscribe(cls, partner, share_type=None, quantity=10, pay=True, payment_date=None):
        request = cls.Request.create(
            {
                "partner_id": partner.id,
                "share_type_id": (share_type or cls.share_a).id,
                "quantity": quantity,
            }
        )
        request.action_validate()
        if pay:
            request._pay_capital(
                payment_date=payment_date or fields.Date.today(), journal=cls.bank_journal
            )
        return request

    @classmethod
    def _member(cls, name, share_type=None, quantity=10, **values):
        partner = cls._person(name, **values)
        cls._subscribe(partner, share_type=share_type, quantity=quantity)
        return partner


__all__ = [
    "Command",
    "CoopMembershipCase",
    "RolledBackRefusals",
    "cashier_groups",
    "new_test_user",
    "portal_user",
]
