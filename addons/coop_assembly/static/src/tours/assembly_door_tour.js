import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("coop_assembly_door_sign_in", {
    steps: () => [
        {
            content: "Open the door screen from the assembly",
            trigger: "button[name=action_open_door]",
            run: "click",
        },
        {
            content: "Scan Anna's card (a scanner types the code and Enter)",
            trigger: ".o_coop_assembly_door_code",
            run: "edit ASM-DOOR-ANNA",
        },
        {
            content: "Sign her in",
            trigger: ".o_coop_assembly_door_submit",
            run: "click",
        },
        {
            content: "She is welcomed, with the proxy she holds",
            trigger: ".o_coop_assembly_door_alert:contains(Welcome, Anna Assembly):contains(Ben Assembly)",
        },
        {
            content: "Present and represented count towards the quorum",
            trigger: ".o_coop_assembly_door_quorum:contains(2 / 3)",
        },
        {
            content: "Someone off the roll is told why",
            trigger: ".o_coop_assembly_door_code",
            run: "edit ASM-DOOR-LEA",
        },
        {
            trigger: ".o_coop_assembly_door_submit",
            run: "click",
        },
        {
            content: "The refusal shows on the screen",
            trigger: ".o_coop_assembly_door_alert.alert-danger:contains(not on the roll)",
        },
    ],
});
