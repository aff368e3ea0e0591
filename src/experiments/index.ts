export { exp1 } from "./exp1";
export { exp2 } from "./exp2";
export { exp3 } from "./exp3";
export { EXPERIMENT, type ExperimentOptions, type ExperimentResult, TABLE } from "./experiment";
export { runsReport } from "./runs-report";
