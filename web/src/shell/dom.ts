// Small DOM helpers: the page is plain DOM, no framework.

type Attrs = Record<string, string | number | boolean | null | undefined>;

/** An element with attributes (null/false left out, true as an empty attribute) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string | null)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const c of children) if (c !== null) el.append(c);
  return el;
}

/** Saves `data` as a file named `name` (a download). */
export function download(name: string, data: Blob | string, type = "application/json"): void {
  const blob = typeof data === "string" ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A figure as the result has it (already rounded), with thousands separators; "–" for a missing one. */
export function figure(x: number | null | undefined, decimals = 2): string {
  if (x === null || x === undefined) return "–";
  return x.toLocaleString("en-US", { maximumFractionDigits: decimals });
}
