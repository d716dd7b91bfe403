/**
 * The execution role and task role of a Service Connect service, least privilege: the execution
 * role writes to the service's log group (and pulls from its ECR repository when the image is in
 * ECR); the task role grants only what the app needs, here at most its EFS access point.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../../model/aws";
import { ecrRepositoryArn } from "../../model/validators";

export interface TaskRolesSpec {
    readonly region: string;
    readonly image: string;
    /** The image comes through an ECR pull through cache: its first pull creates the repository and imports the image. */
    readonly pullThroughCache?: boolean;
    readonly logGroupArn: pulumi.Input<string>;
    /** The EFS file system and access point the task mounts with IAM authorisation. */
    readonly efs?: { readonly fileSystemArn: pulumi.Input<string>; readonly accessPointArn: pulumi.Input<string> };
    /** The roles' IAM path, which carries the stack (`roleIamPath`). @default "/" */
    readonly path?: string;
    /** The roles' permissions boundary: the most they may ever do, whatever their policies say. @default none */
    readonly boundaryArn?: pulumi.Input<string>;
}

export function createTaskRoles(
    name: string,
    spec: TaskRolesSpec,
    parent: pulumi.Resource,
): { executionRole: aws.iam.Role; taskRole: aws.iam.Role; policies: aws.iam.RolePolicy[] } {
    const account = aws.getCallerIdentityOutput({}, { parent }).accountId;
    const trust = pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "ecs-tasks.amazonaws.com" },
                Action: "sts:AssumeRole",
                // Confused-deputy guard: only ECS acting for this account may assume the roles.
                Condition: {
                    StringEquals: { "aws:SourceAccount": account },
                    ArnLike: { "aws:SourceArn": pulumi.interpolate`arn:${partitionOf(spec.region)}:ecs:${spec.region}:${account}:*` },
                },
            },
        ],
    });

    const executionRole = new aws.iam.Role(
        `${name}-execution`,
        { assumeRolePolicy: trust, path: spec.path, permissionsBoundary: spec.boundaryArn },
        { parent },
    );
    const repository = ecrRepositoryArn(spec.image);
    const ecrPull =
        repository === undefined
            ? []
            : [
                  { Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
                  {
                      Effect: "Allow",
                      Action: [
                          "ecr:BatchGetImage",
                          "ecr:GetDownloadUrlForLayer",
                          // A pull through cache's first pull creates the repository and imports the upstream image (ECR guide).
                          ...(spec.pullThroughCache === true ? ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"] : []),
                      ],
                      Resource: repository,
                  },
              ];
    // Inline policies attach after their role: the task definition waits for them (`policies`).
    const policies = [
        new aws.iam.RolePolicy(
            `${name}-execution-logs`,
            {
                role: executionRole.id,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                            Resource: pulumi.interpolate`${spec.logGroupArn}:log-stream:*`,
                        },
                        ...ecrPull,
                    ],
                }),
            },
            { parent },
        ),
    ];

    // The app calls no AWS API; the task role exists so permissions can be granted without
    // replacing the task definition, and grants only the EFS mount when there is one.
    const taskRole = new aws.iam.Role(
        `${name}-task`,
        { assumeRolePolicy: trust, path: spec.path, permissionsBoundary: spec.boundaryArn },
        { parent },
    );
    if (spec.efs !== undefined) {
        policies.push(
            new aws.iam.RolePolicy(
                `${name}-task-efs`,
                {
                    role: taskRole.id,
                    policy: pulumi.jsonStringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Effect: "Allow",
                                Action: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
                                Resource: spec.efs.fileSystemArn,
                                Condition: { StringEquals: { "elasticfilesystem:AccessPointArn": spec.efs.accessPointArn } },
                            },
                        ],
                    }),
                },
                { parent },
            ),
        );
    }
    return { executionRole, taskRole, policies };
}
