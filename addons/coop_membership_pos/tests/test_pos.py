from unittest.mock import patch

from odoo import api
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import Command, CoopPosCase, new_test_user, pos_order_data

# Card barcodes used by the tour in static/src/tours/pos_scan_card_tour.js.
TOUR_MEMBER_CARD = "0420000900016"
TOUR_BLOCKED_CARD = "0420000900023"
TOUR_SEARCHED_CARD = "0420000900030"


@tagged("post_install", "-at_install")
class TestCoopPosOrders(CoopPosCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member = cls._member("Pos Member Ann")
        cls.blocked = cls._quick_member(
            "Pos Blocked Ben", coop_blocked=True, coop_block_reason="Unpaid contribution"
        )
        cls.former = cls._quick_member("Pos Former Fay")
        cls.Line.create(
            {
                "partner_id": cls.former.id,
                "share_type_id": cls.share_b.id,
                "quantity": -1,
                "kind": "sellback",
            }
        )
        cls.config.open_ui()
        cls.session = cls.config.current_session_id
        cls.session.set_opening_control(0, None)

    def _order_data(self, partner=None, **extra):
        price = self.product.lst_price
        return pos_order_data(
            self.session, self.cash_pm, [(self.product, 1, price)], partner, **extra
        )

    def _sync(self, user, data):
        data["user_id"] = user.id
        self.env["pos.order"].with_user(user).sync_from_ui([data])
        return self.env["pos.order"].search([("uuid", "=", data["uuid"])])

    def _assert_flagged(self, order, message):
        """Recorded, paid, and flagged for a manager's review with the reason."""
        self.assertEqual(order.state, "paid", "a paid sale is always recorded")
        self.assertEqual(order.coop_review_state, "to_review")
        self.assertIn(message, order.coop_review_reason)
        activities = order.coop_review_activity_ids
        self.assertTrue(activities, "POS managers get an activity")
        self.assertIn(self.pos_manager, activities.user_id)
        self.assertEqual(set(activities.mapped("res_model")), {"pos.session"})
        self.assertTrue(
            order.message_ids.filtered(lambda m: message in (m.body or "")),
            "the reason is logged on the order",
        )

    def test_member_who_may_shop_buys(self):
        self.assertTrue(self.member._coop_can_shop())
        order = self._sync(self.cashier, self._order_data(self.member))
        self.assertEqual(order.partner_id, self.member)
        self.assertEqual(order.state, "paid")
        self.assertFalse(order.coop_override_reason)
        self.assertFalse(order.coop_override_user_id)
        self.assertFalse(order.coop_review_state)

    def test_reason_is_dropped_for_a_member_who_may_shop(self):
        data = self._order_data(self.member, coop_override_reason="not needed")
        order = self._sync(self.cashier, data)
        self.assertFalse(order.coop_override_reason)
        self.assertFalse(order.coop_review_state)

    def test_the_till_asks_before_payment(self):
        Order = self.env["pos.order"].with_user(self.cashier)
        lines = [[self.product.id, 1]]
        verdict = Order.coop_check_sale(self.config.id, self.member.id, lines)
        self.assertEqual(verdict["problems"], [])
        self.assertTrue(verdict["partner"]["coop_can_shop"])
        verdict = Order.coop_check_sale(self.config.id, self.blocked.id, lines)
        self.assertEqual([p["kind"] for p in verdict["problems"]], ["buyer"])
        self.assertIn("Unpaid contribution", verdict["problems"][0]["message"])
        self.assertFalse(verdict["partner"]["coop_can_shop"])
        # A refund is no sale.
        verdict = Order.coop_check_sale(self.config.id, self.blocked.id, [[self.product.id, -1]])
        self.assertEqual(verdict["problems"], [])
        self.config.coop_allow_anonymous = False
        verdict = Order.coop_check_sale(self.config.id, False, lines)
        self.assertEqual([p["kind"] for p in verdict["problems"]], ["customer"])
        portal = new_test_user(self.env, login="coop_pos_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            self.env["pos.order"].with_user(portal).coop_check_sale(
                self.config.id, self.member.id, lines
            )

    def test_paid_sale_for_who_may_not_shop_is_recorded_and_flagged(self):
        for partner, why in (
            (self.blocked, "Unpaid contribution"),
            (self.former, "No longer holds shares"),
        ):
            with self.subTest(partner=partner.name):
                self.assertFalse(partner._coop_can_shop())
                order = self._sync(self.cashier, self._order_data(partner))
                self.assertEqual(order.partner_id, partner)
                self._assert_flagged(order, why)
                self.assertEqual(order.coop_review_cashier_id, self.cashier)
                self.assertIn(self.cashier.name, order.message_ids[0].body)

    def test_batch_with_a_member_blocked_since_the_till_loaded_keeps_both(self):
        """Offline, the till sold to two members; one was blocked meanwhile."""
        ok = self._order_data(self.member)
        late = self._order_data(self.blocked)
        ok["user_id"] = late["user_id"] = self.cashier.id
        self.env["pos.order"].with_user(self.cashier).sync_from_ui([late, ok])
        orders = self.env["pos.order"].search([("uuid", "in", [ok["uuid"], late["uuid"]])])
        self.assertEqual(len(orders), 2, "neither sale is lost")
        self.assertEqual(set(orders.mapped("state")), {"paid"})
        flagged = orders.filtered("coop_review_state")
        self.assertEqual(flagged.partner_id, self.blocked)
        self._assert_flagged(flagged, "Unpaid contribution")
        # The till syncs the same batch again (it did not hear back): nothing doubles.
        self.env["pos.order"].with_user(self.cashier).sync_from_ui([late, ok])
        self.assertEqual(
            self.env["pos.order"].search_count([("uuid", "in", [ok["uuid"], late["uuid"]])]), 2
        )

    def test_manager_override_with_reason(self):
        data = self._order_data(
            self.blocked, coop_override_reason="  Paid the contribution in cash today  "
        )
        order = self._sync(self.pos_manager, data)
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.partner_id, self.blocked)
        self.assertEqual(order.coop_override_reason, "Paid the contribution in cash today")
        self.assertEqual(order.coop_override_user_id, self.pos_manager)
        self.assertFalse(order.coop_review_state, "a manager's override needs no review")
        partner_messages = self.blocked.message_ids.filtered(
            lambda m: "Paid the contribution in cash today" in (m.body or "")
        )
        self.assertEqual(len(partner_messages), 1, "the override is logged on the partner")
        self.assertIn(self.pos_manager.name, partner_messages.body)
        self.assertTrue(
            order.message_ids.filtered(
                lambda m: "Paid the contribution in cash today" in (m.body or "")
            )
        )

    def test_manager_override_needs_a_reason(self):
        data = self._order_data(self.blocked, coop_override_reason="   ")
        order = self._sync(self.pos_manager, data)
        self.assertFalse(order.coop_override_user_id)
        self._assert_flagged(order, "may not shop")

    def test_override_by_plain_pos_user_is_flagged_not_accepted(self):
        data = self._order_data(self.blocked, coop_override_reason="The cashier says so")
        order = self._sync(self.cashier, data)
        self.assertFalse(order.coop_override_reason)
        self.assertFalse(order.coop_override_user_id)
        self._assert_flagged(order, "Unpaid contribution")
        self.assertTrue(
            order.message_ids.filtered(lambda m: "The cashier says so" in (m.body or "")),
            "the attempted override is logged on the order",
        )
        self.assertFalse(
            self.blocked.message_ids.filtered(lambda m: "The cashier says so" in (m.body or ""))
        )

    def test_client_cannot_send_the_override_user_or_a_review(self):
        data = self._order_data(
            self.blocked,
            coop_override_user_id=self.pos_manager.id,
            coop_override_reason="forged",
            coop_review_state="reviewed",
        )
        order = self._sync(self.cashier, data)
        self.assertFalse(order.coop_override_user_id)
        self._assert_flagged(order, "Unpaid contribution")

    # ------------------------------------------------------------ bypasses

    def test_draft_then_paid_by_rpc_is_flagged(self):
        # The till saves a draft with its payment lines, then the public method pays it.
        draft = self._sync(self.cashier, self._order_data(self.blocked, state="draft"))
        self.assertEqual(draft.state, "draft")
        self.assertFalse(draft.coop_review_state, "a draft is no sale yet")
        draft.with_user(self.cashier).action_pos_order_paid()
        self._assert_flagged(draft, "Unpaid contribution")

    def test_draft_then_state_written_is_flagged(self):
        data = self._order_data(self.blocked, state="draft")
        draft = self._sync(self.cashier, data)
        draft.with_user(self.cashier).write({"state": "paid"})
        self._assert_flagged(draft, "Unpaid contribution")

    def test_customer_changed_after_payment_is_flagged(self):
        order = self._sync(self.cashier, self._order_data(self.member))
        self.assertFalse(order.coop_review_state)
        order.with_user(self.cashier).write({"partner_id": self.blocked.id})
        self._assert_flagged(order, "Unpaid contribution")

    def test_override_does_not_follow_a_new_customer(self):
        data = self._order_data(self.blocked, coop_override_reason="Paid at the desk")
        order = self._sync(self.pos_manager, data)
        self.assertTrue(order.coop_override_user_id)
        order.with_user(self.pos_manager).write({"partner_id": self.former.id})
        self.assertFalse(order.coop_override_user_id)
        self._assert_flagged(order, "No longer holds shares")

    def test_resync_of_a_draft_without_customer_keeps_and_judges_the_customer(self):
        # On a till that allows anonymous orders, Odoo keeps the draft's customer when the
        # paid order comes back without one: the order as stored is what is judged.
        draft_data = self._order_data(self.blocked, state="draft")
        draft = self._sync(self.cashier, draft_data)
        paid_data = self._order_data(None, uuid=draft_data["uuid"], id=draft.id)
        paid_data.pop("partner_id", None)
        order = self._sync(self.cashier, paid_data)
        self.assertEqual(order, draft)
        self.assertEqual(order.partner_id, self.blocked)
        self._assert_flagged(order, "Unpaid contribution")

    def test_linking_a_member_only_line_beside_a_public_product_is_flagged(self):
        ticket = self._open_product()
        draft_data = self._order_data(self.blocked, state="draft")
        draft = self._sync(self.cashier, draft_data)
        member_line = draft.lines
        data = self._order_data(self.blocked)
        data["lines"] = [Command.create({**data["lines"][0][2], "product_id": ticket.id})]
        data["lines"].append(Command.link(member_line.id))
        data["lines"][0][2]["price_subtotal_incl"] = data["amount_total"] = data["amount_paid"] = (
            2 * self.product.lst_price
        )
        data["payment_ids"][0][2]["amount"] = 2 * self.product.lst_price
        order = self._sync(self.cashier, data)
        self.assertIn(member_line, order.lines)
        self._assert_flagged(order, "Unpaid contribution")

    def test_a_line_moved_onto_a_paid_public_order_is_flagged(self):
        ticket = self._open_product()
        data = self._order_data(self.blocked)
        data["lines"][0][2]["product_id"] = ticket.id
        order = self._sync(self.cashier, data)
        self.assertFalse(order.coop_review_state, "tickets are open to the public")
        draft = self._sync(self.cashier, self._order_data(self.blocked, state="draft"))
        draft.lines.with_user(self.cashier).write({"order_id": order.id})
        self._assert_flagged(order, "Unpaid contribution")

    def test_cashier_cannot_write_or_clear_a_flag(self):
        order = self._sync(self.cashier, self._order_data(self.blocked))
        for vals in (
            {"coop_review_state": "reviewed"},
            {"coop_review_state": False},
            {"coop_override_reason": "I say so"},
            {"coop_override_user_id": self.pos_manager.id},
            {"coop_review_note": "fine"},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                order.with_user(self.cashier).write(vals)
        with self.assertRaises(AccessError):
            order.with_user(self.cashier)._coop_mark_reviewed("fine")
        with self.assertRaises(AccessError):
            order.with_user(self.cashier).action_coop_open_review()
        self.assertEqual(order.coop_review_state, "to_review")

    def test_manager_reviews_with_a_note(self):
        order = self._sync(self.cashier, self._order_data(self.blocked))
        activities = order.coop_review_activity_ids
        action = order.with_user(self.pos_manager).action_coop_open_review()
        self.assertEqual(action["res_model"], "coop.pos.review.wizard")
        wizard = (
            self.env["coop.pos.review.wizard"]
            .with_user(self.pos_manager)
            .with_context(**action["context"])
            .create({"note": "   "})
        )
        with self.assertRaisesRegex(UserError, "needs a note"):
            wizard.action_confirm()
        wizard.note = "Ben paid his contribution at the desk the same day"
        wizard.action_confirm()
        self.assertEqual(order.coop_review_state, "reviewed")
        self.assertEqual(order.coop_reviewed_by_id, self.pos_manager)
        self.assertIn("the same day", order.coop_review_note)
        self.assertFalse(activities.exists(), "the managers' activities are done")
        with self.assertRaisesRegex(UserError, "Only sales flagged"):
            order.with_user(self.pos_manager)._coop_mark_reviewed("again")

    def test_products_open_to_public_need_no_member(self):
        ticket = self._open_product()
        for partner in (self.former, None):
            data = self._order_data(partner)
            data["lines"][0][2]["product_id"] = ticket.id
            order = self._sync(self.cashier, data)
            self.assertEqual(order.state, "paid")
            self.assertFalse(order.coop_override_reason)
            self.assertFalse(order.coop_review_state)
        # One member-only product in the basket and the rule applies again.
        data = self._order_data(self.former)
        data["lines"].append(Command.create({**data["lines"][0][2], "product_id": ticket.id}))
        self._assert_flagged(self._sync(self.cashier, data), "No longer holds shares")

    def test_order_without_customer(self):
        self.config.coop_allow_anonymous = False
        self._assert_flagged(self._sync(self.cashier, self._order_data()), "choose a customer")
        self.config.coop_allow_anonymous = True
        order = self._sync(self.cashier, self._order_data())
        self.assertEqual(order.state, "paid")
        self.assertFalse(order.partner_id)
        self.assertFalse(order.coop_review_state)

    def _open_product(self):
        return self.env["product.product"].create(
            {
                "name": "Coop Tour Ticket",
                "type": "service",
                "available_in_pos": True,
                "list_price": self.product.lst_price,
                "taxes_id": [Command.clear()],
                "coop_open_to_public": True,
            }
        )

    def test_override_reason_reaches_the_till(self):
        self.assertIn(
            "coop_override_reason",
            self.env["pos.order"]._load_pos_data_fields(self.config.id)
            or self.env["pos.order"]._fields,
            "pos.order loads every field in 18, so the till serializes the reason",
        )
        partner_fields = self.env["res.partner"]._load_pos_data_fields(self.config.id)
        for name in ("coop_member_number", "coop_can_shop", "coop_status", "coop_status_reason"):
            self.assertIn(name, partner_fields)

    def test_find_by_card(self):
        Partner = self.env["res.partner"].with_user(self.cashier)
        self.assertTrue(self.member.barcode, "a member gets a card barcode with the number")
        found = Partner.coop_pos_find_by_card(self.member.barcode, self.config.id)
        [record] = found["res.partner"]
        self.assertEqual(record["id"], self.member.id)
        self.assertEqual(record["coop_member_number"], self.member.coop_member_number)
        self.assertTrue(record["coop_can_shop"])
        self.assertIn("barcode", record, "the record carries every field the till loads")

        by_number = Partner.coop_pos_find_by_card(self.member.coop_member_number, self.config.id)
        self.assertEqual(by_number["res.partner"][0]["id"], self.member.id)

        blocked = Partner.coop_pos_find_by_card(self.blocked.barcode, self.config.id)[
            "res.partner"
        ][0]
        self.assertFalse(blocked["coop_can_shop"])
        self.assertIn("Unpaid contribution", blocked["coop_status_reason"])

        self.assertEqual(Partner.coop_pos_find_by_card("0420000999997", self.config.id), {})

    def test_card_lookup_is_per_company_and_indexed(self):
        """A card is looked up in the current company, through an index rather than a scan."""
        Partner = self.env["res.partner"]
        other = self.env["res.company"].create({"name": "Coop Elsewhere"})
        person = self._person("Card Elsewhere")
        person.with_company(other).barcode = "0420000777771"
        self.assertFalse(Partner._coop_search_card("0420000777771"))
        self.assertEqual(Partner.with_company(other)._coop_search_card("0420000777771"), person)
        self.assertEqual(Partner._coop_search_card(self.member.barcode), self.member)
        self.env.cr.execute(
            "SELECT 1 FROM pg_indexes WHERE indexname = 'res_partner_coop_card_barcode_index'"
        )
        self.assertTrue(self.env.cr.fetchone(), "card numbers have an index")

    def _queries(self, func):
        func()  # warms registry caches (access rules, translations), not the record cache
        self.env.invalidate_all()
        self.env.flush_all()
        self.env.cr.flush()
        before = self.cr.sql_log_count
        func()
        return self.cr.sql_log_count - before

    def test_query_counts_do_not_grow_with_members(self):
        Partner = self.env["res.partner"].with_user(self.cashier)
        members = self.env["res.partner"]
        for index in range(5):
            members |= self._quick_member(f"Counted Member {index:02d}")
        probe = members[0]

        def can_shop():
            return probe._coop_can_shop()

        def find():
            return Partner.coop_pos_find_by_card(probe.barcode, self.config.id)

        few = (self._queries(can_shop), self._queries(find))
        for index in range(5, 50):
            members |= self._quick_member(f"Counted Member {index:02d}")
        many = (self._queries(can_shop), self._queries(find))
        self.assertEqual(few, many, "5 members or 50: the same queries")

        # One read of the partner's stored columns; for the card, the search, the read of
        # the loaded fields, the computed status and the account balance (the members'
        # account and the till's sales on account: two queries; measured on the bin/test
        # database).
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            self.assertTrue(probe._coop_can_shop())
        self.env.invalidate_all()
        with self.assertQueryCount(12):
            self.assertEqual(find()["res.partner"][0]["id"], probe.id)


@tagged("post_install", "-at_install")
class TestCoopPosTour(HttpCase, CoopPosCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tour_member = cls._quick_member(
            "Tour Member Alice", coop_member_number="90001", barcode=TOUR_MEMBER_CARD
        )
        cls.tour_blocked = cls._quick_member(
            "Tour Blocked Bob",
            coop_member_number="90002",
            barcode=TOUR_BLOCKED_CARD,
            coop_blocked=True,
            coop_block_reason="unpaid contribution",
        )
        cls.tour_searched = cls._quick_member(
            "Tour Searched Carol", coop_member_number="90003", barcode=TOUR_SEARCHED_CARD
        )

    def test_scan_member_cards(self):
        self.assertEqual(self.env["res.partner"]._coop_customer_barcode_prefix(), "042")
        members = self.tour_member | self.tour_blocked | self.tour_searched
        self.assertEqual(members.mapped("coop_can_shop"), [True, False, True])
        # Odoo 18 loads at most 100 partners at start; with fewer in a test database, keep
        # the tour's members out so the till has to fetch them when their card is scanned.
        PosConfig = self.registry["pos.config"]
        load_partners = PosConfig.get_limited_partners_loading

        def without_tour_members(config):
            # Rows of one column, as the query returns them.
            return [row for row in load_partners(config) if row[0] not in members.ids]

        with patch.object(PosConfig, "get_limited_partners_loading", without_tour_members):
            self.config.with_user(self.cashier).open_ui()
            self.start_tour(
                "/pos/ui?config_id=%d" % self.config.id, "coop_pos_scan_card", login="coop_cashier"
            )
        self.assertFalse(
            self.env["pos.order"].search(
                [("partner_id", "=", self.tour_blocked.id), ("state", "!=", "draft")]
            ),
            "the till did not take payment from a blocked member",
        )

    def test_manager_override_at_the_till(self):
        # Contact Creation, as Odoo gives every new internal user: the override is logged
        # on the partner with the manager's rights.
        manager = new_test_user(
            self.env,
            login="coop_till_manager",
            groups="base.group_user,base.group_partner_manager,"
            "point_of_sale.group_pos_manager,stock.group_stock_user",
        )
        self.config.coop_allow_anonymous = False
        self.config.with_user(manager).open_ui()
        self.start_tour(
            "/pos/ui?config_id=%d" % self.config.id,
            "coop_pos_manager_override",
            login=manager.login,
        )
        order = self.env["pos.order"].search([("partner_id", "=", self.tour_blocked.id)])
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.coop_override_reason, "Paid the contribution at the desk")
        self.assertEqual(order.coop_override_user_id, manager)
        self.assertTrue(
            self.tour_blocked.message_ids.filtered(
                lambda m: "Paid the contribution at the desk" in (m.body or "")
            )
        )
        self.assertFalse(
            self.env["pos.order"].search(
                [("session_id.config_id", "=", self.config.id), ("partner_id", "=", False)]
            ),
            "no order without a customer went through",
        )

    def test_offline_sale_synced_later(self):
        """Sold offline to a member blocked meanwhile: recorded, flagged, and the other
        sale of the same batch recorded too."""
        members = self.tour_member | self.tour_searched
        PosConfig = self.registry["pos.config"]
        PosOrder = self.registry["pos.order"]
        load_partners = PosConfig.get_limited_partners_loading
        sync_from_ui = PosOrder.sync_from_ui
        synced_batches = []

        def with_tour_members(config):
            return [(partner_id,) for partner_id in members.ids] + load_partners(config)

        @api.model
        def blocked_in_the_back_office_meanwhile(orders_model, orders):
            if not synced_batches:
                orders_model.env["res.partner"].sudo().browse(self.tour_member.id).write(
                    {"coop_blocked": True, "coop_block_reason": "Card reported stolen"}
                )
            synced_batches.append(len(orders))
            return sync_from_ui(orders_model, orders)

        with (
            patch.object(PosConfig, "get_limited_partners_loading", with_tour_members),
            patch.object(PosOrder, "sync_from_ui", blocked_in_the_back_office_meanwhile),
        ):
            self.config.with_user(self.cashier).open_ui()
            self.start_tour(
                "/pos/ui?config_id=%d" % self.config.id,
                "coop_pos_offline_sale",
                login="coop_cashier",
            )
        self.assertEqual(synced_batches, [2], "both sales came in one batch")
        orders = self.env["pos.order"].search(
            [("session_id.config_id", "=", self.config.id), ("partner_id", "in", members.ids)]
        )
        self.assertEqual(len(orders), 2, "no sale is lost")
        self.assertEqual(set(orders.mapped("state")), {"paid"})
        flagged = orders.filtered("coop_review_state")
        self.assertEqual(flagged.partner_id, self.tour_member)
        self.assertIn("Card reported stolen", flagged.coop_review_reason)
        self.assertEqual(flagged.coop_review_cashier_id.login, "coop_cashier")
