import { patch } from "@web/core/utils/patch";
import { PartnerList } from "@point_of_sale/app/screens/partner_list/partner_list";

const SEARCH_LIMIT = 30;

patch(PartnerList.prototype, {
    /**
     * Odoo searches a fixed list of fields; the member number is what people give at the
     * till, so a number also finds the members whose number starts with it.
     */
    async getNewPartners() {
        const found = await super.getNewPartners(...arguments);
        const query = (this.state.query || "").trim();
        if (!/^\d+$/.test(query)) {
            return found;
        }
        const byNumber = await this.pos.data.searchRead(
            "res.partner",
            [["coop_member_number", "=like", query + "%"]],
            [],
            { limit: SEARCH_LIMIT },
        );
        const seen = new Set(found.map((partner) => partner.id));
        return [...found, ...byNumber.filter((partner) => !seen.has(partner.id))];
    },
});
