import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import * as EventTourUtils from "@pos_event/../tests/tours/utils/event_tour_utils";
import { registry } from "@web/core/registry";

// Data made by coop_event/tests/test_pos_ticket_tour.py.
registry.category("web_tour.tours").add("coop_event_pos_ticket", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.scan_barcode("0420000900016"),
            {
                content: "the member may shop",
                trigger: ".modal .coop-member-badge .coop-may-shop",
            },
            {
                content: "close the member badge",
                trigger: ".modal .coop-member-badge .coop-badge-close",
                run: "click",
            },
            ProductScreen.customerIsSelected("Ticket Member Mo"),
            ProductScreen.clickDisplayedProduct("Hackney Folk Night"),
            EventTourUtils.increaseQuantityOfTicket("Member"),
            Dialog.confirm(),
            ProductScreen.totalAmountIs("8.00"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Coop Tour Cash"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
        ].flat(),
});
