import { Component, onWillStart, useEffect, useRef, useState } from "@odoo/owl";
import { hasTouch } from "@web/core/browser/feature_detection";
import { RPCError } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";
import { useBus, useService } from "@web/core/utils/hooks";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

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
        this.scanInput = useRef("scanInput");
        const barcode = this.env.services.barcode;
        if (barcode) {
            // A scan while no field has the focus.
            useBus(barcode.bus, "barcode_scanned", (ev) => this.scan(ev.detail.barcode));
        }
        useEffect(
            () => this.focusScan(),
            () => [this.state.meeting?.id]
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
            this.orm.call("event.event", "coop_info_door_meetings", [])
        );
        this.state.meetings = meetings || [];
        if (this.state.meetings.length === 1) {
            await this.openMeeting(this.state.meetings[0].id);
        }
    }

    async openMeeting(meetingId) {
        const meeting = await this.serverCall(() =>
            this.orm.call("event.event", "coop_info_door_data", [[meetingId]])
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

    /** A refusal from the server is shown on the page, in big type, not in a popup. */
    async serverCall(call) {
        this.state.busy = true;
        try {
            return await call();
        } catch (error) {
            if (error instanceof RPCError && error.data?.name?.startsWith("odoo.exceptions.")) {
                this.state.alert = { type: "danger", text: error.data.message };
                return null;
            }
            throw error;
        } finally {
            this.state.busy = false;
        }
    }

    /** Not on touch screens, where a focused field would raise the on-screen keyboard. */
    focusScan() {
        if (!hasTouch()) {
            this.scanInput.el?.focus();
        }
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
            this.orm.call("event.event", "coop_info_mark_attended", [[meetingId], code])
        );
        if (result) {
            this.state.meeting = result;
            this.state.alert = { type: "success", text: result.message };
        }
    }
}

registry.category("actions").add("coop_governance.info_meeting_door", CoopInfoMeetingDoor);
