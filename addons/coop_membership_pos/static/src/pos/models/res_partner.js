import { patch } from "@web/core/utils/patch";
import { ResPartner } from "@point_of_sale/app/models/res_partner";

patch(ResPartner.prototype, {
    get searchString() {
        return [super.searchString, this.coop_member_number].filter(Boolean).join(" ");
    },

    exactMatch(searchWord) {
        return (
            super.exactMatch(...arguments) ||
            Boolean(this.coop_member_number && this.coop_member_number === searchWord)
        );
    },
});
