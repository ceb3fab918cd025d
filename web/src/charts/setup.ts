// Chart.js, registered with only what the dashboard draws (tree-shaken), and its global defaults:
// no animation when the user prefers reduced motion, fonts that follow the page.
import {
  BarController, BarElement, CategoryScale, Chart, Decimation, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip,
} from "chart.js";
import { reducedMotion } from "./palette.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LogarithmicScale, LineController, LineElement, PointElement, Tooltip, Legend, Decimation);

Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
Chart.defaults.color = "#222";
Chart.defaults.maintainAspectRatio = false;
if (reducedMotion()) Chart.defaults.animation = false;

export { Chart };
