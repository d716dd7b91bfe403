/** Renders a plan for a terminal. */
import type { CostEstimate } from "./cost";
import { REMOTE_COMPONENTS } from "../../model/permissions";
import { Plan } from "./plan";
import type { Violation } from "./policyRunner";
import { renderTree } from "./tree";
import { wrapped } from "./width";

const usd = (value: number | undefined) => (value === undefined ? "not priced" : `$${value.toFixed(2)}`);

export function renderPlan(plan: Plan, mermaidFile?: string): string {
    const out: string[] = [];
    const heading = (text: string) => out.push("", text, "-".repeat(text.length));

    out.push(`Offline plan of stack "${plan.stack}" (${plan.region}): what \`pulumi up\` would create. Nothing was deployed.`);
    for (const warning of plan.warnings) {
        out.push(...wrapped(`warning: ${warning}`, "         "));
    }

    heading(`Resources (${plan.resourceCount})`);
    out.push(...renderTree(plan.tree));
    for (const [component, children] of Object.entries(REMOTE_COMPONENTS)) {
        if (plan.countByType.some(([type]) => type === component)) {
            // A remote component's children are registered by its provider, not by the program.
            const types = children.map((type) => type.split(":").pop()).join(", ");
            out.push(...wrapped(`  Not counted: what ${component} creates in its provider (${types}).`, "    "));
        }
    }
    out.push("");
    for (const [type, count] of plan.countByType) {
        out.push(`  ${String(count).padStart(3)}  ${type}`);
    }

    heading("Service Connect");
    for (const service of plan.serviceConnect.services) {
        out.push(`  ${service.name}  [${service.role}]  namespace ${service.namespace}${service.loadBalanced ? "  (behind the ALB)" : ""}`);
        for (const endpoint of service.endpoints) {
            out.push(
                `      publishes ${endpoint.dnsName}:${endpoint.port}  (discovery name ${endpoint.discoveryName}, port ${endpoint.portName})`,
            );
        }
        for (const call of service.calls) {
            out.push(`      calls     ${call}`);
        }
    }
    if (mermaidFile !== undefined) {
        out.push(`  Mermaid diagram: ${mermaidFile}`);
    }

    heading("Policy verdict (policies/, the CrossGuard pack)");
    if (plan.violations.length === 0) {
        out.push("  No violations: every policy passed.");
    }
    for (const group of violationGroups(plan.violations)) {
        const [first] = group;
        const names = group.map((violation) => resourceName(violation)).join(", ");
        out.push(...wrapped(`  [${first.level}] ${first.policy}  ${names}`, "      "));
        out.push(...wrapped(`      ${first.message}`, "      "));
        if (group.length > 1) {
            out.push(`      The same for each of the ${group.length} resources above.`);
        }
    }
    out.push(
        plan.blocked ? "  BLOCKED: a mandatory policy failed; `pulumi up` with the pack would stop." : "  Mandatory policies: passed.",
    );

    out.push(...renderCost(plan.cost));
    out.push("", `Planned in ${plan.timingsMs.total} ms (evaluate ${plan.timingsMs.evaluate} ms, policies ${plan.timingsMs.policies} ms).`);
    return out.join("\n");
}

/** The cost section: one line per priced item, the totals (with and without a schedule), what is not priced. */
export function renderCost(cost: CostEstimate): string[] {
    const title = `Monthly cost estimate (${cost.region}, list prices and a Fargate Spot reading of ${cost.pricesRetrieved}, tools/plan/prices.json)`;
    const out: string[] = ["", title, "-".repeat(title.length)];
    const totals =
        cost.aroundTheClockUsd === undefined ? ["Total of the priced lines"] : ["Total on the schedule", "Total around the clock"];
    const width = Math.max(...cost.lines.map((line) => line.item.length), ...totals.map((t) => t.length));
    for (const line of cost.lines) {
        const proxy = line.proxyMonthlyUsd === undefined ? "" : `  (proxy ${usd(line.proxyMonthlyUsd)})`;
        const allDay = line.aroundTheClockUsd === undefined ? "" : `  (around the clock ${usd(line.aroundTheClockUsd)})`;
        const lead = `  ${line.item.padEnd(width)}  ${usd(line.monthlyUsd).padStart(10)}  `;
        out.push(...wrapped(`${lead}${line.quantity}${proxy}${allDay}`, " ".repeat(lead.length)));
    }
    out.push(`  ${totals[0].padEnd(width)}  ${usd(cost.totalUsd).padStart(10)}  of which the Service Connect proxy ${usd(cost.proxyUsd)}`);
    if (cost.aroundTheClockUsd !== undefined) {
        out.push(`  ${totals[1].padEnd(width)}  ${usd(cost.aroundTheClockUsd).padStart(10)}  every service at its desired count all month`);
    }
    if (cost.lines.some((line) => line.item.startsWith("EFS"))) {
        out.push(`  Assumed: ${cost.assumptions.efsStorageGb} GB in each EFS file system.`);
    }
    out.push("  Not priced:");
    for (const item of cost.notPriced) {
        out.push(...wrapped(`    - ${item}`, "      "));
    }
    return out;
}

const resourceName = (violation: Violation) => violation.urn?.split("::").pop() ?? "";

/**
 * The violations in order, those of one policy and level whose messages say the same of each
 * resource (its name, and names built on the same stem, aside) shown once with every resource.
 */
export function violationGroups(violations: readonly Violation[]): Violation[][] {
    const groups = new Map<string, Violation[]>();
    for (const violation of violations) {
        const name = resourceName(violation);
        const stem = name.includes("-") ? name.slice(0, name.lastIndexOf("-")) : name;
        const said = stem === "" ? violation.message : violation.message.split(stem).join("<resource>");
        const key = JSON.stringify([violation.level, violation.policy, said]);
        groups.set(key, [...(groups.get(key) ?? []), violation]);
    }
    return [...groups.values()];
}
