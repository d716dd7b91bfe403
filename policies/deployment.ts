/**
 * Deployments: Service Connect supports rolling deployments by the ECS controller only, no
 * deployment circuit breaker (this project's rule), and clients that start after the servers they call.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { SERVICE, dependsOn, serviceCalls, serviceConnectOf, settingsOf } from "./lib";
import { decidingPerResource, undecidedReporter } from "./unknowns";

export const rollingDeployment: ResourceValidationPolicy = {
    name: "service-connect-rolling-deployment",
    description: "Checks that Service Connect services use rolling deployments by the ECS deployment controller.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowEcsBlueGreen: {
                type: "boolean",
                default: false,
                description:
                    "Also allow the ECS controller's own BLUE_GREEN strategy, which later AWS documentation supports with Service Connect.",
            },
        },
    },
    validateResource: decidingPerResource((args, reportViolation) => {
        if (args.type !== SERVICE || serviceConnectOf(args.props) === undefined) {
            return;
        }
        const controller = args.props.deploymentController?.type ?? "ECS";
        if (controller !== "ECS") {
            reportViolation(
                `Service Connect supports only rolling deployments, but deploymentController.type is ${controller}. ` +
                    `Remove the deploymentController block or set its type to "ECS".`,
            );
            return;
        }
        const strategy = args.props.deploymentConfiguration?.strategy ?? "ROLLING";
        const { allowEcsBlueGreen } = settingsOf<{ allowEcsBlueGreen: boolean }>(rollingDeployment.configSchema, args.getConfig());
        if (strategy !== "ROLLING" && !(allowEcsBlueGreen && strategy === "BLUE_GREEN")) {
            reportViolation(
                `Service Connect supports only rolling deployments, but deploymentConfiguration.strategy is ${strategy}. ` +
                    `Set the strategy to "ROLLING" or remove it.`,
            );
        }
    }),
};

/**
 * The project's rule, kept although AWS has moved: the Service Connect guide this project follows
 * listed the deployment circuit breaker as unsupported, and later AWS documentation lifted that.
 * The guide's warning still stands (a service deleted with both may not be re-creatable with the
 * same configuration), and a failed rollout here stops at the services' custom timeouts instead.
 */
export const noCircuitBreaker: ResourceValidationPolicy = {
    name: "service-connect-no-circuit-breaker",
    description: "Checks that Service Connect services do not enable the ECS deployment circuit breaker (this project's rule).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowCircuitBreaker: {
                type: "boolean",
                default: false,
                description:
                    "Allow the circuit breaker, which later AWS documentation supports with Service Connect; the pack keeps it off by default.",
            },
        },
    },
    validateResource: decidingPerResource((args, reportViolation) => {
        if (args.type !== SERVICE || serviceConnectOf(args.props) === undefined) {
            return;
        }
        const { allowCircuitBreaker } = settingsOf<{ allowCircuitBreaker: boolean }>(noCircuitBreaker.configSchema, args.getConfig());
        if (args.props.deploymentCircuitBreaker?.enable === true && !allowCircuitBreaker) {
            reportViolation(
                "This project keeps the ECS deployment circuit breaker off for Service Connect services. The Service Connect guide " +
                    "it follows listed the breaker as unsupported; later AWS documentation supports it, but the guide also warns that a " +
                    "service deleted with both may not be re-creatable with the same configuration, and `pulumi up` already stops a " +
                    "failed rollout at the services' custom timeouts (yelb:serviceDeployTimeoutMinutes). Set " +
                    "deploymentCircuitBreaker.enable to false (update the service before deleting it), or set this policy's " +
                    "allowCircuitBreaker to true.",
            );
        }
    }),
};

export const clientAfterServers: StackValidationPolicy = {
    name: "service-connect-client-after-servers",
    description:
        "Checks that each Service Connect service depends on the client-server services it calls, so it starts after their endpoints exist.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        for (const { client, server } of serviceCalls(args.resources, undecidedReporter(reportViolation))) {
            if (!dependsOn(client, server)) {
                reportViolation(
                    `${client.name} calls ${server.name}, but does not depend on it: its tasks may start before the ` +
                        `endpoint exists and never resolve it. Add dependsOn: [${server.name}] to ${client.name}.`,
                    client.urn,
                );
            }
        }
    },
};
