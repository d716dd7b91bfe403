/**
 * Task definitions of Service Connect services: task-level memory above the containers' limits,
 * room for the proxy, named ports that the services' port names match, and HTTP app protocols.
 */
import type { PolicyResource, ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import { SERVICE_CONNECT_PROXY, recommendedProxyReservation } from "../model/serviceConnect";
import {
    Props,
    containerDefinitions,
    containerLimitSum,
    publishedServices,
    serviceConnectServices,
    settingsOf,
    taskDefinitionOf,
} from "./lib";
import { OnUnknown, checkEach, knownOrUndefined, read, undecidedReporter } from "./unknowns";

interface ServiceAndTask {
    readonly service: PolicyResource;
    readonly taskDefinition: PolicyResource;
    readonly containers: Props[];
}

/**
 * Each Service Connect service with its task definition and containers, where the stack has them;
 * a service whose task definition or containers are unknown goes to `onUnknown`.
 */
function serviceConnectTasks(resources: readonly PolicyResource[], onUnknown: OnUnknown): ServiceAndTask[] {
    const found: ServiceAndTask[] = [];
    for (const service of serviceConnectServices(resources, onUnknown)) {
        const task = read(() => {
            const taskDefinition = taskDefinitionOf(service, resources);
            return { taskDefinition, containers: taskDefinition === undefined ? undefined : containerDefinitions(taskDefinition.props) };
        });
        if (!task.known) {
            onUnknown(service, task.error);
        } else if (task.value.taskDefinition !== undefined && task.value.containers !== undefined) {
            found.push({ service, taskDefinition: task.value.taskDefinition, containers: task.value.containers });
        }
    }
    return found;
}

/** Runs a check per service and task; an unknown value makes a note on that task definition. */
function checkTasks(resources: readonly PolicyResource[], reportViolation: ReportViolation, check: (task: ServiceAndTask) => void): void {
    const undecided = undecidedReporter(reportViolation);
    checkEach(serviceConnectTasks(resources, undecided), undecided, check, (task) => task.taskDefinition);
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

export const taskMemory: StackValidationPolicy = {
    name: "service-connect-task-memory",
    description: "Checks that Service Connect task definitions set task-level memory, greater than the sum of the container memory limits.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        checkTasks(args.resources, reportViolation, ({ service, taskDefinition, containers }) => {
            const memory = Number(taskDefinition.props.memory ?? 0);
            const limits = containerLimitSum(containers, "memory");
            if (!(memory > 0)) {
                reportViolation(
                    `Service Connect needs a task memory limit, but ${taskDefinition.name} (used by ${service.name}) sets ` +
                        `none. Set the task definition's memory, above the containers' ${limits} MiB.`,
                    taskDefinition.urn,
                );
            } else if (memory <= limits) {
                reportViolation(
                    `Task memory must exceed the sum of container memory limits so the Service Connect proxy has memory, ` +
                        `but ${taskDefinition.name} sets ${memory} MiB for containers limited to ${limits} MiB. ` +
                        `Raise the task memory or lower the container limits.`,
                    taskDefinition.urn,
                );
            }
        });
    },
};

