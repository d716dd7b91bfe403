export * from "./cluster";
export * from "./fargate";
export * from "./ingress";
export * from "./network";

export * from "./securityGroupRules";
export * from "./serviceConnectNamespace";
export * from "./serviceConnectService";
export * from "./validators";
export * from "./yelbAppserver";
export * from "./yelbContracts";
export * from "./yelbDb";
export * from "./yelbRedis";
export * from "./yelbTier";
export * from "./yelbUi";
