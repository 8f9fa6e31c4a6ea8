import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("coop_event_portal_ticket", {
    url: "/my/tickets",
    steps: () => [
        {
            content: "The concert is on sale at the member price",
            trigger: ".o_coop_event:contains(Hackney Folk Night) .o_coop_ticket:contains(Member price)",
        },
        {
            content: "Buy one member ticket",
            trigger: ".o_coop_ticket:contains(Member price) button.o_coop_buy",
            run: "click",
        },
        {
            content: "The seat is held for a while, waiting for its payment",
            trigger: ".o_coop_registration_held:contains(Hackney Folk Night) .o_coop_hold_until:contains(Held until)",
        },
        {
            content: "No ticket before payment",
            trigger: ".o_coop_registration_held:not(:has(.o_coop_ticket_pdf))",
        },
        {
            content: "Go and pay the invoice",
            trigger: ".o_coop_registration_held a.o_coop_pay",
            run: "click",
        },
        {
            content: "The invoice to pay is shown",
            trigger: "#portal_pay, .o_portal_invoice_sidebar, .o_portal_sidebar",
        },
    ],
});
