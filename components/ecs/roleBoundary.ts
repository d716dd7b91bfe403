import * as aws from "@pulumi/aws";
import { partitionOf } from "../../model/aws";
import type { RoleBoundaryLookup } from "../../model/awsLookups";
import { roleBoundaryArn } from "../../model/naming";
import { firstLine } from "../errorText";

/**
 * Looks up the stack's role boundary (created by deployments/) before any role is created, and
 * resolves to its ARN with why IAM could not show it, if it could not.
 */
export function lookupRoleBoundary(stack: string, region: string, provider: aws.Provider): Promise<RoleBoundaryLookup> {
    return aws.getCallerIdentity({}, { provider }).then((identity) => {
        const arn = roleBoundaryArn(partitionOf(region), identity.accountId, stack);
        return aws.iam.getPolicy({ arn }, { provider }).then(
            (): RoleBoundaryLookup => ({ arn }),
            (error: unknown): RoleBoundaryLookup => ({ arn, error: firstLine(error) }),
        );
    });
}
