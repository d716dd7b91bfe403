/**
 * Pins what the stock images expect, each with where it comes from in mreferre/yelb, so that a
 * change of alias, port or environment that the images would not follow fails here first.
 */
import * as assert from "assert";
import { ServiceConnectService } from "../components/ecs/serviceConnectService";
import { checkUpstreams } from "../components/tiers/tierService";
import { TIERS } from "../model/tiers";

/** The stock Yelb tiers, by name: a tier added to the table brings its own contract test. */
const YELB_CONTRACTS = {
    ui: TIERS.ui.contract,
    appserver: TIERS.appserver.contract,
    redis: TIERS.redis.contract,
    db: TIERS.db.contract,
};

describe("Yelb image contracts", () => {
    it("yelb-ui (nginx) listens on 80 and proxies /api to yelb-appserver:4567 (yelb-ui/startup.sh)", () => {
        const ui = YELB_CONTRACTS.ui;
        assert.strictEqual(ui.containerPort, 80);
        assert.deepStrictEqual(ui.dials, [{ tier: "appserver", host: "yelb-appserver", port: 4567 }]);
        assert.strictEqual(ui.endpoint, undefined, "nothing in the namespace calls the UI: a client service");
        assert.match(ui.source, /yelb-ui\/startup\.sh: proxy_pass http:\/\/yelb-appserver:4567\/api/);
    });

    it("yelb-appserver listens on 4567 and dials redis-server:6379 and yelb-db:5432 (yelb-appserver.rb, RACK_ENV=production)", () => {
        const appserver = YELB_CONTRACTS.appserver;
        assert.deepStrictEqual(appserver.endpoint, { dnsName: "yelb-appserver", port: 4567, discoveryName: "yelb-appserver" });
        assert.strictEqual(appserver.containerPort, 4567);
        assert.deepStrictEqual(appserver.dials, [
            { tier: "redis", host: "redis-server", port: 6379 },
            { tier: "db", host: "yelb-db", port: 5432 },
        ]);
        assert.match(appserver.source, /redishost "redis-server", yelbdbhost "yelb-db", port 4567/);
    });

    it("needs no environment: RACK_ENV=production is baked in, and custom endpoints would need RACK_ENV=custom", () => {
        for (const contract of Object.values(YELB_CONTRACTS)) {
            assert.deepStrictEqual(contract.environment, {});
        }
    });

    it("publishes Redis as redis-server (not yelb-redis, which the appserver never dials)", () => {
        assert.deepStrictEqual(YELB_CONTRACTS.redis.endpoint, { dnsName: "redis-server", port: 6379, discoveryName: "redis-server" });
        assert.match(YELB_CONTRACTS.redis.source, /pageviews\.rb: Redis\.new\(:host => \$redishost, :port => 6379\)/);
    });

    it("publishes Postgres as yelb-db:5432 (yelb-db/Dockerfile FROM postgres)", () => {
        assert.deepStrictEqual(YELB_CONTRACTS.db.endpoint, { dnsName: "yelb-db", port: 5432, discoveryName: "yelb-db" });
        assert.match(YELB_CONTRACTS.db.source, /FROM postgres:10\.21/);
    });

    it("health checks use commands the images ship: curl (bitnami/ruby), redis-cli, pg_isready", () => {
        assert.deepStrictEqual(YELB_CONTRACTS.appserver.healthCheckCommand, [
            "CMD-SHELL",
            "curl -fs http://127.0.0.1:4567/api/hostname || exit 1",
        ]);
        assert.deepStrictEqual(YELB_CONTRACTS.redis.healthCheckCommand, ["CMD-SHELL", "redis-cli -h 127.0.0.1 ping | grep -q PONG"]);
        assert.deepStrictEqual(YELB_CONTRACTS.db.healthCheckCommand, ["CMD-SHELL", "pg_isready -h 127.0.0.1 -p 5432 -U postgres"]);
        // nginx 1.17 images ship neither curl nor wget: the ALB health check covers the UI.
        assert.strictEqual(YELB_CONTRACTS.ui.healthCheckCommand, undefined);
    });

    it("checkUpstreams refuses wiring that the image would not follow", () => {
        const fake = (dnsName: string, port: number) =>
            ({ endpoint: { dnsName, port, discoveryName: dnsName }, logicalName: dnsName }) as unknown as ServiceConnectService;
        const appserver = { tier: "appserver", definition: TIERS.appserver };
        assert.deepStrictEqual(
            checkUpstreams({ ...appserver, upstreams: { db: fake("yelb-db", 5432), redis: fake("redis-server", 6379) } }).map(
                (service) => service.logicalName,
            ),
            ["redis-server", "yelb-db"],
            "in the order the image dials them",
        );
        assert.throws(
            () => checkUpstreams({ ...appserver, upstreams: { redis: fake("yelb-redis", 6379), db: fake("yelb-db", 5432) } }),
            /appserver: the image dials redis-server:6379 \(redis\), but no upstream publishes it \(upstreams publish: yelb-redis:6379, yelb-db:5432\)/,
        );
    });
});
