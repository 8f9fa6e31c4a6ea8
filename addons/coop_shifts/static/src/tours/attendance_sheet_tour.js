import { registry } from "@web/core/registry";

// Data made by coop_shifts/tests/test_attendance.py (TestAttendanceSheetTour).
const ANN = { name: "Tour Ann", card: "0420000800019" };
const FLYER = { name: "Tour Flyer", card: "0420000800026" };
const UNKNOWN_CARD = "0420000999997";

function line(name, state) {
    return `.o_coop_sheet_line[data-state="${state}"]:contains("${name}")`;
}

function scan(code) {
    return {
        content: `scan the card ${code}`,
        trigger: ".o_coop_sheet_scan_input",
        run: `edit ${code} && press Enter`,
    };
}

registry.category("web_tour.tours").add("coop_shifts_attendance_sheet", {
    steps: () => [
        {
            content: "the leader's only shift under way opens by itself",
            trigger: ".o_coop_sheet .o_coop_sheet_title",
        },
        {
            content: "the team is on the sheet, nobody marked yet",
            trigger: `${line(ANN.name, "planned")}, ${line("Tour Ben", "planned")}`,
        },
        {
            content: "validation waits until the shift has started: it has",
            trigger: ".o_coop_sheet_counts:not(:has(.o_coop_sheet_not_started))",
        },

        scan(ANN.card),
        {
            content: "the scan says who is marked",
            trigger: `.o_coop_sheet_alert_success:contains("${ANN.name} is marked attended")`,
        },
        { content: "Ann is attended", trigger: line(ANN.name, "attended") },

        scan(UNKNOWN_CARD),
        {
            content: "an unknown card is said so, in big type on the page",
            trigger: ".o_coop_sheet_alert_danger:contains(Unknown card)",
        },

        scan(FLYER.card),
        {
            content: "a member not on the sheet is offered as a walk-in",
            trigger: `.o_coop_sheet_walk_in_offer:contains("${FLYER.name}")`,
        },
        {
            content: "add the flying member",
            trigger: ".o_coop_sheet_walk_in_confirm:contains(Flying)",
            run: "click",
        },
        {
            content: "the flying member is on the sheet, attended",
            trigger: `${line(FLYER.name, "attended")} .o_coop_sheet_kind:contains(Flying)`,
        },

        {
            content: "search a walk-in by name",
            trigger: ".o_coop_sheet_search_input",
            run: "edit Tour Walk",
        },
        {
            content: "pick the member found",
            trigger: '.o_coop_sheet_search_result:contains("Tour Walker")',
            run: "click",
        },
        {
            content: "the walk-in came for a make-up",
            trigger: `${line("Tour Walker", "attended")} .o_coop_sheet_kind:contains(Make-up)`,
        },

        {
            content: "mark the rest absent",
            trigger: ".o_coop_sheet_rest_absent",
            run: "click",
        },
        {
            content: "confirm",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        { content: "Ben is absent", trigger: line("Tour Ben", "absent") },
        { content: "Cid is absent", trigger: line("Tour Cid", "absent") },
        {
            content: "validate the sheet",
            trigger: ".o_coop_sheet_validate",
            run: "click",
        },
        {
            content: "the sheet is validated and read-only",
            trigger: ".o_coop_sheet_state:contains(Validated)",
        },
        {
            content: "the leader is thanked",
            trigger: ".o_coop_sheet_alert_success:contains(validated)",
        },
        {
            content: "no mark button is left",
            trigger: ".o_coop_sheet:not(:has(.o_coop_sheet_mark))",
        },
    ],
});
