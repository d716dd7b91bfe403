export { Cluster } from "./cluster";
export type { ClusterArgs } from "./cluster";
export { ServiceConnectService } from "./serviceConnectService";
export type { EfsVolume, NamedPort, ServiceConnectEndpoint, ServiceConnectServiceArgs } from "./serviceConnectService";
export type { TaskSizing } from "../../model/fargate";
