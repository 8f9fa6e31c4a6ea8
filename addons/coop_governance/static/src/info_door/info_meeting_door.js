import { Component, onWillStart, useEffect, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";
import { callShowingRefusal, useDoorScanner } from "@coop_membership/door/door_screen";

/**
 * The door tablet at an information meeting: the sibling of the shifts' door sheet, with
 * its look. Scan a card or type the name someone booked under: the server marks them
 * attended (event.event.coop_info_mark_attended) and says so, or says why not.
 */
export class CoopInfoMeetingDoor extends Component {
    static template = "coop_governance.InfoMeetingDoor";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.state = useState({
            loading: true,
            busy: false,
            meetings: [],
            meeting: null,
            alert: null,
            code: "",
        });
        this.scanner = useDoorScanner(this, (code) => this.scan(code));
        useEffect(
            () => this.focusScan(),
            () => [this.state.meeting?.id],
        );
        onWillStart(() => this.start());
    }

    async start() {
        const { active_model, active_id } = this.props.action.context || {};
        if (active_model === "event.event" && active_id) {
            await this.openMeeting(active_id);
        } else {
            await this.loadMeetings();
        }
        this.state.loading = false;
    }

    async loadMeetings() {
        const meetings = await this.serverCall(() =>
            this.orm.call("event.event", "coop_info_door_meetings", []),
        );
        this.state.meetings = meetings || [];
        if (this.state.meetings.length === 1) {
            await this.openMeeting(this.state.meetings[0].id);
        }
    }

    async openMeeting(meetingId) {
        const meeting = await this.serverCall(() =>
            this.orm.call("event.event", "coop_info_door_data", [[meetingId]]),
        );
        if (meeting) {
            this.state.meeting = meeting;
        }
    }

    async backToMeetings() {
        this.state.meeting = null;
        this.state.alert = null;
        await this.loadMeetings();
    }

    serverCall(call) {
        return callShowingRefusal(this.state, call);
    }

    focusScan() {
        this.scanner.focus();
    }

    clearAlert() {
        this.state.alert = null;
    }

    async onScanSubmit(ev) {
        ev.preventDefault();
        const code = this.state.code.trim();
        this.state.code = "";
        if (code) {
            await this.scan(code);
        }
        this.focusScan();
    }

    async scan(code) {
        if (!this.state.meeting || this.state.busy) {
            return;
        }
        const meetingId = this.state.meeting.id;
        const result = await this.serverCall(() =>
            this.orm.call("event.event", "coop_info_mark_attended", [[meetingId], code]),
        );
        if (result) {
            this.state.meeting = result;
            this.state.alert = { type: "success", text: result.message };
        }
    }
}

registry.category("actions").add("coop_governance.info_meeting_door", CoopInfoMeetingDoor);
