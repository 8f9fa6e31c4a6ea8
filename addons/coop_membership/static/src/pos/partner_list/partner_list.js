import { patch } from "@web/core/utils/patch";
import { PartnerList } from "@point_of_sale/app/screens/partner_list/partner_list";

const SEARCH_LIMIT = 30;

patch(PartnerList.prototype, {
    /**
     * Odoo builds its server domain from a fixed list of fields; the member number is
     * what people give at the till, so it is searched too (a prefix, like the others).
     */
    async getNewPartners() {
        const query = (this.state.query || "").trim();
        if (!query) {
            return await super.getNewPartners(...arguments);
        }
        const fields = [
            "name",
            "parent_name",
            "phone_mobile_search",
            "email",
            "barcode",
            "coop_member_number",
        ];
        const domain = [
            ...Array(fields.length - 1).fill("|"),
            ...fields.map((field) => [field, "ilike", query + "%"]),
        ];
        return await this.pos.data.searchRead("res.partner", domain, [], {
            limit: SEARCH_LIMIT,
            offset: this.state.currentOffset,
        });
    },
});
