import publicWidget from "@web/legacy/js/public/public_widget";

/**
 * Moves a product's fill bar while the member types, so they see how far their
 * quantity and extra go towards filling the current case. Saving stays a plain form post.
 */
publicWidget.registry.CoopPurchaseBasket = publicWidget.Widget.extend({
    selector: ".o_coop_basket_form",
    events: {
        "input input.o_coop_quantity": "_onInput",
        "input input.o_coop_tolerance": "_onInput",
    },

    _onInput(ev) {
        const card = ev.currentTarget.closest(".o_coop_product[data-case-size]");
        if (!card) {
            return;
        }
        const units = (selector) => {
            const value = Number(card.querySelector(selector)?.value);
            return Number.isInteger(value) && value > 0 ? value : 0;
        };
        const caseSize = Number(card.dataset.caseSize);
        const total =
            Number(card.dataset.others) + units(".o_coop_quantity") + units(".o_coop_tolerance");
        const filled = total % caseSize;
        const percent = Math.round((100 * filled) / caseSize);
        card.querySelector(".o_coop_fill_bar").style.width = `${percent}%`;
        card.querySelector(".o_coop_fill .progress").setAttribute("aria-valuenow", percent);
        card.querySelector(".o_coop_fill_units").textContent = filled;
        card.querySelector(".o_coop_full_cases").textContent = Math.floor(total / caseSize);
    },
});
