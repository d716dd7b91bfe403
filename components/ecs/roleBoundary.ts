/**
 * The stack's role boundary is looked up before any role is created: the deploy roles refuse a
 * role without it, and a role that names a missing policy fails only mid-`up`, after the network
 * and the load balancer exist.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../../model/aws";
import { PROJECT, roleBoundaryArn } from "../../model/naming";
import { firstLine } from "../errorText";

const KEY = `${PROJECT}:rolePermissionsBoundary`;

/** What to tell the user when the boundary cannot be read. */
export function roleBoundaryProblem(arn: string, error: string): string {
    return (
        `${KEY} is true, but IAM has no policy ${arn} that these credentials can read (${error}). ` +
        `Run the deployments program (deployments/) with this stack in yelb-deployments:stacks first, which creates it, ` +
        `or set ${KEY} to false when you deploy with credentials of your own.`
    );
}

/** Resolves to the ARN of the stack's role boundary once IAM has shown it exists, or rejects with a `RunError`. */
export function checkedRoleBoundary(stack: string, region: string, provider: aws.Provider): Promise<string> {
    return aws.getCallerIdentity({}, { provider }).then((identity) => {
        const arn = roleBoundaryArn(partitionOf(region), identity.accountId, stack);
        return aws.iam.getPolicy({ arn }, { provider }).then(
            () => arn,
            (error: unknown) => {
                throw new pulumi.RunError(roleBoundaryProblem(arn, firstLine(error)));
            },
        );
    });
}
