/** Observability of the Service Connect proxy: its logs. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { SERVICE, serviceConnectOf } from "./lib";
import { decidingPerResource } from "./unknowns";

export const proxyLogs: ResourceValidationPolicy = {
    name: "service-connect-proxy-logs",
    description: "Checks that Service Connect services send the proxy's logs somewhere (serviceConnectConfiguration.logConfiguration).",
    enforcementLevel: "advisory",
    validateResource: decidingPerResource((args, reportViolation) => {
        const sc = args.type === SERVICE ? serviceConnectOf(args.props) : undefined;
        if (sc !== undefined && (sc.logConfiguration === undefined || sc.logConfiguration === null)) {
            reportViolation(
                "The Service Connect proxy's logs are discarded. Set serviceConnectConfiguration.logConfiguration " +
                    '(for example the awslogs driver with the service\'s log group and stream prefix "service-connect-proxy").',
            );
        }
    }),
};
