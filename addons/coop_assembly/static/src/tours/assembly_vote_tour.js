import { registry } from "@web/core/registry";
import { noSideways } from "@coop_membership/tours/phone";

registry.category("web_tour.tours").add("coop_assembly_vote_on_phone", {
    url: "/my/assemblies",
    steps: () => [
        {
            content: "Open this year's assembly",
            trigger: ".o_coop_assembly_item:contains(Tour assembly)",
            run: "click",
        },
        {
            content: "The page fits a phone screen",
            trigger: ".o_coop_assembly",
            run: noSideways,
        },
        {
            content: "Vote for the culture corner",
            trigger: ".o_coop_resolution:contains(Culture corner on the phone) .o_coop_vote_for",
            run: "click",
        },
        {
            content: "The vote is recorded",
            trigger: ".o_coop_done:contains(Your vote is recorded)",
        },
        {
            content: "The resolution says how I voted, and offers no second vote",
            trigger: ".o_coop_resolution:contains(Culture corner on the phone) .o_coop_voted:contains(For)",
            run() {
                const card = [...document.querySelectorAll(".o_coop_resolution")].find((el) =>
                    el.textContent.includes("Culture corner on the phone")
                );
                if (card.querySelector(".o_coop_vote_form")) {
                    throw new Error("The vote form is still offered after voting");
                }
            },
        },
    ],
});
