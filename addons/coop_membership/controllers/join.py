import logging
import re

from odoo import fields, http, tools
from odoo.exceptions import ValidationError
from odoo.http import request

from ..models.coop_subscription_request import PENDING_STATES

_logger = logging.getLogger(__name__)

ADDRESS_FIELDS = ("street", "zip", "city")
TEXT_FIELDS = ("name", "email", "phone", *ADDRESS_FIELDS)
# Far above any share class's maximum; keeps absurd input away from the database.
MAX_QUANTITY = 100000
MAX_TEXT_LENGTH = 200
# One person joins once, perhaps with a partner; an information meeting on the shop's
# wifi brings a roomful of people from one address.
MAX_REQUESTS_PER_SESSION = 2
MAX_REQUESTS_PER_ADDRESS = 20
# Hidden from people by the page; bots fill every field they find.
HONEYPOT_FIELD = "website_url"


class CoopJoin(http.Controller):
    """The public form through which anyone asks to become a member."""

    def _coop_join_share_types(self):
        return request.env["coop.share.type"].search([])

    def _coop_join_partner(self):
        """The signed-in person's own commercial partner, or None for a visitor."""
        return request.env["res.partner"]._coop_current_member() or None

    def _coop_join_versions(self, company):
        """The statutes and the internal rules in force for `company` (each may be empty):
        what the page shows, and what a request records as accepted."""
        Version = request.env["coop.statutes.version"].sudo()
        return Version._coop_current("statutes", company), Version._coop_current("rules", company)

    def _coop_join_consent_label(self, statutes, rules):
        """The statutes checkbox's words, naming the versions the person accepts."""
        if statutes and rules:
            return request.env._(
                "I have read and accept the statutes (version %(statutes)s) and the internal "
                "rules (version %(rules)s) of the co-operative.",
                statutes=statutes.name,
                rules=rules.name,
            )
        if statutes:
            return request.env._(
                "I have read and accept the statutes (version %s) of the co-operative.",
                statutes.name,
            )
        if rules:
            return request.env._(
                "I have read and accept the statutes of the co-operative and its internal rules "
                "(version %s).",
                rules.name,
            )
        return request.env._("I have read and accept the statutes of the co-operative.")

    def _coop_join_render(self, template, values):
        return request.render(template, values)

    def _coop_join_values(self, form=None, errors=None, messages=None):
        partner = self._coop_join_partner()
        share_types = self._coop_join_share_types()
        form = dict(form or {})
        if not form.get("country_id"):
            form["country_id"] = str(request.env.company.country_id.id or "")
        if not form.get("share_type_id") and share_types:
            form["share_type_id"] = str(share_types[0].id)
        # `partner` is the signed-in user's own: its tags may lower the minimum.
        minimum_of = partner.sudo() if partner else request.env["res.partner"]
        statutes, rules = self._coop_join_versions(request.env.company)
        return {
            "statutes_version": statutes,
            "rules_version": rules,
            "consent_statutes_label": self._coop_join_consent_label(statutes, rules),
            "partner": partner,
            "share_types": share_types,
            "minimums": {st.id: st._minimum_for(minimum_of) for st in share_types},
            "price_labels": {
                st.id: tools.format_amount(request.env, st.unit_price, st.currency_id)
                for st in share_types
            },
            "countries": request.env["res.country"].search([]),
            "form": form,
            "errors": errors or {},
            "messages": messages or [],
        }

    def _coop_join_validate(self, post):
        """Check the submitted form. Returns (errors, messages, clean values)."""
        errors, messages, clean = {}, [], {}
        partner = self._coop_join_partner()
        # The signed-in person's own partner: its tags may lower the minimum, and its
        # holdings and pending requests count.
        partner_sudo = partner.sudo() if partner else request.env["res.partner"]

        if not partner:
            self._coop_join_validate_contact(post, errors, messages, clean)

        share_type_id = post.get("share_type_id") or ""
        share_type = self._coop_join_share_types().filtered(lambda st: str(st.id) == share_type_id)
        if not share_type:
            errors["share_type_id"] = True
            messages.append(request.env._("Choose one of the share classes offered."))
        clean["share_type"] = share_type

        quantity = (post.get("quantity") or "").strip()
        # Only the digits 0-9: str.isdigit() also takes "²", which int() refuses.
        if not re.fullmatch(r"[0-9]{1,6}", quantity) or not 1 <= int(quantity) <= MAX_QUANTITY:
            errors["quantity"] = True
            messages.append(
                request.env._("Give the number of shares as a whole number, at least 1.")
            )
        else:
            clean["quantity"] = int(quantity)
            # The request's own rules (bounds of the class, a request already waiting),
            # with the request's own words.
            Request = request.env["coop.subscription.request"].sudo()
            for field, message in Request._coop_request_problems(
                partner_sudo, share_type, clean["quantity"]
            ):
                errors[field] = True
                messages.append(message)

        if not post.get("consent_statutes"):
            errors["consent_statutes"] = True
            messages.append(request.env._("Please accept the statutes of the co-operative."))
        if not post.get("consent_data"):
            errors["consent_data"] = True
            messages.append(request.env._("Please accept the privacy policy."))

        return errors, messages, clean

    def _coop_join_validate_contact(self, post, errors, messages, clean):
        """A visitor's name, email, address and country, checked into `clean`."""
        for field in TEXT_FIELDS:
            clean[field] = (post.get(field) or "").strip()
            if len(clean[field]) > MAX_TEXT_LENGTH or "\x00" in clean[field]:
                errors[field] = True
                messages.append(
                    request.env._(
                        "Keep each field under %s characters of plain text.", MAX_TEXT_LENGTH
                    )
                )
                clean[field] = ""
        if not clean["name"]:
            errors["name"] = True
            messages.append(request.env._("Please tell us your name."))
        if not clean["email"]:
            errors["email"] = True
            messages.append(
                request.env._("Please give an email address, so that we can reach you.")
            )
        elif not tools.single_email_re.match(clean["email"]):
            errors["email"] = True
            messages.append(request.env._("The email address does not look valid."))
        country_id = post.get("country_id") or ""
        if country_id:
            country = (
                request.env["res.country"].search([]).filtered(lambda c: str(c.id) == country_id)
            )
            if not country:
                errors["country_id"] = True
                messages.append(request.env._("Choose a country from the list."))
            else:
                clean["country_id"] = country.id

    def _coop_join_pending_for_email(self, email):
        """A pending request of someone with this email, to avoid a duplicate.

        Visitors are never told about it: that would reveal whether the email is known.
        """
        return (
            request.env["coop.subscription.request"]
            .sudo()
            .search(
                [
                    ("partner_id.email_normalized", "=", tools.email_normalize(email)),
                    ("state", "in", PENDING_STATES),
                ],
                limit=1,
            )
        )

    def _coop_join_create(self, clean):
        """Create the partner (for a visitor) and the draft request. Input is validated."""
        partner = self._coop_join_partner()
        share_type = clean["share_type"]
        # The versions in force now, never ids from the form: a post cannot pick its own.
        statutes, rules = self._coop_join_versions(share_type.company_id)
        if partner:
            partner = partner.sudo()
        else:
            partner = (
                request.env["res.partner"]
                .sudo()
                .create(
                    {
                        **{field: clean[field] or False for field in TEXT_FIELDS},
                        "country_id": clean.get("country_id", False),
                        "lang": request.env.lang,
                    }
                )
            )
        return (
            request.env["coop.subscription.request"]
            .sudo()
            .with_context(mail_create_nosubscribe=True)
            .create(
                {
                    "partner_id": partner.id,
                    "share_type_id": share_type.id,
                    "company_id": share_type.company_id.id,
                    "quantity": clean["quantity"],
                    "origin": "web",
                    "consent_statutes": True,
                    "consent_data": True,
                    "consent_date": fields.Datetime.now(),
                    "statutes_version_id": statutes.id,
                    "rules_version_id": rules.id,
                }
            )
        )

    @http.route(
        "/coop/join",
        type="http",
        auth="public",
        # The frontend layout's language selector needs the routing of website=True.
        website=True,
        methods=["GET", "POST"],
        sitemap=False,
    )
    def coop_join(self, **post):
        if request.httprequest.method != "POST":
            return self._coop_join_render(
                "coop_membership.coop_join_form", self._coop_join_values()
            )

        errors, messages, clean = self._coop_join_validate(post)
        if not errors and post.get(HONEYPOT_FIELD):
            # A bot: it gets the page a person would, and nothing is written.
            _logger.info("Join form: honeypot filled from %s", request.httprequest.remote_addr)
            return self._coop_join_thanks(clean.get("name") or "", clean)
        if not errors and self._coop_join_throttled():
            errors = {"throttled": True}
            messages = [
                request.env._(
                    "Too many requests were sent from here in the last hour. Please try again "
                    "later, or ask at the members' office."
                )
            ]
        if errors:
            return self._coop_join_render(
                "coop_membership.coop_join_form", self._coop_join_values(post, errors, messages)
            )
        if not self._coop_join_partner():
            existing = self._coop_join_pending_for_email(clean["email"])
            if existing:
                self._coop_join_remember()
                existing.message_post(
                    body=request.env._(
                        "The web form was submitted again with this email address; "
                        "no second request was recorded."
                    ),
                    subtype_xmlid="mail.mt_note",
                )
                return self._coop_join_thanks(clean["name"], clean)
        try:
            with request.env.cr.savepoint():
                subscription = self._coop_join_create(clean)
                self._coop_join_remember()
        except ValidationError as error:
            _logger.info("Web subscription refused: %s", error)
            return self._coop_join_render(
                "coop_membership.coop_join_form",
                self._coop_join_values(post, {"form": True}, [str(error)]),
            )
        return self._coop_join_thanks(subscription.partner_id.name, clean)

    def _coop_join_throttled(self):
        from_session, from_address = request.env["coop.join.attempt"]._coop_recent(
            request.httprequest.remote_addr or "", request.session.sid
        )
        return from_session >= MAX_REQUESTS_PER_SESSION or from_address >= MAX_REQUESTS_PER_ADDRESS

    def _coop_join_remember(self):
        request.env["coop.join.attempt"].sudo().create(
            {"address": request.httprequest.remote_addr or "", "session_key": request.session.sid}
        )

    def _coop_join_thanks(self, name, clean):
        # Built from the form only, so that a visitor whose email already has a pending
        # request sees exactly the same page as anyone else.
        share_type = clean["share_type"]
        return self._coop_join_render(
            "coop_membership.coop_join_thanks",
            {
                "name": name,
                "share_type": share_type,
                "quantity": clean["quantity"],
                "amount": clean["quantity"] * share_type.unit_price,
                "currency": share_type.currency_id,
            },
        )
