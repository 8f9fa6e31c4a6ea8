import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PartnerList from "@point_of_sale/../tests/tours/utils/partner_list_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import * as TextInputPopup from "@point_of_sale/../tests/tours/utils/text_input_popup_util";
import { registry } from "@web/core/registry";

// Data made by coop_membership/tests/test_pos.py (TestCoopPosTour).
const MEMBER = { name: "Tour Member Alice", number: "90001", card: "0420000900016" };
const BLOCKED = { name: "Tour Blocked Bob", card: "0420000900023", reason: "unpaid contribution" };
const SEARCHED = { name: "Tour Searched Carol", number: "90003" };
const UNKNOWN_CARD = "0420000999997";

function partnerNotLoaded(card) {
    return {
        content: `the card ${card} belongs to nobody the till loaded at start`,
        trigger: ".pos",
        run: () => {
            if (window.posmodel.models["res.partner"].getBy("barcode", card)) {
                throw new Error(`The partner with card ${card} was loaded at start.`);
            }
        },
    };
}

function badgeShows(selector, text) {
    return {
        content: `the member badge shows ${text}`,
        trigger: `.modal .coop-member-badge ${selector}:contains("${text}")`,
    };
}

function closeBadge() {
    return {
        content: "close the member badge",
        trigger: ".modal .coop-member-badge .coop-badge-close",
        run: "click",
    };
}

registry.category("web_tour.tours").add("coop_pos_scan_card", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),

            partnerNotLoaded(MEMBER.card),
            ProductScreen.scan_barcode(MEMBER.card),
            badgeShows(".coop-badge-name", MEMBER.name),
            badgeShows(".coop-badge-number", MEMBER.number),
            badgeShows(".coop-may-shop", "May shop"),
            closeBadge(),
            ProductScreen.customerIsSelected(MEMBER.name),

            partnerNotLoaded(BLOCKED.card),
            ProductScreen.scan_barcode(BLOCKED.card),
            badgeShows(".coop-badge-name", BLOCKED.name),
            badgeShows(".coop-may-not-shop", "May not shop"),
            badgeShows(".coop-badge-reason", BLOCKED.reason),
            closeBadge(),
            ProductScreen.customerIsSelected(BLOCKED.name),

            ProductScreen.scan_barcode(UNKNOWN_CARD),
            Dialog.is({ title: "Unknown card" }),
            Dialog.confirm(),

            // A cashier cannot take payment from someone who may not shop.
            ProductScreen.clickDisplayedProduct("Coop Tour Loaf"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Coop Tour Cash"),
            PaymentScreen.clickValidate(),
            Dialog.is({ title: `${BLOCKED.name} may not shop` }),
            {
                content: "the alert says who may let the order through",
                trigger: '.modal .modal-body:contains("Only a POS manager")',
            },
            Dialog.confirm(),
            PaymentScreen.isShown(),
            PaymentScreen.clickBack(),

            // The customer list finds a member by number on the server and shows the status.
            ProductScreen.clickPartnerButton(),
            {
                content: `search the member number ${SEARCHED.number}`,
                trigger: ".modal-dialog .input-group input",
                run: `edit ${SEARCHED.number}`,
            },
            {
                content: "search the server",
                trigger: ".modal .search-more-button button",
                run: "click",
            },
            {
                content: "the member found by number shows number and status",
                trigger: `.partner-list .partner-info:contains("${SEARCHED.name}") .coop-partner-status:contains("${SEARCHED.number}"):contains("May shop")`,
            },
            PartnerList.clickPartner(SEARCHED.name),
            ProductScreen.customerIsSelected(SEARCHED.name),
            Chrome.endTour(),
        ].flat(),
});

registry.category("web_tour.tours").add("coop_pos_manager_override", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),

            // This till sells only to members: no customer, no sale.
            ProductScreen.clickDisplayedProduct("Coop Tour Loaf"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Coop Tour Cash"),
            PaymentScreen.clickValidate(),
            Dialog.is({ title: "Customer required" }),
            {
                content: "go back without choosing",
                trigger: '.modal .modal-footer button:contains("Back")',
                run: "click",
            },
            PaymentScreen.isShown(),
            PaymentScreen.clickBack(),

            // A manager may let a blocked member buy, saying why.
            ProductScreen.scan_barcode(BLOCKED.card),
            badgeShows(".coop-may-not-shop", "May not shop"),
            closeBadge(),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickValidate(),
            Dialog.is({ title: `${BLOCKED.name} may not shop` }),
            TextInputPopup.inputText("Paid the contribution at the desk"),
            Dialog.confirm("Apply"),
            ReceiptScreen.isShown(),
            Chrome.endTour(),
        ].flat(),
});
