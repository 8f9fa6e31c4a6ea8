import { useRef } from "@odoo/owl";
import { hasTouch } from "@web/core/browser/feature_detection";
import { RPCError } from "@web/core/network/rpc";
import { useBus } from "@web/core/utils/hooks";

/**
 * What the co-op's door screens share (the shifts' door sheet, the information meetings'
 * door, the assembly's sign-in): a scan field kept ready for a keyboard-wedge scanner,
 * scans read anywhere on the page, and the server's refusals shown on the page.
 */

/**
 * Call in `setup()`: `onScan(code)` gets every card the barcode service reads while no
 * field has the focus. Returns the `scanInput` ref (t-ref="scanInput" in the template)
 * and `focus()`, which leaves touch screens alone: a focused field there would raise the
 * on-screen keyboard, and scans reach the barcode service anyway.
 */
export function useDoorScanner(component, onScan) {
    const scanInput = useRef("scanInput");
    const barcode = component.env.services.barcode;
    if (barcode) {
        useBus(barcode.bus, "barcode_scanned", (ev) => onScan(ev.detail.barcode));
    }
    return {
        scanInput,
        focus() {
            if (!hasTouch()) {
                scanInput.el?.focus();
            }
        },
    };
}

/**
 * Runs `call()` with `state.busy` set. A refusal of the server's rules (a UserError,
 * ValidationError or AccessError) becomes `state.alert`, in big type on the page rather than
 * in a popup, and the answer is null; any other error is raised as usual.
 */
export async function callShowingRefusal(state, call) {
    state.busy = true;
    try {
        return await call();
    } catch (error) {
        if (error instanceof RPCError && error.data?.name?.startsWith("odoo.exceptions.")) {
            state.alert = { type: "danger", text: error.data.message };
            return null;
        }
        throw error;
    } finally {
        state.busy = false;
    }
}
