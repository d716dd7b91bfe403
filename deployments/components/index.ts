export * from "./deployPolicies";
export * from "./policyEnforcement";
export * from "./pulumiOidcDeployRole";
export * from "./stackDeployments";
