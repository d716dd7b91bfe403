/** Renders a plan for a terminal. */
import { Plan } from "./plan";
import { renderTree } from "./tree";

const usd = (value: number | undefined) => (value === undefined ? "not priced" : `$${value.toFixed(2)}`);

export function renderPlan(plan: Plan, mermaidFile?: string): string {
    const out: string[] = [];
    const heading = (text: string) => out.push("", text, "-".repeat(text.length));

    out.push(`Offline plan of stack "${plan.stack}" (${plan.region}): what \`pulumi up\` would create. Nothing was deployed.`);
    for (const warning of plan.warnings) {
        out.push(`warning: ${warning}`);
    }

    heading(`Resources (${plan.resourceCount})`);
    out.push(...renderTree(plan.tree));
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
    for (const violation of plan.violations) {
        out.push(`  [${violation.level}] ${violation.policy}  ${violation.urn?.split("::").pop() ?? ""}`);
        out.push(`      ${violation.message}`);
    }
    out.push(
        plan.blocked ? "  BLOCKED: a mandatory policy failed; `pulumi up` with the pack would stop." : "  Mandatory policies: passed.",
    );

    heading(`Monthly cost estimate (${plan.cost.region}, on-demand list prices of ${plan.cost.pricesRetrieved})`);
    const width = Math.max(...plan.cost.lines.map((line) => line.item.length));
    for (const line of plan.cost.lines) {
        const proxy = line.proxyMonthlyUsd === undefined ? "" : `  (proxy ${usd(line.proxyMonthlyUsd)})`;
        out.push(`  ${line.item.padEnd(width)}  ${usd(line.monthlyUsd).padStart(10)}  ${line.quantity}${proxy}`);
    }
    out.push(
        `  ${"Total of the priced lines".padEnd(width)}  ${usd(plan.cost.totalUsd).padStart(10)}  of which the Service Connect proxy ${usd(plan.cost.proxyUsd)}`,
    );
    out.push("  Not priced:");
    for (const item of plan.cost.notPriced) {
        out.push(`    - ${item}`);
    }
    out.push("", `Planned in ${plan.timingsMs.total} ms (evaluate ${plan.timingsMs.evaluate} ms, policies ${plan.timingsMs.policies} ms).`);
    return out.join("\n");
}
