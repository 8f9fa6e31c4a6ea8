import { registry } from "@web/core/registry";

const CATALOGUE = "Code,Name,Price,Case Size\nFL15,Flour 1.5kg,2.20,6\nOA1,Oats 1kg,1.50,12\n";

registry.category("web_tour.tours").add("coop_purchase_catalogue_import", {
    steps: () => [
        {
            // Whether the buttons fit depends on the addons installed and the screen.
            content: "Open the supplier's other buttons, when they do not all fit",
            trigger: ".o-form-buttonbox .oe_stat_button",
            run() {
                const box = this.anchor.closest(".o-form-buttonbox");
                const more = [...box.querySelectorAll("button")].find((button) =>
                    button.textContent.includes("More")
                );
                more?.click();
            },
        },
        {
            content: "Import a catalogue from the supplier's form",
            trigger: ".oe_stat_button:contains(Import Catalogue)",
            run: "click",
        },
        {
            content: "The columns are explained",
            trigger: ".modal li:contains(Case Size)",
        },
        {
            content: "Choose the supplier's file",
            trigger: ".modal .o_field_widget[name=file]",
            run() {
                const input = this.anchor.querySelector("input[type=file]");
                const files = new DataTransfer();
                files.items.add(new File([CATALOGUE], "catalogue.csv", { type: "text/csv" }));
                input.files = files.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The file is chosen",
            trigger: ".modal .o_field_widget[name=file] .o_clear_file_button",
        },
        {
            content: "Preview",
            trigger: ".modal button[name=action_preview]",
            run: "click",
        },
        {
            content: "Flour's new price is shown as a change",
            trigger: ".modal .o_data_row:contains(FL15) .badge:contains(Changed)",
        },
        {
            content: "Rye is no longer listed",
            trigger: ".modal .o_data_row:contains(Rye) .badge:contains(Dropped)",
        },
        {
            content: "Apply",
            trigger: ".modal button[name=action_apply]",
            run: "click",
        },
        {
            content: "The dialog closes",
            trigger: "body:not(:has(.modal))",
        },
    ],
});
