import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PartnerList from "@point_of_sale/../tests/tours/utils/partner_list_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import * as TextInputPopup from "@point_of_sale/../tests/tours/utils/text_input_popup_util";
import { registry } from "@web/core/registry";
import { ConnectionLostError } from "@web/core/network/rpc";

// Data made by coop_membership_pos/tests/test_pos.py (TestCoopPosTour).
const MEMBER = { name: "Tour Member Alice", number: "90001", card: "0420000900016" };
const BLOCKED = { name: "Tour Blocked Bob", card: "0420000900023", reason: "unpaid contribution" };
const SEARCHED = { name: "Tour Searched Carol", number: "90003", card: "0420000900030" };
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

// Offline, core's payment screen shows the receipt and then rejects the lost connection
// in a promise nobody handles; the test browser reports that as a failure before any
// handler could see it. While the till is offline in this tour, that rejection is dropped.
const rejectPromise = Promise.reject;
function dropLostConnection(error) {
    if (error instanceof ConnectionLostError) {
        return new Promise(() => {});
    }
    return rejectPromise.call(Promise, error);
}

function setNetwork(online) {
    return {
        content: online ? "the till is back online" : "the till loses its connection",
        trigger: ".pos",
        run: () => {
            Promise.reject = online ? rejectPromise : dropLostConnection;
            window.dispatchEvent(new Event(online ? "online" : "offline"));
        },
    };
}

// Offline, the till sells to a member it loaded as may-shop; the back office blocks her
// meanwhile (the test does it when the sync arrives). Back online, both sales are synced.
registry.category("web_tour.tours").add("coop_pos_offline_sale", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            setNetwork(false),

            ProductScreen.scan_barcode(MEMBER.card),
            badgeShows(".coop-may-shop", "May shop"),
            closeBadge(),
            ProductScreen.clickDisplayedProduct("Coop Tour Loaf"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Coop Tour Cash"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            ReceiptScreen.clickNextOrder(),
            ProductScreen.isShown(),

            ProductScreen.scan_barcode(SEARCHED.card),
            badgeShows(".coop-may-shop", "May shop"),
            closeBadge(),
            ProductScreen.clickDisplayedProduct("Coop Tour Loaf"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Coop Tour Cash"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            ReceiptScreen.clickNextOrder(),
            {
                content: "both sales wait in the till",
                trigger: ".pos",
                run: () => {
                    const pending = window.posmodel.getPendingOrder();
                    const count = pending.orderToCreate.length + pending.orderToUpdate.length;
                    if (count !== 2) {
                        throw new Error(`${count} orders wait to be synced, not 2.`);
                    }
                },
            },

            setNetwork(true),
            {
                content: "sync the waiting sales",
                trigger: ".pos",
                run: async () => {
                    await window.posmodel.syncAllOrders({ throw: true });
                    const pending = window.posmodel.getPendingOrder();
                    if (pending.orderToCreate.length || pending.orderToUpdate.length) {
                        throw new Error("Some sales were not synced.");
                    }
                },
            },
            Chrome.endTour(),
        ].flat(),
});