export const proxyHeadroom: StackValidationPolicy = {
    name: "service-connect-proxy-headroom",
    description:
        "Checks that Service Connect tasks leave the proxy the CPU and memory the guide recommends, more for busy tasks and large namespaces.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            proxyCpu: { type: "integer", default: SERVICE_CONNECT_PROXY.cpu, description: "CPU units to leave to the proxy." },
            proxyMemory: { type: "integer", default: SERVICE_CONNECT_PROXY.memory, description: "MiB to leave to the proxy." },
            peakRequestsPerSecondPerTask: {
                type: "integer",
                default: 0,
                description: `Expected peak requests per second per task; above ${SERVICE_CONNECT_PROXY.highTrafficRequestsPerSecond} the proxy needs ${SERVICE_CONNECT_PROXY.highTrafficCpu} CPU units.`,
            },
            expectedNamespaceServices: {
                type: "integer",
                default: 0,
                description: `Service Connect services expected in the namespace, if more than this stack has; above ${SERVICE_CONNECT_PROXY.largeNamespaceServices} the proxy needs ${SERVICE_CONNECT_PROXY.largeNamespaceMemory} MiB.`,
            },
            expectedNamespaceTasks: {
                type: "integer",
                default: 0,
                description: `Tasks expected in the namespace, if more than this stack runs; above ${SERVICE_CONNECT_PROXY.largeNamespaceTasks} the proxy needs ${SERVICE_CONNECT_PROXY.largeNamespaceMemory} MiB.`,
            },
        },
    },
    validateStack: (args, reportViolation) => {
        const config = settingsOf<{
            proxyCpu: number;
            proxyMemory: number;
            peakRequestsPerSecondPerTask: number;
            expectedNamespaceServices: number;
            expectedNamespaceTasks: number;
        }>(proxyHeadroom.configSchema, args.getConfig());
        const undecided = undecidedReporter(reportViolation);
        const tasks = serviceConnectTasks(args.resources, undecided);
        // The namespace's size only decides between two memory figures; an unknown count counts as one.
        const servicesInStack = tasks.reduce(
            (n, t) => n + Math.max(1, knownOrUndefined(() => publishedServices(t.service.props).length) ?? 1),
            0,
        );
        const tasksInStack = sum(tasks.map((t) => Number(knownOrUndefined(() => t.service.props.desiredCount) ?? 1)));
        const wanted = recommendedProxyReservation(
            {
                peakRequestsPerSecondPerTask: config.peakRequestsPerSecondPerTask,
                namespaceServices: Math.max(servicesInStack, config.expectedNamespaceServices),
                namespaceTasks: Math.max(tasksInStack, config.expectedNamespaceTasks),
            },
            { ...SERVICE_CONNECT_PROXY, cpu: config.proxyCpu, memory: config.proxyMemory },
        );
        const short = (what: string, spare: string, wanted: string, task: string) =>
            `The Service Connect proxy's ${what} reservation is short in ${task}: the task leaves the proxy ${spare} beyond its ` +
            `containers' limits, and the proxy should have ${wanted}. Raise the proxy's ${what} reservation (the stack ` +
            `setting that sizes it, where the program has one) or the task ${what}.`;
        checkEach(
            tasks,
            undecided,
            ({ service, taskDefinition, containers }) => {
                const task = `${taskDefinition.name} (used by ${service.name})`;
                const spareCpu = Number(taskDefinition.props.cpu ?? 0) - containerLimitSum(containers, "cpu");
                const spareMemory = Number(taskDefinition.props.memory ?? 0) - containerLimitSum(containers, "memory");
                if (taskDefinition.props.cpu !== undefined && spareCpu < wanted.cpu) {
                    reportViolation(short("CPU", `${spareCpu} CPU units`, `${wanted.cpu}`, task), taskDefinition.urn);
                }
                if (taskDefinition.props.memory !== undefined && spareMemory < wanted.memory) {
                    reportViolation(short("memory", `${spareMemory} MiB`, `${wanted.memory} MiB`, task), taskDefinition.urn);
                }
            },
            (task) => task.taskDefinition,
        );
    },
};

export const portNameMatch: StackValidationPolicy = {
    name: "service-connect-port-name-match",
    description: "Checks that every Service Connect portName names a port mapping in the service's task definition.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        checkTasks(args.resources, reportViolation, ({ service, taskDefinition, containers }) => {
            const portNames = containers.flatMap((c) => (c.portMappings ?? []).map((p: Props) => p.name)).filter(Boolean);
            for (const entry of publishedServices(service.props)) {
                if (!portNames.includes(entry.portName)) {
                    reportViolation(
                        `Service Connect portName "${entry.portName}" of ${service.name} matches no port mapping name in ` +
                            `${taskDefinition.name} (names: ${portNames.join(", ") || "none"}). Name the port mapping ` +
                            `"${entry.portName}" or use one of the existing names.`,
                        service.urn,
                    );
                }
            }
        });
    },
};

export const appProtocol: StackValidationPolicy = {
    name: "service-connect-app-protocol",
    description: "Checks that HTTP ports published through Service Connect set appProtocol, so the proxy reports HTTP metrics.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            httpPorts: {
                type: "array",
                items: { type: "integer" },
                default: [80, 3000, 4567, 5000, 8000, 8080, 8888, 9000],
                description: "Container ports taken to speak HTTP.",
            },
        },
    },
    validateStack: (args, reportViolation) => {
        const { httpPorts } = settingsOf<{ httpPorts: number[] }>(appProtocol.configSchema, args.getConfig());
        checkTasks(args.resources, reportViolation, ({ service, taskDefinition, containers }) => {
            const published = new Set(publishedServices(service.props).map((entry) => entry.portName));
            for (const mapping of containers.flatMap((c) => (c.portMappings ?? []) as Props[])) {
                if (published.has(mapping.name) && httpPorts.includes(mapping.containerPort) && mapping.appProtocol === undefined) {
                    reportViolation(
                        `Port "${mapping.name}" (${mapping.containerPort}) of ${taskDefinition.name} looks like HTTP but sets ` +
                            `no appProtocol, so Service Connect reports no HTTP metrics for ${service.name}. Set appProtocol to "http", "http2" or "grpc".`,
                        taskDefinition.urn,
                    );
                }
            }
        });
    },
};
