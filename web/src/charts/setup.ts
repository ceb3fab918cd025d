// Chart.js, registered with only what the dashboard draws (tree-shaken), and its global defaults.
import {
  BarController, BarElement, CategoryScale, Chart, Decimation, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip,
} from "chart.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LogarithmicScale, LineController, LineElement, PointElement, Tooltip, Legend, Decimation);

Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
Chart.defaults.color = "#222";
Chart.defaults.maintainAspectRatio = false;
// Animation off: every frame of an animation redraws every chart in one task, and with six charts that task
// is long on a slow machine (Chart.js's performance guidance: disable animations). Nothing is lost for
// a reader: the bars move to their new values at once.
// (So prefers-reduced-motion is honoured by construction; styles.css turns off CSS transitions for it.)
Chart.defaults.animation = false;

export { Chart };
