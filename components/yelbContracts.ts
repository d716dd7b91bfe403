/**
 * What the stock Yelb images expect of their network, read from the application's sources
 * (mreferre/yelb). The images are used unmodified, so the Service Connect aliases must be exactly
 * the host names and ports the images dial by default; no environment variable is needed.
 *
 * Sources (paths in mreferre/yelb; commits are those the quotes were read at):
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

export type YelbTier = "ui" | "appserver" | "redis" | "db";

/** A host name and port one tier dials on another. */
export interface Dial {
    readonly tier: YelbTier;
    readonly host: string;
    readonly port: number;
}

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

export const YELB_CONTRACTS: { readonly [T in YelbTier]: TierContract } = {
    ui: {
        portName: "yelb-ui",
        containerPort: 80,
        appProtocol: "http",
        dials: [{ tier: "appserver", host: "yelb-appserver", port: 4567 }],
        environment: {},
        source: "mreferre/yelb yelb-ui/startup.sh: proxy_pass http://yelb-appserver:4567/api; nginx on port 80",
    },
    appserver: {
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
    redis: {
        portName: "redis-server",
        containerPort: 6379,
        endpoint: { dnsName: "redis-server", port: 6379, discoveryName: "redis-server" },
        dials: [],
        environment: {},
        healthCheckCommand: ["CMD-SHELL", "redis-cli -h 127.0.0.1 ping | grep -q PONG"],
        source: "mreferre/yelb yelb-appserver/modules/pageviews.rb: Redis.new(:host => $redishost, :port => 6379)",
    },
    db: {
        portName: "yelb-db",
        containerPort: 5432,
        endpoint: { dnsName: "yelb-db", port: 5432, discoveryName: "yelb-db" },
        dials: [],
        environment: {},
        healthCheckCommand: ["CMD-SHELL", "pg_isready -h 127.0.0.1 -p 5432 -U postgres"],
        source: "mreferre/yelb yelb-db/Dockerfile: FROM postgres:10.21; yelb-appserver.rb: yelbdbport 5432",
    },
};
