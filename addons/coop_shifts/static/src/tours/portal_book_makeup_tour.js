import { registry } from "@web/core/registry";
import { noSideways } from "@coop_membership/tours/phone";

registry.category("web_tour.tours").add("coop_portal_book_makeup", {
    url: "/my/shifts",
    steps: () => [
        {
            content: "The status says what to do next",
            trigger: ".o_coop_shift_status .o_coop_next_step",
        },
        {
            content: "The page fits a phone screen",
            trigger: ".o_coop_my_shifts",
            run: noSideways,
        },
        {
            content: "Book the sourdough shift as a make-up",
            trigger: ".o_coop_bookable_shift:contains(Sourdough Tour Bake) button.o_coop_book",
            run: "click",
        },
        {
            content: "The booking is confirmed",
            trigger: ".o_coop_done:contains(Booked)",
        },
        {
            content: "It is among my upcoming shifts, as a make-up",
            trigger: ".o_coop_upcoming_item.o_coop_kind_makeup:contains(Sourdough Tour Bake)",
        },
        {
            content: "It can still be cancelled, with a thumb-sized button",
            trigger: ".o_coop_upcoming_item:contains(Sourdough Tour Bake) button:contains(Cancel booking)",
            run() {
                noSideways();
                const button = document.querySelector(".o_coop_upcoming_item.o_coop_kind_makeup button");
                if (button && button.getBoundingClientRect().right > document.documentElement.clientWidth) {
                    throw new Error("A button is off the screen");
                }
            },
        },
    ],
});
