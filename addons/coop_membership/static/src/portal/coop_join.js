import publicWidget from "@web/legacy/js/public/public_widget";
import { _t } from "@web/core/l10n/translation";

/**
 * Keeps the quantity field's bounds and hint in line with the chosen share class.
 * The server checks the same bounds; this only saves a round trip.
 */
publicWidget.registry.CoopJoinForm = publicWidget.Widget.extend({
    selector: ".o_coop_join_form",
    events: {
        "change select[name='share_type_id']": "_onShareTypeChange",
    },

    start() {
        this._updateBounds();
        return this._super(...arguments);
    },

    _onShareTypeChange() {
        this._updateBounds();
    },

    _updateBounds() {
        const option = this.el.querySelector("select[name='share_type_id'] option:checked");
        const quantity = this.el.querySelector("input[name='quantity']");
        const hint = this.el.querySelector(".o_coop_join_bounds");
        if (!option || !quantity || !hint) {
            return;
        }
        const minimum = option.dataset.minimum;
        const maximum = option.dataset.maximum;
        quantity.min = minimum || 1;
        if (maximum) {
            quantity.max = maximum;
            hint.textContent = _t("Between %(min)s and %(max)s shares for this class.", {
                min: minimum,
                max: maximum,
            });
        } else {
            quantity.removeAttribute("max");
            hint.textContent = _t("At least %(min)s shares for this class.", { min: minimum });
        }
        if (!quantity.value) {
            quantity.value = minimum;
        }
    },
});
