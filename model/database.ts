/** The database tier's storage rules: pure, so the config loader and the component share them. */

export interface DatabaseSettings {
    /** Postgres data on EFS rather than task storage. */
    readonly persistence: boolean;
    readonly backups: boolean;
    readonly retainOnDestroy: boolean;
}

/** The names the caller knows the settings by (config keys, or a component's arguments). */
export type DatabaseSettingNames = { readonly [K in keyof DatabaseSettings]: string } & { readonly desiredCount: string };

/** EFS persistence runs exactly one task, and backups and retention need EFS. */
export function validateDatabase(database: DatabaseSettings, desiredCount: number, names: DatabaseSettingNames): string | undefined {
    if (database.persistence && desiredCount !== 1) {
        return (
            `${names.desiredCount} is ${desiredCount}, but with ${names.persistence} the database runs exactly one task: ` +
            `two Postgres processes must never share one data directory. Set ${names.desiredCount} to 1.`
        );
    }
    for (const setting of ["backups", "retainOnDestroy"] as const) {
        if (database[setting] && !database.persistence) {
            return (
                `${names[setting]} is true but ${names.persistence} is false, so there is no file system for it. ` +
                `Set ${names.persistence} to true, or ${names[setting]} to false.`
            );
        }
    }
    return undefined;
}
