/**
 * The tier table: every Yelb tier once, with what its stock image expects of the network, whom it
 * calls, how many tasks it may run and what monitoring watches. Config keys, the wiring in
 * `index.ts`, the security group chain, the deployment order, monitoring and the outputs all derive
 * from it; adding a tier is one entry here; a tier with resources of its own takes a role.
 *
 * The contracts are read from the application's sources (mreferre/yelb; commits as quoted). The
 * images are used unmodified, so the Service Connect aliases are exactly the host names and ports
 * the images dial by default, and no environment variable is needed:
 * - UI: `yelb-ui/startup.sh` renders `proxy_pass http://yelb-appserver:4567/api;` into nginx's
 *   `default.conf` (default `YELB_APPSERVER_ENDPOINT="http://yelb-appserver:4567"`, @db8e1a4;
 *   older and newer versions hardcode the same host); nginx listens on 80 (stock default.conf).
 *   nginx resolves that name once, at start, and exits with "host not found in upstream" if it
 *   cannot: the appserver endpoint must exist before a UI task starts.
 * - Appserver: `yelb-appserver/yelb-appserver.rb` `configure :production do set :redishost,
 *   "redis-server"; set :yelbdbhost => "yelb-db"; set :yelbdbport => 5432` and `set :port, 4567`;
 *   the Dockerfile sets `ENV RACK_ENV=production` (@fb98972); `modules/pageviews.rb` dials Redis
 *   on `:port => 6379`; `startup.sh` runs `ruby yelb-appserver.rb -o 0.0.0.0`.
 * - Database: `yelb-db/Dockerfile` `FROM postgres:10.21`, `ENV POSTGRES_PASSWORD=postgres_password`
 *   (the image's own default, also hardcoded in the appserver; not a setting of ours), and
 *   `init-yelb-db.sh` creates `yelbdatabase` on first start.
 * - Redis: the official `redis:4.0.2` image listens on 6379 with `redis-cli` on the PATH.
 * - The repository's own deployments (docker-compose, Kubernetes, its ECS CloudFormation with these
 *   exact tags) name the services `yelb-appserver`, `redis-server` and `yelb-db`.
 */

/** A host name and port one tier dials on another. */
export interface Dial {
    readonly tier: string;
    readonly host: string;
    readonly port: number;
}

/** What a tier's image expects of its network, and what it offers. */
export interface TierContract {
    /** The name of the image's container and of its Service Connect port mapping. */
    readonly portName: string;
    /** The port the image listens on. */
    readonly containerPort: number;
    /** Layer 7 protocol, set for HTTP so Service Connect reports HTTP metrics. */
    readonly appProtocol?: "http";
    /** The endpoint other tiers dial, when the tier is a server for others. */
    readonly endpoint?: { readonly dnsName: string; readonly port: number; readonly discoveryName: string };
    /** The tiers this one dials, with the exact host and port hardcoded in the image. */
    readonly dials: readonly Dial[];
    /** Environment the image needs; empty because the defaults above are what we publish. */
    readonly environment: Readonly<Record<string, string>>;
    /** A health check with a command that exists in the image. */
    readonly healthCheckCommand?: readonly string[];
    /** Where the contract comes from. */
    readonly source: string;
}

/**
 * What a tier is to the stack beyond its Service Connect service; each role has a component with
 * resources of its own (components/tiers/factories.ts) and settings named after the tier:
 * - "entry": the tier the load balancer forwards to, published at the stack's domain name
 *   (`<tier>HealthCheckGracePeriod`).
 * - "autoscaled": scaled by Application Auto Scaling on CPU and, optionally, requests per task
 *   (`<tier>MinCount`, `<tier>MaxCount`, `<tier>CpuTarget`, `<tier>RequestsPerTaskTarget`).
 * - "database": Postgres whose data may live on EFS (`<tier>Persistence`, `<tier>Backups`,
 *   `<tier>RetainDataOnDestroy`, `<tier>ProtectData`).
 * At most one tier of a table has each role.
 */
export type TierRole = "entry" | "autoscaled" | "database";

interface TierBase {
    readonly contract: TierContract;
    /**
     * The tier keeps its state in the task (a cache, a database): a second task would be a second,
     * separate store, so it runs at most one, replaced in place (stop, then start).
     */
    readonly singleStore: boolean;
    /** Most tasks the tier may be asked to run (1 for a single store). */
    readonly maxDesiredCount: number;
    /** What the site loses when the tier runs no task, for the warning. */
    readonly idleEffect: string;
    /** The upstream whose calls from this tier the alarms watch (5xx rate, p99). @default none */
    readonly watchedUpstream?: string;
}

/**
 * A tier with a role gets the role's component; a tier that needs nothing beyond its service names
 * the type token of its generic component instead, such as "YelbRedis" for `yelb:tiers:YelbRedis`.
 */
