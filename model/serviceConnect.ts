/**
 * Facts from the AWS Service Connect guide, shared by the program (config/, components/) and the
 * policy pack (policies/). It imports nothing, so the pack's build (`npm run pack:policies`) can
 * carry it into the published pack folder; neither side depends on the other.
 */

/** What the Service Connect guide recommends reserving for the proxy ("Service Connect proxy"). */
export const SERVICE_CONNECT_PROXY = {
    /** CPU units to add to the task for the proxy. */
    cpu: 256,
    /** CPU units to add instead when a task expects more than 500 requests per second at peak. */
    highTrafficCpu: 512,
    /** MiB of memory to add to the task for the proxy, at least. */
    memory: 64,
    /** MiB to add instead in namespaces with more than 100 services or 2000 tasks. */
    largeNamespaceMemory: 128,
    /** Above this many requests per second per task, reserve `highTrafficCpu`. */
    highTrafficRequestsPerSecond: 500,
    /** Above this many Service Connect services in a namespace, reserve `largeNamespaceMemory`. */
    largeNamespaceServices: 100,
    /** Above this many tasks in a namespace, reserve `largeNamespaceMemory`. */
    largeNamespaceTasks: 2000,
} as const;

export type ProxyFigures = { readonly [K in keyof typeof SERVICE_CONNECT_PROXY]: number };

/**
 * The regions the AWS Service Connect guide lists ("Regions with Service Connect"). AWS adds
 * regions over time, so the config loader warns rather than fails outside this list.
 */
export const SERVICE_CONNECT_REGIONS: readonly string[] = [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "af-south-1",
    "ap-east-1",
    "ap-south-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ca-central-1",
    "cn-north-1",
    "cn-northwest-1",
    "eu-central-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-south-1",
    "eu-north-1",
    "me-south-1",
    "sa-east-1",
];

/**
 * The proxy reservation the guide recommends for a service, given its expected peak load and the
 * size of its namespace.
 */
export function recommendedProxyReservation(
    load: {
        peakRequestsPerSecondPerTask?: number;
        namespaceServices?: number;
        namespaceTasks?: number;
    },
    figures: ProxyFigures = SERVICE_CONNECT_PROXY,
): { cpu: number; memory: number } {
    const highTraffic = (load.peakRequestsPerSecondPerTask ?? 0) > figures.highTrafficRequestsPerSecond;
    const largeNamespace =
        (load.namespaceServices ?? 0) > figures.largeNamespaceServices || (load.namespaceTasks ?? 0) > figures.largeNamespaceTasks;
    return {
        cpu: highTraffic ? figures.highTrafficCpu : figures.cpu,
        memory: largeNamespace ? figures.largeNamespaceMemory : figures.memory,
    };
}

/** The Fargate Linux platform version Service Connect needs at least ("Service Connect considerations"). */
export const SERVICE_CONNECT_MIN_FARGATE_PLATFORM = "1.4.0";

/** Whether a Fargate platform version runs Service Connect; LATEST and unset count as current. */
export function fargatePlatformRunsServiceConnect(version: unknown): boolean {
    if (version === undefined || version === null || version === "" || version === "LATEST") {
        return true;
    }
    const parse = (text: string) => /^(\d+)\.(\d+)\.(\d+)$/.exec(text)?.slice(1).map(Number);
    const given = parse(String(version));
    const [major, minor] = parse(SERVICE_CONNECT_MIN_FARGATE_PLATFORM)!;
    return given !== undefined && (given[0] > major || (given[0] === major && given[1] >= minor));
}
