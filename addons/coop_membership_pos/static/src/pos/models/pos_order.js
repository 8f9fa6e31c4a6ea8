import { patch } from "@web/core/utils/patch";
import { PosOrder } from "@point_of_sale/app/models/pos_order";

patch(PosOrder.prototype, {
    set_partner(partner) {
        const previous = this.partner_id;
        const result = super.set_partner(...arguments);
        // A manager's override is for one person, not for whoever the order goes to next.
        if (partner?.id !== previous?.id) {
            this.coop_override_reason = false;
        }
        return result;
    },
});
