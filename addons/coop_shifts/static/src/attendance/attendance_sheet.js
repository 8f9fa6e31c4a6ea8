import { Component, onWillStart, useEffect, useState } from "@odoo/owl";
import { ConfirmationDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { debounce } from "@web/core/utils/timing";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";
import { callShowingRefusal, useDoorScanner } from "@coop_membership/door/door_screen";

const MARKS = ["attended", "absent", "excused"];
// How a marked line looks: its row, and the badge with its state.
const LINE_STYLES = {
    attended: { row: "o_coop_sheet_line_attended", badge: "text-bg-success" },
    absent: { row: "o_coop_sheet_line_absent", badge: "text-bg-danger" },
    excused: { row: "o_coop_sheet_line_excused", badge: "text-bg-warning" },
    waived: { row: "o_coop_sheet_line_waived text-muted", badge: "text-bg-secondary" },
};

/**
 * The attendance sheet on the tablet at the shop door.
 *
 * The leader scans member cards (a scanner in keyboard mode, into the scan field or
 * anywhere on the page), adds walk-ins, marks the rest absent or excused and validates.
 * Every rule is the server's: this screen shows its answers, errors included, in big type.
 */
export class CoopAttendanceSheet extends Component {
    static template = "coop_shifts.AttendanceSheet";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.dialog = useService("dialog");
        this.state = useState({
            loading: true,
            busy: false,
            shifts: [],
            sheet: null,
            alert: null,
            code: "",
            walkIn: null,
            search: "",
            results: [],
        });
        this.scanner = useDoorScanner(this, (code) => this.scan(code));
        this.debouncedSearch = debounce(() => this.searchMembers(), 250);
        useEffect(
            () => this.focusScan(),
            () => [this.state.sheet?.id],
        );
        onWillStart(() => this.start());
    }

    // ------------------------------------------------------------ loading

    async start() {
        const { active_model, active_id } = this.props.action.context || {};
        if (active_model === "coop.shift" && active_id) {
            await this.openSheet(active_id);
        }
        if (!this.state.sheet) {
            await this.loadShifts();
        }
        this.state.loading = false;
    }

    async loadShifts() {
        this.state.shifts = await this.orm.call("coop.shift", "coop_sheet_shifts", []);
        if (this.state.shifts.length === 1) {
            await this.openSheet(this.state.shifts[0].id);
        }
    }

    async openSheet(shiftId) {
        const sheet = await this.serverCall(shiftId, "coop_sheet_data", []);
        if (sheet) {
            this.state.sheet = sheet;
            this.resetWalkIn();
        }
    }

    async backToShifts() {
        this.state.sheet = null;
        this.state.alert = null;
        this.resetWalkIn();
        this.state.shifts = await this.orm.call("coop.shift", "coop_sheet_shifts", []);
    }

    /** Calls a sheet method; a refusal from the server is shown on the page, not in a popup. */
    serverCall(shiftId, method, args) {
        return callShowingRefusal(this.state, () =>
            this.orm.call("coop.shift", method, [[shiftId], ...args]),
        );
    }

    call(method, ...args) {
        return this.serverCall(this.state.sheet.id, method, args);
    }

    // ------------------------------------------------------------ feedback

    showAlert(type, text) {
        this.state.alert = { type, text };
    }

    clearAlert() {
        this.state.alert = null;
    }

    focusScan() {
        this.scanner.focus();
    }

    get isOpen() {
        return this.state.sheet?.state === "open";
    }

    get counts() {
        const counts = { pending: 0, attended: 0, absent: 0, excused: 0, waived: 0 };
        for (const line of this.state.sheet?.lines || []) {
            const key = ["planned", "offered"].includes(line.state) ? "pending" : line.state;
            if (key in counts) {
                counts[key]++;
            }
        }
        return counts;
    }

    lineClass(line) {
        return LINE_STYLES[line.state]?.row || "";
    }

    badgeClass(line) {
        return LINE_STYLES[line.state]?.badge || "text-bg-light border";
    }

    markButtonClass(line, mark) {
        const colour = { attended: "success", absent: "danger", excused: "warning" }[mark];
        return line.state === mark ? `btn-${colour} active` : `btn-outline-${colour}`;
    }

    markLabel(mark) {
        return { attended: _t("Attended"), absent: _t("Absent"), excused: _t("Excused") }[mark];
    }

    markIcon(mark) {
        return { attended: "fa-check", absent: "fa-times", excused: "fa-medkit" }[mark];
    }

    get marks() {
        return MARKS;
    }

    updateLine(line) {
        const lines = this.state.sheet.lines;
        const index = lines.findIndex((l) => l.id === line.id);
        if (index >= 0) {
            lines[index] = line;
        } else {
            lines.push(line);
        }
    }

    // ------------------------------------------------------------ scanning

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
        if (!this.isOpen || this.state.busy) {
            return;
        }
        const result = await this.call("coop_sheet_scan", code);
        if (!result) {
            return;
        }
        if (result.action === "walk_in") {
            this.state.walkIn = result.partner;
            this.showAlert("warning", result.message);
        } else {
            this.state.walkIn = null;
            this.updateLine(result.line);
            this.showAlert("success", result.message);
        }
    }

    async mark(line, mark) {
        if (this.state.busy) {
            return;
        }
        const result = await this.call("coop_sheet_mark", line.id, mark);
        if (result) {
            this.updateLine(result.line);
            this.showAlert("success", `${result.line.name}: ${result.line.state_label}`);
        }
        this.focusScan();
    }

    // ------------------------------------------------------------ walk-ins

    resetWalkIn() {
        this.state.walkIn = null;
        this.state.search = "";
        this.state.results = [];
    }

    onSearchInput(ev) {
        this.state.search = ev.target.value;
        this.debouncedSearch();
    }

    async searchMembers() {
        const query = this.state.search.trim();
        if (query.length < 2 || !this.isOpen) {
            this.state.results = [];
            return;
        }
        const results = await this.call("coop_sheet_search_members", query);
        if (results && query === this.state.search.trim()) {
            this.state.results = results;
        }
    }

    async addWalkIn(partner) {
        if (this.state.busy) {
            return;
        }
        const result = await this.call("coop_sheet_add_walk_in", partner.id);
        if (result) {
            this.resetWalkIn();
            this.updateLine(result.line);
            this.showAlert("success", result.message);
        }
        this.focusScan();
    }

    cancelWalkIn() {
        this.state.walkIn = null;
        this.clearAlert();
        this.focusScan();
    }

    // ------------------------------------------------------------ closing the sheet

    confirmMarkRest(mark) {
        const count = this.counts.pending;
        const body =
            mark === "absent"
                ? _t("%s people not marked yet will be marked absent.", count)
                : _t("%s people not marked yet will be marked excused.", count);
        this.dialog.add(ConfirmationDialog, {
            title: mark === "absent" ? _t("Mark the rest absent?") : _t("Mark the rest excused?"),
            body,
            confirmLabel: this.markLabel(mark),
            confirm: () => this.markRest(mark),
            cancel: () => {},
        });
    }

    async markRest(mark) {
        const sheet = await this.call("coop_sheet_mark_rest", mark);
        if (sheet) {
            this.state.sheet = sheet;
            this.clearAlert();
        }
    }

    async validate() {
        if (this.state.busy) {
            return;
        }
        const sheet = await this.call("coop_sheet_validate");
        if (sheet) {
            this.state.sheet = sheet;
            this.resetWalkIn();
            this.showAlert("success", _t("The sheet is validated. Thank you!"));
        }
    }
}

registry.category("actions").add("coop_shifts.attendance_sheet", CoopAttendanceSheet);
