export { ServiceConnectNamespace } from "./serviceConnectNamespace";
export type { ServiceConnectNamespaceArgs } from "./serviceConnectNamespace";
export { NamespaceDrain } from "./namespaceDrain";
export type { NamespaceDrainArgs } from "./namespaceDrain";
export type { CloudMapAccess } from "./cloudMapSdk";
