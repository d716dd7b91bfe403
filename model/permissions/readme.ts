/** docs/ci-and-deployments.md's table of what a stack's deploy role may do, generated from the permission table. */
import { PERMISSIONS } from "./table";
import { Grant } from "./grants";

const HOLDING: Readonly<Record<Grant["holding"]["by"], string>> = {
    name: "name or path carries the stack",
    tags: "the resource's Project and Stack tags",
    "request-tags": "created with the stack's tags",
    zone: "the stack's hosted zone",
    region: "region only",
    account: "account",
};

const ON_CREATE = "only in the call that creates it, with the stack's tags";

/** One row per resource type: its actions, and how each group is held to the stack. */
export function permissionsMarkdown(): string {
    const rows = Object.entries(PERMISSIONS).map(([type, entry]) => {
        const groups = new Map<string, Set<string>>();
        for (const item of entry.grants) {
            const holding =
                item.holding.by === "request-tags" && item.holding.createdBy !== undefined ? ON_CREATE : HOLDING[item.holding.by];
            const set = groups.get(holding) ?? new Set<string>();
            item.actions.forEach((action) => set.add(`\`${action}\``));
            groups.set(holding, set);
        }
        const cells = [...groups].map(([holding, actions]) => `${[...actions].sort().join(", ")} (${holding})`);
        return `| \`${type}\` | ${entry.what} | ${cells.join("; ")} |`;
    });
    return ["| Resource type | What | Actions (held to the stack by) |", "| --- | --- | --- |", ...rows].join("\n");
}

/** Every grant that cannot be held to one stack, with the reason, once each. */
export function unscopedMarkdown(): string {
    const lines = new Map<string, Set<string>>();
    for (const entry of Object.values(PERMISSIONS)) {
        for (const item of entry.grants) {
            if (item.holding.by === "region" || item.holding.by === "account") {
                const set = lines.get(item.holding.why) ?? new Set<string>();
                item.actions.forEach((action) => set.add(`\`${action}\``));
                lines.set(item.holding.why, set);
            }
        }
    }
    return [...lines].map(([why, actions]) => `- ${[...actions].sort().join(", ")}: ${why}.`).join("\n");
}
