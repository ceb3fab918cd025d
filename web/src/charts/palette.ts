// Okabe & Ito's palette ("Color Universal Design", 2008): eight colours told apart with every common form
// of colour-vision deficiency. Series beyond eight repeat a colour with a dash pattern or a hatch, so no
// two series are told apart by colour alone; "other" is always grey.
export const OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"] as const;
export const OTHER_GREY = "#8c8c8c";

export const seriesColour = (i: number) => OKABE_ITO[i % OKABE_ITO.length];

/** A dash pattern for the i-th line: solid for the first eight, then dashed, then dotted. */
export const seriesDash = (i: number): number[] => [[], [6, 4], [2, 3]][Math.floor(i / OKABE_ITO.length) % 3];
