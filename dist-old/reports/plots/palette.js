// Colors of the plots: one fixed categorical color per topology, by its position in the scenario
// (Tableau 10, as d3's schemeTableau10), so a topology has the same color in every plot of a run or a
// sweep; dash patterns tell apart the series of one topology; fixed colors for faults and failover phases.
export const TOPOLOGY_COLORS = [
    '#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#9c755f', '#ff9da7', '#bab0ac', '#e15759',
];
export const topologyColor = (index) => TOPOLOGY_COLORS[index % TOPOLOGY_COLORS.length];
/** Dash patterns (SVG stroke-dasharray) for series of one color; '' is solid. */
export const DASHES = ['', '7 4', '2 3', '9 3 2 3'];
export const dashOf = (index) => DASHES[index % DASHES.length];
export const ERROR_COLOR = '#d62728';
export const FAULT_COLOR = '#222222';
export const PHASE_COLOR = '#8c8c8c';
export const OPERATION_COLOR = '#1f5fa8';
//# sourceMappingURL=palette.js.map