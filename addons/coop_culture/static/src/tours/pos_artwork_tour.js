import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import { registry } from "@web/core/registry";

// Data made by coop_culture/tests/test_pos_tour.py.
const BIO = "Bea paints market stalls.";

registry.category("web_tour.tours").add("coop_culture_pos_artwork", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickDisplayedProduct("Bea – Ridley Road"),
            {
                content: "the artist's biography shows under the line",
                trigger: `.order-container .orderline .o_coop_artist_bio:contains("${BIO}")`,
            },
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Culture Cash"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            {
                content: "and on the receipt",
                trigger: `.pos-receipt .o_coop_artist_bio:contains("${BIO}")`,
            },
        ].flat(),
});
