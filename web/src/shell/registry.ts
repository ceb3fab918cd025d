// Tabs and panels are registered, not listed: each file in web/src/panels/ registers its own, and the
// shell (layout.ts) lays out whatever is registered, in `order`. A new view is a new file there.
import type { App } from "./app.js";

export interface TabSpec {
  id: string;
  title: string;
  order: number;
}

export interface PanelSpec {
  id: string;
  /** The tab it sits in. */
  tab: string;
  title: string;
  order: number;
  /** "What you are looking at": a few plain sentences shown under the title. */
  explain?: string;
  /** Spans the whole width of its tab rather than one grid column. */
  wide?: boolean;
  /** Builds the panel's content in `body`; called once, when the page starts. Subscribe to `app` for runs. */
  mount(body: HTMLElement, app: App): void;
}

const tabs = new Map<string, TabSpec>();
const panels = new Map<string, PanelSpec>();

export function registerTab(tab: TabSpec): void {
  if (tabs.has(tab.id)) throw new Error(`tab "${tab.id}" is registered twice`);
  tabs.set(tab.id, tab);
}

export function registerPanel(panel: PanelSpec): void {
  if (panels.has(panel.id)) throw new Error(`panel "${panel.id}" is registered twice`);
  panels.set(panel.id, panel);
}

export const registeredTabs = (): TabSpec[] => [...tabs.values()].sort((a, b) => a.order - b.order);

export const panelsOf = (tab: string): PanelSpec[] => [...panels.values()].filter((p) => p.tab === tab).sort((a, b) => a.order - b.order);
