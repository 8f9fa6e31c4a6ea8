import { patch } from "@web/core/utils/patch";
import { ConnectionLostError } from "@web/core/network/rpc";
import { PosStore } from "@point_of_sale/app/store/pos_store";
import { CoopMemberBadge } from "@coop_membership_pos/pos/member_badge/member_badge";

// The partner fields that say whether someone may shop; refreshed from the server
// whenever it can be reached, because a till's data is as old as its session.
export const COOP_STATUS_FIELDS = [
    "coop_member_number",
    "coop_status",
    "coop_can_shop",
    "coop_status_reason",
    "coop_status_label",
    "coop_share_count",
    "coop_account_balance",
];

patch(PosStore.prototype, {
    coopStatusLabel(partner) {
        // The server sends the label: addons such as shifts add their own statuses.
        return partner?.coop_status_label || partner?.coop_status || "";
    },

    /**
     * The partner whose card this is, loaded into the till if it was not yet, with a
     * status fresh from the server. Offline, the loaded data is all there is.
     */
    async coopFindPartnerByCard(barcode) {
        const Partner = this.models["res.partner"];
        const local =
            Partner.getBy("barcode", barcode) ||
            Partner.find((partner) => partner.coop_member_number === barcode);
        let result;
        try {
            result = await this.data.call("res.partner", "coop_pos_find_by_card", [
                barcode,
                this.config.id,
            ]);
        } catch (error) {
            if (error instanceof ConnectionLostError) {
                return local;
            }
            throw error;
        }
        const vals = result?.["res.partner"]?.[0];
        if (!vals) {
            return undefined;
        }
        const known = Partner.get(vals.id);
        if (known) {
            // Updated in place: orders already linked to this record must see the change.
            this._coopAssignStatus(known, vals);
            return known;
        }
        const loaded = this.models.loadData(result, [], true);
        return loaded["res.partner"][0];
    },

    async coopRefreshPartnerStatus(partner) {
        if (!partner || typeof partner.id !== "number") {
            return partner;
        }
        try {
            // A plain call: data.read() with a subset of fields would reload the record
            // with only those fields.
            const [vals] = await this.data.call("res.partner", "read", [
                [partner.id],
                COOP_STATUS_FIELDS,
            ]);
            if (vals) {
                this._coopAssignStatus(partner, vals);
            }
        } catch (error) {
            if (!(error instanceof ConnectionLostError)) {
                throw error;
            }
        }
        return partner;
    },

    _coopAssignStatus(partner, vals) {
        for (const field of COOP_STATUS_FIELDS) {
            if (field in vals) {
                partner[field] = vals[field];
            }
        }
    },

    /**
     * Whether the server will accept an override from this till: it checks the user who
     * syncs the order, so with employees logged in (pos_hr) both must be managers.
     */
    coopIsManager() {
        const cashier = this.get_cashier();
        const cashierRole = cashier?._role ?? cashier?.role;
        return cashierRole === "manager" && this.user?._raw?.role === "manager";
    },

    coopShowBadge(partner) {
        this.coopCloseBadge?.();
        this.coopCloseBadge = this.dialog.add(
            CoopMemberBadge,
            { partner },
            { onClose: () => (this.coopCloseBadge = null) },
        );
    },
});
