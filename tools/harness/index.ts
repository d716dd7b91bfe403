/**
 * The evaluation harness, shared by the offline plan (`plan/`) and the tests: the real program
 * (or any program) run under Pulumi's runtime mocks, every registration recorded as the engine
 * sees it, in the update or the first-preview view; the project's stack files read as the CLI
 * reads them. `views.ts` and `stackConfig.ts` load no SDK, for the CLI's fast checks.
 */
export { evaluate, named, ofType, resolveValue, UNKNOWN } from "./evaluate";
export type { EvaluateOptions, Evaluation, RegisteredResource } from "./evaluate";
export { evaluateConfig, evaluateProgram, evaluateStack } from "./program";
export { VIEWS } from "./views";
export type { View } from "./views";
