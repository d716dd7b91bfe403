export { Ingress } from "./ingress";
export type { IngressArgs } from "./ingress";
