import { registry } from "@web/core/registry";
import { noSideways } from "@coop_membership/tours/phone";

registry.category("web_tour.tours").add("coop_purchase_portal_basket", {
    url: "/my/group-orders",
    steps: () => [
        {
            content: "The open round is listed with its pickup place",
            trigger: ".o_coop_round_open:contains(Tour Round) .o_coop_pickup:contains(Back yard)",
            run: "click",
        },
        {
            content: "The products are grouped by supplier",
            trigger: ".o_coop_supplier h5:contains(Tour Mill)",
        },
        {
            content: "Order three bags of flour",
            trigger: ".o_coop_product:contains(Tour Flour) input.o_coop_quantity",
            run: "edit 3",
        },
        {
            content: "Accept two more to fill the case",
            trigger: ".o_coop_product:contains(Tour Flour) input.o_coop_tolerance",
            run: "edit 2",
        },
        {
            content: "The case fills up as the member types",
            trigger: ".o_coop_product:contains(Tour Flour) .o_coop_fill_units:contains(5)",
        },
        {
            content: "One more fills it",
            trigger: ".o_coop_product:contains(Tour Flour) .o_coop_fill_missing:contains(1)",
        },
        {
            content: "The basket's total follows: three bags at 2.00",
            trigger: ".o_coop_estimate:contains(6.00)",
        },
        {
            content: "Nothing is wider than the phone screen",
            trigger: ".o_coop_group_order",
            run: noSideways,
        },
        {
            content: "Save the basket",
            trigger: "button.o_coop_basket_save",
            run: "click",
        },
        {
            content: "The basket is saved",
            trigger: ".o_coop_basket_saved",
        },
        {
            content: "The quantity is kept and the case fills up",
            trigger:
                ".o_coop_product:contains(Tour Flour):has(input.o_coop_quantity[value='3'])" +
                " .o_coop_fill_units:contains(5)",
            run: noSideways,
        },
    ],
});
