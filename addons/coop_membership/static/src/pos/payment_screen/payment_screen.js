import { _t } from "@web/core/l10n/translation";
import { patch } from "@web/core/utils/patch";
import { AlertDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { PaymentScreen } from "@point_of_sale/app/screens/payment_screen/payment_screen";
import { TextInputPopup } from "@point_of_sale/app/utils/input_popups/text_input_popup";
import { ask, makeAwaitable } from "@point_of_sale/app/store/make_awaitable_dialog";

patch(PaymentScreen.prototype, {
    async _isOrderValid(isForceValidate) {
        if (!(await super._isOrderValid(...arguments))) {
            return false;
        }
        return await this._coopCheckCustomer();
    },

    /**
     * The till's side of the server's rule (pos.order._coop_check_customer): the server
     * refuses such orders anyway, but an order refused after payment is stuck at the till.
     */
    async _coopCheckCustomer() {
        const order = this.currentOrder;
        const lines = order.get_orderlines();
        if (lines.length && lines.every((line) => line.product_id.coop_open_to_public)) {
            // Tickets and goods sold for local makers: anyone may buy them.
            order.coop_override_reason = false;
            return true;
        }
        const partner = order.get_partner();
        if (!partner) {
            if (this.pos.config.coop_allow_anonymous) {
                return true;
            }
            const choose = await ask(this.dialog, {
                title: _t("Customer required"),
                body: _t(
                    "This till sells only to members. Scan the member's card or choose the customer before validating.",
                ),
                confirmLabel: _t("Choose customer"),
                cancelLabel: _t("Back"),
            });
            if (choose) {
                this.pos.selectPartner();
            }
            return false;
        }
        await this.pos.coopRefreshPartnerStatus(partner);
        if (partner.coop_can_shop) {
            order.coop_override_reason = false;
            return true;
        }
        if (order.coop_override_reason) {
            return true;
        }
        const why = partner.coop_status_reason || _t("no reason given");
        if (!this.pos.coopIsManager()) {
            this.dialog.add(AlertDialog, {
                title: _t("%s may not shop", partner.name),
                body: _t("%(why)s\n\nOnly a POS manager can let this order through.", { why }),
            });
            return false;
        }
        const reason = await makeAwaitable(this.dialog, TextInputPopup, {
            title: _t("%(name)s may not shop: %(why)s", { name: partner.name, why }),
            placeholder: _t("Why do you let this order through?"),
            rows: 3,
        });
        if (!reason?.trim()) {
            this.notification.add(_t("The order was not validated: an override needs a reason."), {
                type: "warning",
            });
            return false;
        }
        order.coop_override_reason = reason.trim();
        return true;
    },
});
