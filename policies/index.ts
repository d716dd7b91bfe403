import { PolicyPack } from "@pulumi/policy";
import { POLICY_PACK_NAME, policies } from "./policies";

new PolicyPack(POLICY_PACK_NAME, {
    description: "Enforces the Amazon ECS Service Connect considerations on services and task definitions.",
    policies,
});
