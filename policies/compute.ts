/**
 * Where Service Connect tasks may run: Linux, Fargate platform 1.4.0 or later, the EC2 launch
 * type rather than capacity providers on EC2, and not ECS Anywhere.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { SERVICE_CONNECT_MIN_FARGATE_PLATFORM, fargatePlatformRunsServiceConnect } from "../model/serviceConnect";
import { SERVICE, serviceConnectOf, serviceConnectServices, taskDefinitionOf } from "./lib";
import { checkEach, decidingPerResource, undecidedReporter } from "./unknowns";

const FARGATE_PROVIDERS = ["FARGATE", "FARGATE_SPOT"];

export const fargatePlatformVersion: ResourceValidationPolicy = {
    name: "service-connect-fargate-platform-version",
    description: `Checks that Service Connect services on Fargate use platform version ${SERVICE_CONNECT_MIN_FARGATE_PLATFORM} or later (or LATEST).`,
    enforcementLevel: "mandatory",
    validateResource: decidingPerResource((args, reportViolation) => {
        if (args.type !== SERVICE || serviceConnectOf(args.props) === undefined) {
            return;
        }
        const providers: string[] = (args.props.capacityProviderStrategies ?? []).map(
            (s: { capacityProvider: string }) => s.capacityProvider,
        );
        const onFargate = args.props.launchType === "FARGATE" || providers.some((p) => FARGATE_PROVIDERS.includes(p));
        if (onFargate && !fargatePlatformRunsServiceConnect(args.props.platformVersion)) {
            reportViolation(
                `Service Connect on Fargate needs Linux platform version ${SERVICE_CONNECT_MIN_FARGATE_PLATFORM} or later, but platformVersion is ` +
                    `${args.props.platformVersion}. Set platformVersion to "LATEST" or "${SERVICE_CONNECT_MIN_FARGATE_PLATFORM}".`,
            );
        }
    }),
};

export const supportedLaunchType: ResourceValidationPolicy = {
    name: "service-connect-launch-type",
    description:
        "Checks that Service Connect services run on Fargate or the EC2 launch type: no capacity providers on EC2, no ECS Anywhere.",
    enforcementLevel: "mandatory",
    validateResource: decidingPerResource((args, reportViolation) => {
        if (args.type !== SERVICE || serviceConnectOf(args.props) === undefined) {
            return;
        }
        if (args.props.launchType === "EXTERNAL") {
            reportViolation("Service Connect does not support external instances (ECS Anywhere). Use launchType FARGATE or EC2.");
        }
        const ec2Providers = (args.props.capacityProviderStrategies ?? [])
            .map((s: { capacityProvider: string }) => s.capacityProvider)
            .filter((p: string) => !FARGATE_PROVIDERS.includes(p));
        if (ec2Providers.length > 0) {
            reportViolation(
                `Service Connect cannot run on EC2 through capacity provider strategies (${ec2Providers.join(", ")}). ` +
                    `Remove capacityProviderStrategies and set launchType to "EC2".`,
            );
        }
    }),
};

export const linuxOnly: StackValidationPolicy = {
    name: "service-connect-linux-only",
    description: "Checks that the task definitions of Service Connect services run Linux containers, not Windows.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const undecided = undecidedReporter(reportViolation);
        checkEach(serviceConnectServices(args.resources, undecided), undecided, (service) => {
            const taskDefinition = taskDefinitionOf(service, args.resources);
            const family = taskDefinition?.props.runtimePlatform?.operatingSystemFamily ?? "LINUX";
            if (!String(family).startsWith("LINUX")) {
                reportViolation(
                    `Windows containers are not supported with Service Connect, but ${taskDefinition!.name} sets ` +
                        `runtimePlatform.operatingSystemFamily to ${family}. Use a Linux task definition for ${service.name}.`,
                    taskDefinition!.urn,
                );
            }
        });
    },
};
