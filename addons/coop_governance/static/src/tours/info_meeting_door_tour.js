import { registry } from "@web/core/registry";

// Data made by coop_governance/tests/test_info_door.py (TestInfoMeetingDoorTour).
const NORA = { name: "Tour Nora", card: "0420000700012" };

function line(name, state) {
    return `.o_coop_info_door_line[data-state="${state}"]:contains("${name}")`;
}

registry.category("web_tour.tours").add("coop_governance_info_meeting_door", {
    steps: () => [
        {
            content: "open the meeting's door screen from its form",
            trigger: ".o_form_view button:contains(Door Screen)",
            run: "click",
        },
        {
            content: "the meeting's screen opens",
            trigger: '.o_coop_info_door_title:contains("Tour meeting")',
        },
        { content: "Nora booked, not marked yet", trigger: line(NORA.name, "booked") },
        {
            content: "type the card number",
            trigger: ".o_coop_info_door_scan_input",
            run: `edit ${NORA.card} && press Enter`,
        },
        {
            content: "the screen says who is marked",
            trigger: `.o_coop_info_door_alert_success:contains("${NORA.name} is marked attended")`,
        },
        { content: "Nora is attended", trigger: line(NORA.name, "attended") },
        {
            content: "the counts follow",
            trigger: ".o_coop_info_door_counts:contains(1 attended of 2 booked)",
        },
        {
            content: "type a name nobody booked under",
            trigger: ".o_coop_info_door_scan_input",
            run: "edit Nobody Here && press Enter",
        },
        {
            content: "the refusal shows on the page",
            trigger: ".o_coop_info_door_alert_danger:contains(answers to Nobody Here)",
        },
    ],
});

registry.category("web_tour.tours").add("coop_governance_info_meeting_door_leader", {
    steps: () => [
        {
            content: "today's only information meeting opens by itself",
            trigger: '.o_coop_info_door_title:contains("Tour meeting")',
        },
        {
            content: "type the name someone booked under",
            trigger: ".o_coop_info_door_scan_input",
            run: "edit sam walkin && press Enter",
        },
        {
            content: "the screen says who is marked",
            trigger: '.o_coop_info_door_alert_success:contains("Sam Walkin is marked attended")',
        },
        { content: "Sam is attended", trigger: line("Sam Walkin", "attended") },
    ],
});
