import { registry } from "@web/core/registry";

const confirmDialog = {
    content: "Confirm",
    trigger: ".modal-footer .btn-primary",
    run: "click",
};

registry.category("web_tour.tours").add("coop_purchase_staff_close", {
    steps: () => [
        {
            content: "The open round waits in the Open column",
            trigger: ".o_kanban_group:contains(Open) .o_kanban_record:contains(Staff Tour Round)",
            run: "click",
        },
        {
            content: "The current case of flour is half full",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains(Flour) .o_progressbar",
        },
        {
            content: "Close the round",
            trigger: "button[name=action_close]",
            run: "click",
        },
        confirmDialog,
        {
            content: "The round is closed",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Closed)",
        },
        {
            content: "Its purchase order is there",
            trigger: "button[name=action_view_purchases]:contains(1)",
        },
    ],
});

registry.category("web_tour.tours").add("coop_purchase_staff_receive_settle", {
    steps: () => [
        {
            content: "Receive what the receipt brought in",
            trigger: "button[name=action_receive]",
            run: "click",
        },
        confirmDialog,
        {
            content: "The round is received",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Received)",
        },
        {
            content: "Ten bags of flour came in",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains(Flour) td[name=received_qty]:contains(10)",
        },
        {
            content: "Settle: one invoice per member",
            trigger: "button[name=action_settle]:visible",
            run: "click",
        },
        confirmDialog,
        {
            content: "The round is settled",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Settled)",
        },
        {
            content: "Its margin is shown",
            trigger: ".o_field_widget[name=margin]",
        },
        {
            content: "The members' invoices are one click away",
            trigger: "button[name=action_view_invoices]:contains(3)",
        },
    ],
});
