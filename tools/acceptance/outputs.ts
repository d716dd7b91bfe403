/** The stack outputs the checks use (exported by index.ts), read and checked in one place. */

export interface StackOutputs {
    readonly url: string;
    readonly clusterName: string;
    readonly serviceNames: { readonly ui: string; readonly appserver: string; readonly redis: string; readonly db: string };
    /** Present only with `dbPersistence`. */
    readonly databaseFileSystemId?: string;
}

export function parseOutputs(outputs: Readonly<Record<string, unknown>>): StackOutputs {
    const problems: string[] = [];
    const text = (value: unknown, name: string): string => {
        if (typeof value !== "string" || value === "") {
            problems.push(`${name} is ${value === undefined ? "missing" : JSON.stringify(value)}`);
            return "";
        }
        return value;
    };
    const names = (outputs.serviceNames ?? {}) as Record<string, unknown>;
    const parsed: StackOutputs = {
        url: text(outputs.url, "url"),
        clusterName: text(outputs.clusterName, "clusterName"),
        serviceNames: {
            ui: text(names.ui, "serviceNames.ui"),
            appserver: text(names.appserver, "serviceNames.appserver"),
            redis: text(names.redis, "serviceNames.redis"),
            db: text(names.db, "serviceNames.db"),
        },
        databaseFileSystemId:
            typeof outputs.databaseFileSystemId === "string" && outputs.databaseFileSystemId !== ""
                ? outputs.databaseFileSystemId
                : undefined,
    };
    if (problems.length > 0) {
        throw new Error(`the stack outputs are not what index.ts exports: ${problems.join(", ")}`);
    }
    return parsed;
}
