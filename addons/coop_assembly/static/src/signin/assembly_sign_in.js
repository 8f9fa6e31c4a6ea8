import { Component, onMounted, onWillStart, onWillUnmount, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";
import { callShowingRefusal, useDoorScanner } from "@coop_membership/door/door_screen";

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
        this.assemblyId =
            this.props.action.params?.assembly_id || this.props.action.context?.active_id;
        this.state = useState({ code: "", figures: null, alert: null, busy: false });
        this.scanner = useDoorScanner(this, (code) => this.signIn(code));
        onWillStart(() => this.refresh());
        onMounted(() => {
            this.scanner.focus();
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
        this.state.code = "";
        let answer = null;
        try {
            answer = await callShowingRefusal(this.state, () =>
                this.orm.call("coop.assembly", "action_sign_in", [[this.assemblyId], code]),
            );
        } finally {
            // Ready for the next card, also after an error Odoo shows in its own dialog.
            this.scanner.focus();
        }
        if (!answer) {
            return;
        }
        this.state.figures = answer;
        let text = answer.already
            ? _t("%s was already signed in.", answer.name)
            : _t("Welcome, %s.", answer.name);
        if (answer.proxies.length) {
            text += " " + _t("Holds the proxies of %s.", answer.proxies.join(", "));
        }
        this.state.alert = { type: answer.already ? "info" : "success", text };
    }
}

registry.category("actions").add("coop_assembly.sign_in", CoopAssemblySignIn);
