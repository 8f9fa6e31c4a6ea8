import { registry } from "@web/core/registry";
import { noSideways } from "@coop_membership/tours/phone";

registry.category("web_tour.tours").add("coop_portal_top_up_online", {
    url: "/my/balance",
    steps: () => [
        {
            content: "The balance shows what the member paid in at the desk",
            trigger: ".o_coop_balance_amount:contains(10.00)",
            run: noSideways,
        },
        {
            content: "Type the amount to top up",
            trigger: "input#coop_top_up_amount",
            run: "edit 25",
        },
        {
            content: "Go on to pay",
            trigger: "button.o_coop_top_up_submit",
            run: "click",
        },
        {
            content: "Odoo's payment form for that amount and the member's reference",
            trigger: ".o_coop_my_balance_top_up form#o_payment_form[data-amount='25.0']",
            run: noSideways,
        },
        {
            content: "Choose the demo provider",
            trigger: "input[name='o_payment_radio'][data-provider-code='demo']",
            run: "click",
        },
        {
            content: "Type the (test) card details",
            trigger: "input#customer_input:visible",
            run: "edit 4242424242424242",
        },
        {
            content: "Pay",
            trigger: "button[name='o_payment_submit_button']:enabled",
            run: "click",
        },
        {
            content: "Back on the balance, credited once the payment is done",
            trigger: ".o_coop_my_balance .o_coop_balance_amount:contains(35.00)",
            timeout: 30000,
            run: noSideways,
        },
    ],
});
