import { _t } from "@web/core/l10n/translation";
import { patch } from "@web/core/utils/patch";
import { AlertDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { ConnectionLostError } from "@web/core/network/rpc";
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
     * Asks the server's rule (pos.order.coop_check_sale) before taking payment: a sale
     * refused after payment would be money in the drawer with no order. Offline, the till
     * judges from what it loaded; the server then records the sale and flags it if needed.
     */
    async _coopCheckCustomer() {
        const order = this.currentOrder;
        const partner = order.get_partner();
        const verdict = await this._coopAskServer(order, partner);
        const problems = verdict ? verdict.problems : this._coopLocalProblems(order, partner);
        if (verdict?.partner && partner) {
            this.pos._coopAssignStatus(partner, verdict.partner);
        }
        if (!problems.length) {
            order.coop_override_reason = false;
            return true;
        }
        const blocking = problems.filter((problem) => problem.kind !== "buyer");
        if (blocking.length) {
            const needsCustomer = blocking.some((problem) => problem.kind === "customer");
            if (needsCustomer) {
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
            } else {
                this.dialog.add(AlertDialog, {
                    title: _t("This sale cannot go through"),
                    body: blocking.map((problem) => problem.message).join("\n"),
                });
            }
            return false;
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

    async _coopAskServer(order, partner) {
        const lines = order
            .get_orderlines()
            .map((line) => [line.product_id.id, line.get_quantity(), line.coopSaleCheckValues()]);
        // Paid from the member's account (Odoo's Customer Account): the server checks the
        // balance too.
        const onAccount = order.payment_ids
            .filter((payment) => payment.payment_method_id.type === "pay_later")
            .reduce((total, payment) => total + payment.get_amount(), 0);
        try {
            return await this.pos.data.call("pos.order", "coop_check_sale", [
                this.pos.config.id,
                partner?.id || false,
                lines,
                onAccount,
            ]);
        } catch (error) {
            if (error instanceof ConnectionLostError) {
                return null;
            }
            throw error;
        }
    },

    /** Offline only: the same questions, on the data the till loaded. */
    _coopLocalProblems(order, partner) {
        const sold = order.get_orderlines().filter((line) => line.get_quantity() > 0);
        if (!sold.length || sold.every((line) => line.product_id.coop_open_to_public)) {
            return [];
        }
        if (!partner) {
            return this.pos.config.coop_allow_anonymous ? [] : [{ kind: "customer", message: "" }];
        }
        if (partner.coop_can_shop) {
            return [];
        }
        return [{ kind: "buyer", message: partner.coop_status_reason || "" }];
    },
});
