// placeholder, replaced by the snapshot implementation

/** Asks for a snapshot of the statistics as of simulated time `t`, on behalf of LP `from`. */
export function requestSnapshot(from: i32, t: i64): void {}
