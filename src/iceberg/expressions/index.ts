export * from "./bound-expression";
export * from "./evaluator";
export * from "./expression";
export * from "./literal";
