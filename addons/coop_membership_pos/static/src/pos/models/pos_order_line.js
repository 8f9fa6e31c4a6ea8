import { patch } from "@web/core/utils/patch";
import { PosOrderline } from "@point_of_sale/app/models/pos_order_line";

patch(PosOrderline.prototype, {
    /**
     * What the server's sale check (pos.order.coop_check_sale) needs of this line besides
     * its product and quantity; addons add theirs (the event ticket...).
     */
    coopSaleCheckValues() {
        return {};
    },
});
