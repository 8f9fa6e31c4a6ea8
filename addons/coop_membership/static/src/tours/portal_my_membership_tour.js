import { registry } from "@web/core/registry";

function imageLoaded(selector) {
    const img = document.querySelector(selector);
    if (!img || !img.complete || !img.naturalWidth) {
        throw new Error(`Image not loaded: ${selector}`);
    }
}

registry.category("web_tour.tours").add("coop_portal_my_membership", {
    url: "/my/membership",
    steps: () => [
        {
            content: "The status says the member may shop, in green",
            trigger: ".o_coop_status.alert-success:contains(You may shop)",
        },
        {
            content: "The member card shows the member number",
            trigger: ".o_coop_member_card .o_coop_member_number:visible",
        },
        {
            content: "The EAN-13 barcode is shown and loaded",
            trigger:
                ".o_coop_member_card img.o_coop_barcode_ean13[src*='barcode_type=EAN13']:visible",
            run() {
                imageLoaded(".o_coop_member_card img.o_coop_barcode_ean13");
            },
        },
        {
            content: "The QR code of the same number is shown and loaded",
            trigger: ".o_coop_member_card img.o_coop_barcode_qr[src*='barcode_type=QR']:visible",
            run() {
                imageLoaded(".o_coop_member_card img.o_coop_barcode_qr");
                const ean = document.querySelector(".o_coop_member_card img.o_coop_barcode_ean13");
                const qr = document.querySelector(".o_coop_member_card img.o_coop_barcode_qr");
                const value = (img) => new URL(img.src).searchParams.get("value");
                if (value(ean) !== value(qr)) {
                    throw new Error("The QR code and the barcode carry different numbers");
                }
            },
        },
        {
            content: "The certificate can be downloaded",
            trigger: "a.o_coop_certificate_link[href^='/my/membership/certificate']:visible",
        },
        {
            content: "Nothing is wider than the phone screen",
            trigger: ".o_coop_my_membership",
            run() {
                const width = document.documentElement.clientWidth;
                if (width > 420) {
                    throw new Error(`Expected a phone-sized viewport, got ${width}px`);
                }
                const card = document.querySelector(".o_coop_member_card").getBoundingClientRect();
                if (document.documentElement.scrollWidth > width || card.right > width) {
                    throw new Error("The page scrolls sideways on a phone");
                }
            },
        },
    ],
});
