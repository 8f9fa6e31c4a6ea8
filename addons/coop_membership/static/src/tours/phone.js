/** Checks shared by the suite's phone tours. */

export function noSideways() {
    const width = document.documentElement.clientWidth;
    if (width > 420) {
        throw new Error(`Expected a phone-sized viewport, got ${width}px`);
    }
    if (document.documentElement.scrollWidth > width) {
        throw new Error("The page scrolls sideways on a phone");
    }
}
