import { patch } from "@web/core/utils/patch";
import { PosOrderline } from "@point_of_sale/app/models/pos_order_line";
import { Orderline } from "@point_of_sale/app/generic_components/orderline/orderline";

patch(PosOrderline.prototype, {
    getDisplayData() {
        // The artist's biography travels with the line to the screen and the receipt.
        return {
            ...super.getDisplayData(...arguments),
            coopArtistBio: this.product_id.coop_artist_bio || "",
        };
    },
});

patch(Orderline, {
    props: {
        ...Orderline.props,
        line: {
            ...Orderline.props.line,
            shape: {
                ...Orderline.props.line.shape,
                coopArtistBio: { type: String, optional: true },
            },
        },
    },
});
