from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.tests.common import TransactionCase

# A Wednesday in a week B of the cycle anchored on Monday 5 January 2026.
TODAY = date(2026, 3, 11)
NOW = datetime(2026, 3, 11, 8, 0)


class CoopShiftsCase(TransactionCase):
    """A shop with a 4-week cycle, a working share class and quick members."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        cls.company = cls.env.company
        cls.company.write(
            {
                "coop_shift_cycle_weeks": 4,
                "coop_shift_anchor_date": date(2026, 1, 5),
                "coop_shift_generate_days": 60,
            }
        )
        cls.company.partner_id.tz = "UTC"
        cls.working = cls.env["coop.share.type"].create(
            {
                "code": "SW",
                "name": "Working",
                "unit_price": 10,
                "is_working": True,
                "may_shop": True,
            }
        )
        cls.Template = cls.env["coop.shift.template"]
        cls.Shift = cls.env["coop.shift"]
        cls.Registration = cls.env["coop.shift.registration"]
        cls.Event = cls.env["coop.shift.counter.event"]
        cls.Membership = cls.env["coop.shift.team.membership"]
        cls.Leave = cls.env["coop.shift.leave"]

    @classmethod
    def _member(cls, name, mode="team", **values):
        partner = cls.env["res.partner"].create({"name": name, "coop_shift_mode": mode, **values})
        cls.env["coop.share.line"].create(
            {
                "partner_id": partner.id,
                "share_type_id": cls.working.id,
                "quantity": 1,
                "kind": "subscription",
                "date": TODAY - timedelta(days=200),
            }
        )
        return partner

    @classmethod
    def _template(cls, week_index=1, weekday="3", start=18.0, end=21.0, seats=10, **values):
        return cls.Template.create(
            {
                "week_index": week_index,
                "weekday": weekday,
                "start_hour": start,
                "end_hour": end,
                "seats": seats,
                **values,
            }
        )

    @classmethod
    def _shift(cls, start, hours=3, seats=10, **values):
        return cls.Shift.create(
            {
                "date_start": start,
                "date_end": start + timedelta(hours=hours),
                "seats": seats,
                **values,
            }
        )

    def frozen(self, moment=NOW):
        return freeze_time(moment)
