# Run inside `odoo shell` (which provides `env`) by tests/test_production.py.
#   COOP_FACTS_MODE=make: in a new co-op, one member pays their capital invoice; they get a
#     photo, and the invoice a scanned form as attachment (both files in the filestore).
#   COOP_FACTS_MODE=read: only reads the same facts (from a restored database).
# Prints one JSON line of facts, prefixed with PRODUCTION_FACTS, for the test to compare.
import base64
import hashlib
import io
import json
import os

from PIL import Image

env = env(context=dict(env.context, tracking_disable=True))  # noqa: F821 (given by odoo shell)
NAME = "Grace Miller"
FORM = b"%PDF-1.4 signed subscription form of Grace Miller\n"

if os.environ["COOP_FACTS_MODE"] == "make":
    share_a = env["coop.share.type"].create(
        {"code": "A", "name": "Working member", "unit_price": 10, "min_quantity": 2}
    )
    photo = io.BytesIO()
    Image.new("RGB", (32, 32), (180, 40, 60)).save(photo, "PNG")
    member = env["res.partner"].create(
        {
            "name": NAME,
            "email": "grace.miller@example.org",
            "image_1920": base64.b64encode(photo.getvalue()),
        }
    )
    request = env["coop.subscription.request"].create(
        {"partner_id": member.id, "share_type_id": share_a.id, "quantity": 2}
    )
    request.action_validate()
    request.with_context(coop_skip_welcome_mail=True)._pay_capital()
    env["ir.attachment"].create(
        {
            "name": "subscription-form.pdf",
            "raw": FORM,
            "res_model": "account.move",
            "res_id": request.move_id.id,
        }
    )
    # Not admin/admin: a database bin/serve accepts.
    env.ref("base.user_admin").password = os.environ["COOP_ADMIN_PASSWORD"]
    env.cr.commit()

member = env["res.partner"].search([("name", "=", NAME)])
invoice = env["coop.subscription.request"].search([("partner_id", "=", member.id)]).move_id
form = env["ir.attachment"].search(
    [("res_model", "=", "account.move"), ("res_id", "=", invoice.id)]
)
photo = env["ir.attachment"].search(
    [
        ("res_model", "=", "res.partner"),
        ("res_id", "=", member.id),
        ("res_field", "=", "image_1920"),
    ]
)
facts = {
    "member_number": member.coop_member_number,
    "card": member.barcode,
    "shares": member.coop_share_count,
    "invoice": [invoice.name, invoice.state, invoice.payment_state, invoice.amount_total],
    "journal_is_capital": invoice.journal_id.coop_is_share_capital,
    "photo_sha1": hashlib.sha1(base64.b64decode(member.image_1920)).hexdigest(),
    "photo_in_filestore": bool(photo.store_fname),
    "form": [form.name, form.raw == FORM, bool(form.store_fname)],
    "uuid": env["ir.config_parameter"].get_param("database.uuid"),
    "neutralized": env["ir.config_parameter"].get_param("database.is_neutralized"),
}
print("PRODUCTION_FACTS " + json.dumps(facts))
