export { Network } from "./network";
export type { NetworkArgs } from "./network";
