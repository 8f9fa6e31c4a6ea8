import math

from odoo import http
from odoo.exceptions import ValidationError
from odoo.http import request

from odoo.addons.payment import utils as payment_utils
from odoo.addons.payment.controllers.portal import PaymentPortal

BALANCE_ROUTE = "/my/balance"


class CoopBalancePortal(PaymentPortal):
    """A member's balance on the members' account, and topping it up online through
    Odoo's own payment form. Every route works on the logged-in user's own partner; no
    partner or reference is ever taken from the request."""

    # ------------------------------------------------------------ helpers

    def _coop_payer(self):
        """The logged-in person paying (their tokens are theirs) and whose commercial
        partner's balance is credited; `request.env.user` is already a superuser record."""
        return request.env.user.partner_id

    def _coop_balance_values(self, **extra):
        payer = self._coop_payer()
        commercial = payer.commercial_partner_id
        company = request.env.company
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "coop_balance",
                "partner": commercial,
                "currency": company.currency_id,
                "balance": commercial._coop_account_balance(company),
                "top_up_max": company.coop_online_top_up_max,
                "amount_typed": "",
                "error": None,
                **extra,
            }
        )
        return values

    @staticmethod
    def _coop_parse_amount(amount):
        try:
            value = float(str(amount or "").replace(",", ".").strip())
        except ValueError:
            value = None
        if value is None or not math.isfinite(value):
            raise ValidationError(request.env._("Enter an amount, such as 20 or 12.50."))
        return value

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "coop_balance_count" in counters:
            # Anyone with a portal account has a balance (zero until they pay in).
            values["coop_balance_count"] = 1
        return values

    # ------------------------------------------------------------ routes

    @http.route(BALANCE_ROUTE, type="http", auth="user", website=True)
    def portal_my_balance(self, **kw):
        return request.render("coop_membership.portal_my_balance", self._coop_balance_values())

    @http.route(f"{BALANCE_ROUTE}/top-up", type="http", auth="user", website=True)
    def portal_my_balance_top_up(self, amount=None, **kw):
        """The amount checked by the model, then Odoo's payment form for it."""
        payer = self._coop_payer()
        company = request.env.company
        try:
            value = self._coop_parse_amount(amount)
            payer._coop_check_top_up_amount(value, company, online=True)
        except ValidationError as error:
            values = self._coop_balance_values(error=error.args[0], amount_typed=amount or "")
            return request.render("coop_membership.portal_my_balance", values)
        value = company.currency_id.round(value)
        currency = company.currency_id
        availability_report = {}
        providers_sudo = (
            request.env["payment.provider"]
            .sudo()
            ._get_compatible_providers(
                company.id,
                payer.id,
                value,
                currency_id=currency.id,
                report=availability_report,
                coop_top_up=True,
            )
        )
        payment_methods_sudo = (
            request.env["payment.method"]
            .sudo()
            ._get_compatible_payment_methods(
                providers_sudo.ids,
                payer.id,
                currency_id=currency.id,
                report=availability_report,
            )
        )
        tokens_sudo = (
            request.env["payment.token"].sudo()._get_available_tokens(providers_sudo.ids, payer.id)
        )
        values = self._coop_balance_values()
        values.update(
            {
                "page_name": "coop_balance_top_up",
                "amount": value,
                "reference": payer.commercial_partner_id._coop_payment_reference(),
                # Odoo's payment form (payment.form) and its context.
                "show_tokenize_input_mapping": self._compute_show_tokenize_input_mapping(
                    providers_sudo
                ),
                "reference_prefix": False,
                "partner_id": payer.id,
                "providers_sudo": providers_sudo,
                "payment_methods_sudo": payment_methods_sudo,
                "tokens_sudo": tokens_sudo,
                "availability_report": availability_report,
                "transaction_route": f"{BALANCE_ROUTE}/top-up/transaction",
                "landing_route": BALANCE_ROUTE,
                "access_token": payment_utils.generate_access_token(payer.id, value, currency.id),
            }
        )
        return request.render("coop_membership.portal_my_balance_top_up", values)

    @http.route(f"{BALANCE_ROUTE}/top-up/transaction", type="json", auth="user")
    def portal_my_balance_top_up_transaction(self, amount, access_token, **kwargs):
        """Create the draft top-up transaction of the logged-in person and return its
        processing values; the transaction checks the amount and the provider itself."""
        payer = self._coop_payer()
        currency = request.env.company.currency_id
        amount = amount and float(amount)  # The JS may strip the '.0'.
        # The token binds the amount shown to this person: no other partner, no other sum.
        if not payment_utils.check_access_token(access_token, payer.id, amount, currency.id):
            raise ValidationError(request.env._("The access token is invalid."))
        # Refuses any partner, reference or create value slipped into the request.
        self._validate_transaction_kwargs(kwargs)
        kwargs.pop("landing_route", None)
        kwargs.pop("is_validation", None)
        tx_sudo = self._create_transaction(
            amount=amount,
            currency_id=currency.id,
            partner_id=payer.id,
            reference_prefix=payer.commercial_partner_id._coop_payment_reference(),
            landing_route=BALANCE_ROUTE,
            custom_create_values={"coop_is_top_up": True},
            **kwargs,
        )
        return tx_sudo._get_processing_values()
