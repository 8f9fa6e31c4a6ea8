import { Component, onMounted, onWillStart, onWillUnmount, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { RPCError } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";
import { useBus, useService } from "@web/core/utils/hooks";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

const REFRESH_MS = 5000;

/**
 * The assembly's door: scan a card (or type a member number) to sign the member in; the
 * figures against the quorum refresh by themselves, since other doors sign people in too.
 * Every rule is the server's (coop.assembly.action_sign_in): this screen shows its answers.
 */
export class CoopAssemblySignIn extends Component {
    static template = "coop_assembly.SignIn";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.assemblyId = this.props.action.params?.assembly_id || this.props.action.context?.active_id;
        this.state = useState({ code: "", figures: null, alert: null, busy: false });
        this.scanInput = useRef("scanInput");
        const barcode = this.env.services.barcode;
        if (barcode) {
            useBus(barcode.bus, "barcode_scanned", (ev) => this.signIn(ev.detail.barcode));
        }
        onWillStart(() => this.refresh());
        onMounted(() => {
            this.scanInput.el?.focus();
            this.timer = setInterval(() => this.refresh(), REFRESH_MS);
        });
        onWillUnmount(() => clearInterval(this.timer));
    }

    async refresh() {
        this.state.figures = await this.orm.call("coop.assembly", "coop_door_state", [
            [this.assemblyId],
        ]);
    }

    async submit(ev) {
        ev.preventDefault();
        await this.signIn(this.state.code);
    }

    async signIn(code) {
        if (!code || this.state.busy) {
            return;
        }
        this.state.busy = true;
        try {
            const answer = await this.orm.call("coop.assembly", "action_sign_in", [
                [this.assemblyId],
                code,
            ]);
            this.state.figures = answer;
            let text = answer.already
                ? _t("%s was already signed in.", answer.name)
                : _t("Welcome, %s.", answer.name);
            if (answer.proxies.length) {
                text += " " + _t("Holds the proxies of %s.", answer.proxies.join(", "));
            }
            this.state.alert = { type: answer.already ? "info" : "success", text };
        } catch (error) {
            if (!(error instanceof RPCError) || error.exceptionName !== "odoo.exceptions.UserError") {
                throw error;
            }
            this.state.alert = { type: "danger", text: error.data.message };
        } finally {
            this.state.code = "";
            this.state.busy = false;
            this.scanInput.el?.focus();
        }
    }
}

registry.category("actions").add("coop_assembly.sign_in", CoopAssemblySignIn);
