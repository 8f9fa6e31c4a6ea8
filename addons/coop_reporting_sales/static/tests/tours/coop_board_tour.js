import { registry } from "@web/core/registry";

// The board opens from Dashboards and draws its figures (those in view: the grid draws no figure off screen): the spreadsheet refuses
// a file it cannot read. (What each pivot and chart asks the server is tested in Python.)
registry.category("web_tour.tours").add("coop_board_opens", {
    steps: () => [
        {
            content: "Open the co-op's board",
            trigger: ".o_search_panel_section_header:contains('Co-op') ~ * li:contains('The Co-op at a Glance'), li:contains('The Co-op at a Glance')",
            run: "click",
        },
        {
            content: "The board's figures are drawn",
            trigger: ".o-spreadsheet .o-figure:eq(7)",
        },
    ],
});
