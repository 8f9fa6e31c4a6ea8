import ast

from psycopg2.errors import UniqueViolation

from odoo import fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request
from odoo.tools.misc import get_lang

from odoo.addons.base.models.res_lang import intersperse
from odoo.addons.portal.controllers.portal import CustomerPortal

RESULT_STATES = ("closed", "received", "settled", "done")


class CoopPurchasePortal(CustomerPortal):
    # ------------------------------------------------------------ helpers

    def _coop_may_edit(self, round_, partner):
        """Whether `partner` may change their basket in `round_` right now."""
        # The round is visible to the user and the partner is their own; the rule reads
        # share classes, tags and the household head.
        return round_.sudo()._may_order_now(partner.sudo())

    def _coop_open_rounds(self, partner):
        now = fields.Datetime.now()
        rounds = request.env["coop.purchase.round"].search(
            [("state", "=", "open"), ("date_open", "<=", now), ("date_close", ">=", now)],
            order="date_close, id",
        )
        return rounds.filtered(lambda r: self._coop_may_edit(r, partner))

    def _coop_own_orders(self, partner, domain=()):
        return request.env["coop.purchase.member.order"].search(
            [("partner_id", "=", partner.id), *domain]
        )

    def _coop_round(self, round_id):
        """The round if the user may see it (record rules apply), else an empty record."""
        return request.env["coop.purchase.round"].search([("id", "=", round_id)])

    # ------------------------------------------------------------ portal home

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "coop_purchase_round_count" in counters:
            partner = self._coop_partner()
            open_rounds = self._coop_open_rounds(partner)
            past = self._coop_own_orders(partner, [("round_id.state", "in", RESULT_STATES)])
            values["coop_purchase_round_count"] = len(open_rounds | past.round_id)
        return values

    # ------------------------------------------------------------ pages

    @http.route("/my/group-orders", type="http", auth="user", website=True)
    def portal_my_group_orders(self, **kw):
        partner = self._coop_partner()
        past_orders = self._coop_own_orders(partner, [("round_id.state", "in", RESULT_STATES)])
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "coop_purchase_rounds",
                "open_rounds": self._coop_open_rounds(partner),
                "past_orders": past_orders,
                "balance": self._coop_balance_if_any(partner),
                "currency": request.env.company.currency_id,
            }
        )
        return request.render("coop_purchase.portal_my_group_orders", values)

    @http.route(
        "/my/group-orders/<int:round_id>",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_my_group_order(self, round_id, **post):
        partner = self._coop_partner()
        round_ = self._coop_round(round_id)
        if not round_:
            raise request.not_found()
        editable = self._coop_may_edit(round_, partner)
        order = self._coop_own_orders(partner, [("round_id", "=", round_.id)])
        if not editable and not (order and round_.state in RESULT_STATES + ("open",)):
            raise request.not_found()
        if request.httprequest.method == "POST":
            if not editable:
                raise request.not_found()
            return self._coop_save_basket(round_, partner, post)
        return self._coop_render_round(round_, partner, editable)

    @http.route(
        "/my/group-orders/<int:round_id>/extras",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_take_extras(self, round_id, round_line_id=None, quantity=None, **post):
        partner = self._coop_partner()
        round_ = self._coop_round(round_id)
        if not round_ or round_.state != "received" or round_.sudo().surplus_policy != "extras":
            raise request.not_found()
        try:
            round_line = round_.sudo().line_ids.filtered(lambda line: line.id == int(round_line_id))
            units = int(quantity)
        except (TypeError, ValueError):
            round_line, units = None, None
        errors = []
        if not round_line or units is None:
            errors.append(request.env._("Choose a product and a whole number of units."))
        else:
            # The round is one the user may see, the line belongs to it, and the basket
            # taken is the user's own partner's: only then is writing done as superuser.
            try:
                with request.env.cr.savepoint():
                    round_line._take_extra(partner.sudo(), units)
            except (UserError, ValidationError) as error:
                errors.append(error.args[0])
            else:
                return request.redirect(f"/my/group-orders/{round_.id}?extras=1")
        return self._coop_render_round(round_, partner, False, errors=errors)

    # ------------------------------------------------------------ basket

    def _coop_parse_basket(self, round_lines, post):
        """{round line: (quantity, tolerance)} for the fields sent, and the errors found."""
        wishes, errors = {}, []
        for line in round_lines:
            keys = (f"quantity_{line.id}", f"tolerance_{line.id}")
            if not any(key in post for key in keys):
                continue
            numbers = []
            for key in keys:
                raw = (post.get(key) or "").strip()
                try:
                    numbers.append(int(raw) if raw else 0)
                except ValueError:
                    numbers.append(None)
            if None in numbers:
                errors.append(
                    request.env._("%s: enter whole numbers.", line.product_id.display_name)
                )
                continue
            wishes[line] = tuple(numbers)
        return wishes, errors

    def _coop_save_basket(self, round_, partner, post):
        # Ownership is settled: the round is one the user may order in and the basket is
        # the user's own. Writing needs sudo, portal users only read baskets.
        round_sudo = round_.sudo()
        round_lines = round_sudo.line_ids
        wishes, errors = self._coop_parse_basket(round_lines, post)
        if not errors:
            current = {
                line.round_line_id: (line.quantity, line.tolerance)
                for line in self._coop_member_lines(round_, partner)
            }
            MemberLine = request.env["coop.purchase.member.line"].sudo()
            try:
                with request.env.cr.savepoint():
                    for round_line, wish in wishes.items():
                        if wish == current.get(round_line, (0, 0)):
                            continue
                        MemberLine._set_order(round_sudo, partner.sudo(), round_line, *wish)
            except (UserError, ValidationError) as error:
                errors.append(error.args[0])
            except UniqueViolation:
                # The same basket posted twice at once: the other request saved it.
                errors.append(
                    request.env._("Your basket was being saved twice; check it and save again.")
                )
            else:
                return request.redirect(f"/my/group-orders/{round_.id}?saved=1")
        typed = {
            line.id: (post.get(f"quantity_{line.id}", ""), post.get(f"tolerance_{line.id}", ""))
            for line in round_lines
            if f"quantity_{line.id}" in post or f"tolerance_{line.id}" in post
        }
        return self._coop_render_round(round_, partner, True, errors=errors, typed=typed)

    def _coop_balance_if_any(self, partner):
        """The member's balance on the members' account, if anything was ever posted there
        for them (money paid in, goods charged), else None."""
        company = request.env.company
        commercial = partner.commercial_partner_id
        posted = (
            request.env["account.move.line"]
            .sudo()
            .search_count(
                [
                    ("account_id", "=", company.sudo()._coop_member_account().id),
                    ("partner_id", "=", commercial.id),
                    ("company_id", "=", company.id),
                    ("parent_state", "=", "posted"),
                ],
                limit=1,
            )
        )
        if not posted:
            return None
        return commercial.sudo()._coop_account_balance(company)

    def _coop_money_values(self, round_sudo, partner, order):
        """The member's balance and what this round costs them, for the page."""
        values = {
            "balance": None,
            "min_balance": 0.0,
            "invoice": None,
            "charged": None,
            "due": None,
        }
        company = round_sudo.company_id
        if round_sudo.settlement_mode == "prepaid":
            values["balance"] = partner.sudo()._coop_account_balance(company)
            values["min_balance"] = company.coop_purchase_min_balance
        # The member's own invoice: Odoo's invoice portal page shows and takes payment.
        invoice = order.invoice_id.sudo()
        if invoice and invoice.state == "posted":
            values["invoice"] = invoice
            values["due"] = invoice.amount_residual
            if round_sudo.settlement_mode == "prepaid":
                values["charged"] = invoice.amount_total
        return values

    def _coop_member_lines(self, round_, partner):
        # Through the member's own order (one per round), not a join over every basket line
        # of the round: the cost does not grow with the round.
        order = self._coop_own_orders(partner, [("round_id", "=", round_.id)])
        return request.env["coop.purchase.member.line"].search([("order_id", "in", order.ids)])

    def _coop_price_formatter(self, currency):
        """What the monetary widget writes for an amount, with the reader's language read
        once: the basket page shows a price for each of hundreds of products, and the
        widget looks the language up again for every one of them."""
        lang = get_lang(currency.env)
        grouping = ast.literal_eval(lang.grouping)
        thousands, point = lang.thousands_sep or "", lang.decimal_point
        symbol = currency.symbol or ""

        def price_text(amount):
            text = f"{currency.round(amount):.{currency.decimal_places}f}"
            sign, text = (
                ("-\N{ZERO WIDTH NO-BREAK SPACE}", text[1:]) if text[0] == "-" else ("", text)
            )
            integer, __, decimals = text.partition(".")
            number = intersperse(integer, grouping, thousands)[0] + (
                point + decimals if decimals else ""
            )
            number = sign + number.replace(" ", "\N{NO-BREAK SPACE}")
            if currency.position == "before":
                return f"{symbol}\N{NO-BREAK SPACE}{number}"
            return f"{number}\N{NO-BREAK SPACE}{symbol}"

        return price_text

    def _coop_render_round(self, round_, partner, editable, errors=(), typed=None):
        # The offer and the round's totals are not personal; only sums reach the page.
        # The offer's part of the page (names, prices, case sizes) is rendered once per
        # round, language and change of the offer, and kept (QWeb's t-cache); what is the
        # member's or moves with every basket (quantities, case bars) is rendered each time.
        round_sudo = round_.sudo()
        totals = round_sudo._member_totals()
        own = {line.round_line_id.id: line for line in self._coop_member_lines(round_, partner)}
        typed = typed or {}
        basket = {}
        for line in round_sudo.line_ids:
            quantity, tolerance = totals.get(line.id, (0, 0))
            member_line = own.get(line.id)
            mine = (member_line.quantity, member_line.tolerance) if member_line else (0, 0)
            shown = typed.get(line.id, mine)
            basket[line.id] = {
                "line": line,
                "fill": line._case_fill(quantity + tolerance),
                # What the others ordered, for the bar to move as the member types.
                "others": quantity + tolerance - sum(mine),
                "member_line": member_line,
                "quantity": shown[0],
                "tolerance": shown[1],
            }
        order = self._coop_own_orders(partner, [("round_id", "=", round_.id)])
        lang = get_lang(request.env)
        values = self._prepare_portal_layout_values()
        values.update(self._coop_money_values(round_sudo, partner, order))
        values.update(
            {
                "extras": round_sudo.line_ids.filtered("surplus_qty")
                if round_sudo.state == "received" and round_sudo.surplus_policy == "extras"
                else round_sudo.line_ids.browse(),
                "extras_taken": bool(request.params.get("extras")) and not errors,
                "estimate": sum(
                    product["line"].member_price * product["quantity"]
                    for product in basket.values()
                    if isinstance(product["quantity"], int)
                ),
                "page_name": "coop_purchase_round",
                "coop_round": round_sudo,
                # The language is part of every t-cache key already; its number format not.
                "coop_offer_key": (
                    "coop_purchase.offer",
                    *round_sudo._portal_offer_version(),
                    lang.decimal_point,
                    lang.thousands_sep,
                    lang.grouping,
                ),
                "coop_offer_groups": round_sudo._portal_offer_groups,
                "price_text": self._coop_price_formatter(round_sudo.currency_id),
                "basket": basket,
                "editable": editable,
                "show_result": round_.state in RESULT_STATES,
                "errors": list(errors),
                "saved": bool(request.params.get("saved")) and not errors,
                "currency": round_sudo.currency_id,
            }
        )
        return request.render("coop_purchase.portal_my_group_order", values)
