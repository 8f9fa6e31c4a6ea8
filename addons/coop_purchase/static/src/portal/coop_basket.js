import publicWidget from "@web/legacy/js/public/public_widget";
import { caseFill } from "./case_fill";

/**
 * Moves a product's fill bar while the member types, so they see how far their
 * quantity and extra go towards filling the current case, and keeps the basket's
 * running total. Saving stays a plain form post.
 */
publicWidget.registry.CoopPurchaseBasket = publicWidget.Widget.extend({
    selector: ".o_coop_basket_form",
    events: {
        "input input.o_coop_quantity": "_onInput",
        "input input.o_coop_tolerance": "_onInput",
    },

    _onInput(ev) {
        const card = ev.currentTarget.closest(".o_coop_product");
        if (card?.dataset.caseSize) {
            this._updateFill(card);
        }
        this._updateTotal();
    },

    _units(card, selector) {
        const value = Number(card.querySelector(selector)?.value);
        return Number.isInteger(value) && value > 0 ? value : 0;
    },

    _updateFill(card) {
        const caseSize = Number(card.dataset.caseSize);
        const fill = card.querySelector(".o_coop_fill");
        const total =
            Number(fill.dataset.others) +
            this._units(card, ".o_coop_quantity") +
            this._units(card, ".o_coop_tolerance");
        const { fullCases, filled, missing, percent } = caseFill(total, caseSize);
        card.querySelector(".o_coop_fill_bar").style.width = `${percent}%`;
        fill.querySelector(".progress").setAttribute("aria-valuenow", percent);
        card.querySelector(".o_coop_fill_units").textContent = filled;
        card.querySelector(".o_coop_fill_missing").textContent = missing;
        card.querySelector(".o_coop_fill_started").classList.toggle("d-none", filled === 0);
        card.querySelector(".o_coop_fill_new").classList.toggle("d-none", filled !== 0);
        card.querySelector(".o_coop_full_cases").textContent = fullCases;
    },

    _updateTotal() {
        const output = this.el.querySelector(".o_coop_estimate");
        if (!output) {
            return;
        }
        let total = 0;
        for (const card of this.el.querySelectorAll(".o_coop_product")) {
            total += Number(card.dataset.memberPrice) * this._units(card, ".o_coop_quantity");
        }
        const { currencySymbol, currencyPosition, currencyDigits } = output.dataset;
        const amount = total.toFixed(Number(currencyDigits));
        output.textContent =
            currencyPosition === "before"
                ? `${currencySymbol}\u00a0${amount}`
                : `${amount}\u00a0${currencySymbol}`;
    },
});