export type TierDefinition = TierBase &
    ({ readonly role: TierRole; readonly genericComponent?: never } | { readonly genericComponent: string; readonly role?: never });

export type TierTable = Readonly<Record<string, TierDefinition>>;

const TABLE = {
    ui: {
        contract: {
            portName: "yelb-ui",
            containerPort: 80,
            appProtocol: "http",
            dials: [{ tier: "appserver", host: "yelb-appserver", port: 4567 }],
            environment: {},
            source: "mreferre/yelb yelb-ui/startup.sh: proxy_pass http://yelb-appserver:4567/api; nginx on port 80",
        },
        singleStore: false,
        maxDesiredCount: 100,
        idleEffect: "no UI task runs, so the load balancer has no targets and the site answers 503.",
        watchedUpstream: "appserver",
        role: "entry",
    },
    appserver: {
        contract: {
            portName: "yelb-appserver",
            containerPort: 4567,
            appProtocol: "http",
            endpoint: { dnsName: "yelb-appserver", port: 4567, discoveryName: "yelb-appserver" },
            dials: [
                { tier: "redis", host: "redis-server", port: 6379 },
                { tier: "db", host: "yelb-db", port: 5432 },
            ],
            environment: {},
            healthCheckCommand: ["CMD-SHELL", "curl -fs http://127.0.0.1:4567/api/hostname || exit 1"],
            source: 'mreferre/yelb yelb-appserver/yelb-appserver.rb: configure :production, redishost "redis-server", yelbdbhost "yelb-db", port 4567',
        },
        singleStore: false,
        maxDesiredCount: 1000,
        idleEffect: "no appserver task runs, so the UI cannot load or record votes.",
        role: "autoscaled",
    },
    redis: {
        contract: {
            portName: "redis-server",
            containerPort: 6379,
            endpoint: { dnsName: "redis-server", port: 6379, discoveryName: "redis-server" },
            dials: [],
            environment: {},
            healthCheckCommand: ["CMD-SHELL", "redis-cli -h 127.0.0.1 ping | grep -q PONG"],
            source: "mreferre/yelb yelb-appserver/modules/pageviews.rb: Redis.new(:host => $redishost, :port => 6379)",
        },
        singleStore: true,
        maxDesiredCount: 1,
        idleEffect: "no Redis task runs, so the appserver cannot count page views and its API calls fail.",
        genericComponent: "YelbRedis",
    },
    db: {
        contract: {
            portName: "yelb-db",
            containerPort: 5432,
            endpoint: { dnsName: "yelb-db", port: 5432, discoveryName: "yelb-db" },
            dials: [],
            environment: {},
            healthCheckCommand: ["CMD-SHELL", "pg_isready -h 127.0.0.1 -p 5432 -U postgres"],
            source: "mreferre/yelb yelb-db/Dockerfile: FROM postgres:10.21; yelb-appserver.rb: yelbdbport 5432",
        },
        singleStore: true,
        maxDesiredCount: 1,
        idleEffect: "no database task runs, so votes can be neither recorded nor read.",
        role: "database",
    },
} as const satisfies TierTable;

/** The Yelb tiers, top-down from the one users reach. */
export const TIERS: { readonly [T in keyof typeof TABLE]: TierDefinition } = TABLE;

/** The tier of `table` with `role`, if any. Throws when two tiers claim it. */
export function tierWithRole(table: TierTable, role: TierRole): string | undefined {
    const holders = Object.keys(table).filter((tier) => table[tier].role === role);
    if (holders.length > 1) {
        throw new Error(`the tiers ${holders.join(", ")} all have the role "${role}", which one tier of the table holds at most.`);
    }
    return holders[0];
}

/** The tiers a tier calls, from the hosts its image dials. */
export function upstreamsOf(table: TierTable, tier: string): string[] {
    return [...new Set(table[tier].contract.dials.map((dial) => dial.tier))];
}

/**
 * The order in which tiers start: every tier after the tiers it calls, since a Service Connect
 * client only resolves endpoints that existed when it started. Ties go bottom-up through the table.
 * Throws on a dial to a tier the table lacks, or a cycle.
 */
export function startOrder(table: TierTable): string[] {
    const names = Object.keys(table);
    for (const name of names) {
        const missing = upstreamsOf(table, name).filter((upstream) => table[upstream] === undefined);
        if (missing.length > 0) {
            throw new Error(`tier ${name} dials ${missing.join(", ")}, which the tier table does not define.`);
        }
    }
    const started: string[] = [];
    while (started.length < names.length) {
        const ready = [...names].reverse().find((n) => !started.includes(n) && upstreamsOf(table, n).every((u) => started.includes(u)));
        if (ready === undefined) {
            throw new Error(`the tiers ${names.filter((n) => !started.includes(n)).join(", ")} call each other in a cycle.`);
        }
        started.push(ready);
    }
    return started;
}
