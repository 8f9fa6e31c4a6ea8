import { _t } from "@web/core/l10n/translation";
import { patch } from "@web/core/utils/patch";
import { AlertDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { ProductScreen } from "@point_of_sale/app/screens/product_screen/product_screen";

patch(ProductScreen.prototype, {
    async _getPartnerByBarcode(code) {
        // The card scanned a moment ago by _barcodePartnerAction: looked up once.
        if (this._coopScanned?.code === code.code) {
            return this._coopScanned.partner;
        }
        return await this.pos.coopFindPartnerByCard(code.code);
    },

    // A card is checked at the till like at the door: every scan shows the member's
    // badge, and an unknown card is an error the cashier cannot miss.
    async _barcodePartnerAction(code) {
        const partner = await this._getPartnerByBarcode(code);
        if (!partner) {
            this.dialog.add(AlertDialog, {
                title: _t("Unknown card"),
                body: _t(
                    "No member has the card %s. Ask for another card or look the person up in the customer list.",
                    code.code,
                ),
            });
            return;
        }
        this._coopScanned = { code: code.code, partner };
        try {
            await super._barcodePartnerAction(...arguments);
        } finally {
            this._coopScanned = null;
        }
        this.pos.coopShowBadge(partner);
    },
});
