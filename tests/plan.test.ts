import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PRICES, estimateCost } from "../tools/plan/cost";
import { Plan, planFromEvaluation, planStack } from "../tools/plan/plan";
import { evaluateStack } from "../tools/harness/program";
import { renderPlan, violationGroups } from "../tools/plan/render";
import { PLAN_WIDTH, wrapped } from "../tools/plan/width";
import { asPolicyResources, stackFixture } from "./policies/fixtures";
import { TempFolders, npmStart } from "./support/cli";
import { sharedConfigEvaluation } from "./support/evaluations";
import { readStackConfig } from "../tools/harness/stackConfig";
import { componentName } from "../model/naming";
import { TIERS, startOrder } from "../model/tiers";
import { loadStackConfig } from "../config";
import { DEV_WITHOUT_LEVERS, cents, pricedLines } from "./costFixtures";
import { TIER_NAMES, assertEntries, perTier, taskCount } from "./support/tiers";

const STOCK_DEV = { ...readStackConfig("dev"), ...DEV_WITHOUT_LEVERS };

const cli = npmStart;
const temp = new TempFolders();
after(() => temp.removeAll());

describe("the offline plan", () => {
    let dev: Plan;
    before(async () => {
        dev = await planStack("dev", { config: STOCK_DEV, evaluate: sharedConfigEvaluation });
    });

    it("counts what pulumi up would create, by type", () => {
        const counts = Object.fromEntries(dev.countByType);
        // The stack's pieces hold 20 resources; each tier's component holds its own, by its role.
        const size = (node: Plan["tree"]): number => 1 + node.children.reduce((sum, child) => sum + size(child), 0);
        const bySubtree = Object.fromEntries(dev.tree.children.map((child) => [child.name, size(child)]));
        const tierComponents = TIER_NAMES.map((tier) => componentName(tier));
        assertEntries(bySubtree, { "yelb-db": 10, "yelb-redis": 10, "yelb-appserver": 16, "yelb-ui": 15 });
        assert.strictEqual(dev.resourceCount, 20 + tierComponents.reduce((sum, name) => sum + bySubtree[name], 0));
        // Every service names FARGATE or FARGATE_SPOT, so the cluster always offers both.
        assert.strictEqual(counts["aws:ecs/clusterCapacityProviders:ClusterCapacityProviders"], 1);
        assert.strictEqual(counts["aws:ecs/service:Service"], TIER_NAMES.length);
        assert.strictEqual(counts["aws:ecs/taskDefinition:TaskDefinition"], TIER_NAMES.length);
        // One for each call a tier's image makes, the ALB's two from the internet and the entry tier's from the ALB.
        const calls = Object.values(TIERS).reduce((sum, tier) => sum + tier.contract.dials.length, 0);
        assert.strictEqual(counts["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"], calls + 3);
        assert.strictEqual(counts["awsx:ec2:Vpc"], 1);
        assert.strictEqual(counts["pulumi-nodejs:dynamic/yelb:NamespaceDrain"], 1);
        assert.strictEqual(counts["pulumi:pulumi:Stack"], undefined);
    });

    it("gives a stack's first preview the same verdict, map and cost as an update", async () => {
        const firstPreview = await planStack("dev", { config: STOCK_DEV, view: "first-preview", evaluate: sharedConfigEvaluation });
        assert.deepStrictEqual(firstPreview.violations, dev.violations);
        assert.deepStrictEqual(firstPreview.serviceConnect, dev.serviceConnect);
        // The ALB's subnets are unknown then: its addresses are counted from the VPC's zones.
        assert.deepStrictEqual(firstPreview.cost, dev.cost);
    });

    it("draws the tree from the stack down through the components", () => {
        assert.strictEqual(dev.tree.name, "yelb-dev");
        assert.deepStrictEqual(
            dev.tree.children.map((c) => c.name),
            // The stack's pieces, then the tiers in start order.
            [
                "yelb-aws",
                "yelb-network",
                "yelb-namespace",
                "yelb-ecs",
                "yelb-ingress",
                ...startOrder(TIERS).map((tier) => componentName(tier)),
            ],
        );
        const ui = dev.tree.children.find((c) => c.name === "yelb-ui")!;
        assert.deepStrictEqual(
            ui.children.map((c) => c.type),
            [
                "yelb:ecs:ServiceConnectService",
                "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
                "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
                "aws:route53/record:Record",
            ],
        );
        const text = renderPlan(dev);
        assert.match(text, / \+ {3}└─ yelb:tiers:YelbUi +yelb-ui\n/);
        // The count is the program's: what awsx's VPC creates is named as left out, not hidden.
        assert.match(
            text,
            /Not counted: what awsx:ec2:Vpc creates in its provider \(Vpc, Subnet, RouteTable, RouteTableAssociation, Route,\s+InternetGateway, NatGateway, Eip\)\./,
        );
    });

    it("fits a terminal: no line of the dev or the prod plan is wider than the plan's width", async () => {
        const prod = await planStack("prod", { evaluate: sharedConfigEvaluation });
        for (const [stack, text] of [
            ["dev", renderPlan(dev)],
            ["prod", renderPlan(prod)],
        ]) {
            const wide = text.split("\n").filter((line) => line.length > PLAN_WIDTH);
            assert.deepStrictEqual(wide, [], `${stack}: ${wide.length} lines over ${PLAN_WIDTH} columns`);
        }
        assert.strictEqual(PLAN_WIDTH, 120);
        // A broken line keeps its words, in order, each continuation indented.
        const long = `    - ${"word ".repeat(40).trim()}`;
        const lines = wrapped(long, "      ");
        assert.ok(lines.length === 2 && lines.every((line) => line.length <= PLAN_WIDTH) && lines[1].startsWith("      word"));
        assert.strictEqual(lines.map((line) => line.trim()).join(" "), long.trim());
        assert.deepStrictEqual(wrapped("  short  line", "    "), ["  short  line"]);
    });

    it("says an advisory once for every resource it holds the same of, and keeps apart what differs", () => {
        const violation = (name: string, message: string, policy = "service-connect-proxy-headroom") => ({
            policy,
            level: "advisory" as const,
            urn: `urn:pulumi:dev::yelb::aws:ecs/taskDefinition:TaskDefinition::${name}`,
            message,
        });
        const short = (tier: string, units: number) =>
            `The proxy's CPU is short in yelb-${tier}-sc-task (used by yelb-${tier}-sc-service): it has ${units} units.`;
        const groups = violationGroups([
            violation("yelb-db-sc-task", short("db", 128)),
            violation("yelb-ui-sc-task", short("ui", 128)),
            violation("yelb-redis-sc-task", short("redis", 64)),
            violation("yelb-appserver-sc-task", short("appserver", 128), "another-policy"),
        ]);
        assert.deepStrictEqual(
            groups.map((group) => group.map((v) => v.urn?.split("::").pop())),
            [["yelb-db-sc-task", "yelb-ui-sc-task"], ["yelb-redis-sc-task"], ["yelb-appserver-sc-task"]],
        );
    });

    it("maps the Service Connect roles, endpoints and calls", () => {
        const summary = dev.serviceConnect.services.map((s) => ({
            name: s.name,
            role: s.role,
            publishes: s.endpoints.map((e) => `${e.dnsName}:${e.port}`),
            calls: s.calls,
        }));
        // Every tier's service, in start order.
        assert.deepStrictEqual(
            summary.map((s) => s.name),
            startOrder(TIERS).map((tier) => `yelb-${tier}-sc-service`),
        );
        assertEntries(Object.fromEntries(summary.map((s) => [s.name, s])), {
            "yelb-db-sc-service": { name: "yelb-db-sc-service", role: "client-server", publishes: ["yelb-db:5432"], calls: [] },
            "yelb-redis-sc-service": { name: "yelb-redis-sc-service", role: "client-server", publishes: ["redis-server:6379"], calls: [] },
            "yelb-appserver-sc-service": {
                name: "yelb-appserver-sc-service",
                role: "client-server",
                publishes: ["yelb-appserver:4567"],
                calls: ["redis-server:6379", "yelb-db:5432"],
            },
            "yelb-ui-sc-service": { name: "yelb-ui-sc-service", role: "client", publishes: [], calls: ["yelb-appserver:4567"] },
        });
        assert.ok(dev.serviceConnect.services.every((s) => s.namespace === "yelb-dev"));
        assert.match(dev.mermaid, /yelb_ui_sc_service -->\|"yelb-appserver:4567"\| yelb_appserver_sc_service/);
        assert.match(dev.mermaid, /alb --> yelb_ui_sc_service/);
        assert.match(dev.mermaid, /subgraph ns_yelb_dev\["Cloud Map namespace yelb-dev"\]/);
    });

    it("passes the policy pack", () => {
        assert.deepStrictEqual(dev.violations, []);
        assert.strictEqual(dev.blocked, false);
    });

    it("blocks a stack that breaks a mandatory policy", async () => {
        const broken = await evaluateStack("dev", DEV_WITHOUT_LEVERS, [
            (args) =>
                args.type === "aws:ecs/service:Service" && args.name === "yelb-db-sc-service"
                    ? { props: { ...args.props, deploymentController: { type: "EXTERNAL" } }, opts: args.opts }
                    : undefined,
        ]);
        const plan = await planFromEvaluation(broken, "us-east-1");
        assert.strictEqual(plan.blocked, true);
        assert.deepStrictEqual(
            plan.violations.map((v) => [v.policy, v.level]),
            [["service-connect-rolling-deployment", "mandatory"]],
        );
    });

    it("prices dev in us-east-1 from the price file, the proxy apart", () => {
        const { lines, proxyUsd } = dev.cost;
        const price = PRICES.regions["us-east-1"];
        // Each tier's tasks at their size, for 730 hours; the proxy's 0.25 vCPU and 64 MiB apart.
        const tiers = loadStackConfig(STOCK_DEV, "dev").tiers;
        const hours = (vcpu: number, gb: number) => 730 * (vcpu * price.fargateVcpuHour! + gb * price.fargateGbHour!);
        const proxy = hours(0.25, 0.0625);
        const fargate = Object.fromEntries(lines.filter((l) => l.item.startsWith("Fargate")).map((l) => [l.item, l]));
        assert.deepStrictEqual(
            Object.keys(fargate).sort(),
            perTier((tier) => `Fargate yelb-${tier}-sc-service`),
        );
        for (const [tier, { sizing, desiredCount }] of Object.entries(tiers)) {
            const line = fargate[`Fargate yelb-${tier}-sc-service`];
            assert.strictEqual(line.monthlyUsd, cents(desiredCount * hours(sizing.taskCpu / 1024, sizing.taskMemory / 1024)), tier);
            assert.strictEqual(line.proxyMonthlyUsd, cents(desiredCount * proxy), tier);
        }
        // The stock tiers' size, so that the lines above are not all zero.
        assert.deepStrictEqual([tiers.ui.sizing.taskCpu, tiers.ui.sizing.taskMemory, tiers.ui.desiredCount], [512, 1024, 1]);
        const byItem = Object.fromEntries(lines.map((l) => [l.item, l]));
        assert.strictEqual(byItem["Application Load Balancer"].monthlyUsd, cents(730 * price.albHour!));
        assert.strictEqual(byItem["NAT gateways"].quantity, "1 gateway(s) × 730 h");
        // Two ALB subnets and one NAT gateway hold public IPv4 addresses.
        assert.strictEqual(byItem["Public IPv4 addresses"].quantity, "3 address(es) × 730 h");
        assert.strictEqual(byItem["Public IPv4 addresses"].monthlyUsd, cents(3 * 730 * 0.005));
        pricedLines(dev.cost);
        assert.strictEqual(proxyUsd, cents(taskCount(tiers) * proxy));
        assert.ok(dev.cost.notPriced.some((n) => n.startsWith("ALB capacity units (LCU)")));
    });

    it("prices prod with three NAT gateways and more tasks, and says what eu-west-1 lacks", async () => {
        const prod = await planStack("prod", { evaluate: sharedConfigEvaluation });
        const byItem = Object.fromEntries(prod.cost.lines.map((l) => [l.item, l]));
        assert.strictEqual(byItem["NAT gateways"].quantity, "3 gateway(s) × 730 h");
        assert.strictEqual(byItem["NAT gateways"].monthlyUsd, cents(3 * 730 * PRICES.regions["eu-west-1"].natGatewayHour!));
        assert.strictEqual(byItem["Public IPv4 addresses"].quantity, "6 address(es) × 730 h");
        assert.match(byItem["Fargate yelb-appserver-sc-service"].quantity, /^2 × 1 vCPU, 2 GB/);
        assert.ok(prod.cost.notPriced.includes("ALB capacity units (LCU): usage-based"));
    });

    it("leaves unpriced what a region has no figure for", () => {
        const estimate = estimateCost(asPolicyResources(stackFixture()), "mars-north-1");
        assert.ok(estimate.lines.filter((l) => l.item.startsWith("Fargate")).every((l) => l.monthlyUsd === undefined));
        assert.strictEqual(estimate.totalUsd, 0);
    });

    describe("npm start", function () {
        this.timeout(60000);
        it("prints the plan and writes the Mermaid map, exiting 0", async () => {
            const out = temp.make("plan-");
            const { code, stdout, stderr } = await cli(["--stack", "dev", "--out", out]);
            assert.strictEqual(code, 0, stderr);
            assert.match(stdout, /^Offline plan of stack "dev" \(us-east-1\)/);
            assert.match(stdout, /Mandatory policies: passed\./);
            assert.match(stderr, /… evaluating index\.ts for stack dev under mocks/);
            assert.match(fs.readFileSync(path.join(out, "dev", "service-connect.mmd"), "utf8"), /^flowchart LR/);
        });
        it("prints JSON for scripts", async () => {
            const out = temp.make("plan-");
            const { code, stdout } = await cli(["--stack", "prod", "--json", "--out", out]);
            assert.strictEqual(code, 0);
            const plan = JSON.parse(stdout);
            assert.strictEqual(plan.region, "eu-west-1");
            assert.strictEqual(plan.blocked, false);
            assert.strictEqual(plan.serviceConnect.services.length, TIER_NAMES.length);
        });
        it("names the known stacks when the stack does not exist", async () => {
            const { code, stderr } = await cli(["--stack", "staging"]);
            assert.strictEqual(code, 2);
            assert.match(
                stderr,
                /^error: Stack "staging" has no Pulumi\.staging\.yaml in .*\. Known stacks: dev, prod\. Copy Pulumi\.dev\.yaml to Pulumi\.staging\.yaml to start one\.$/m,
            );
        });
        it("exits 1 when policy config makes an advisory finding mandatory", async () => {
            const out = temp.make("plan-");
            const config = path.join(out, "policy-config.json");
            fs.writeFileSync(
                config,
                JSON.stringify({ "service-connect-proxy-headroom": { enforcementLevel: "mandatory", proxyMemory: 128 } }),
            );
            const { code, stdout } = await cli(["--policy-config", config, "--out", out]);
            assert.strictEqual(code, 1);
            assert.match(stdout, /BLOCKED: a mandatory policy failed/);
        });
    });
});
