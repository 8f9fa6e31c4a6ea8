/**
 * How far `units` go in cases of `caseSize`: the browser's copy of
 * kernels/cases.py::case_fill, so that the fill bar moves as the member types. A test
 * runs both over the same table (test_case_fill.py).
 */
export function caseFill(units, caseSize) {
    if (!Number.isInteger(caseSize) || caseSize < 1) {
        throw new Error("a case holds at least one unit");
    }
    const whole = Math.max(Math.trunc(units) || 0, 0);
    const filled = whole % caseSize;
    return {
        fullCases: Math.floor(whole / caseSize),
        filled,
        missing: caseSize - filled,
        percent: Math.floor((200 * filled + caseSize) / (2 * caseSize)),
    };
}
