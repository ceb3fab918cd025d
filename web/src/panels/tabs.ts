// The dashboard's tabs. Panels name the tab they sit in; a new tab is one more registerTab (here or in
// the new view's own file).
import { registerTab } from "../shell/registry.js";

registerTab({ id: "compare", title: "Compare variants", order: 10 });
registerTab({ id: "sweep", title: "Sweep", order: 20 });
registerTab({ id: "scenario", title: "Scenario file", order: 90 });
