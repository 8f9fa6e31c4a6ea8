import { patch } from "@web/core/utils/patch";
import { PosOrderline } from "@point_of_sale/app/models/pos_order_line";

patch(PosOrderline.prototype, {
    coopSaleCheckValues() {
        const values = super.coopSaleCheckValues(...arguments);
        if (this.event_ticket_id) {
            values.event_ticket_id = this.event_ticket_id.id;
        }
        return values;
    },
});
