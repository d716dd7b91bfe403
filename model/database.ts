/** The database tier's storage rules: pure, so the config loader and the component share them. */

export interface DatabaseSettings {
    /** Postgres data on EFS rather than task storage. */
    readonly persistence: boolean;
    readonly backups: boolean;
    readonly retainOnDestroy: boolean;
}

/** EFS persistence runs exactly one task, and backups and retention need EFS. */
export function validateDatabase(database: DatabaseSettings, desiredCount: number, project = "yelb"): string | undefined {
    if (database.persistence && desiredCount !== 1) {
        return (
            `${project}:dbDesiredCount is ${desiredCount}, but with ${project}:dbPersistence the database runs exactly one task: ` +
            `two Postgres processes must never share one data directory. Set dbDesiredCount to 1.`
        );
    }
    for (const [name, on] of [
        ["dbBackups", database.backups],
        ["dbRetainDataOnDestroy", database.retainOnDestroy],
    ] as const) {
        if (on && !database.persistence) {
            return `${project}:${name} is true but ${project}:dbPersistence is false, so there is no file system for it. Set dbPersistence to true, or ${name} to false.`;
        }
    }
    return undefined;
}
