import { Component } from "@odoo/owl";
import { Dialog } from "@web/core/dialog/dialog";
import { usePos } from "@point_of_sale/app/store/pos_hook";

export class CoopMemberBadge extends Component {
    static template = "coop_membership_pos.CoopMemberBadge";
    static components = { Dialog };
    static props = {
        partner: Object,
        close: Function,
    };

    setup() {
        this.pos = usePos();
    }

    get photoUrl() {
        return `/web/image/res.partner/${this.props.partner.id}/avatar_128`;
    }

    get balanceText() {
        return this.env.utils.formatCurrency(this.props.partner.coop_account_balance || 0);
    }

    get statusLabel() {
        return this.pos.coopStatusLabel(this.props.partner);
    }
}
