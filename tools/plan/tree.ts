/** The resource tree `pulumi preview` would show, and the count of each type. */
import { Evaluation, RegisteredResource } from "../harness/evaluate";
import { PLAN_WIDTH } from "./width";

export interface TreeNode {
    readonly type: string;
    readonly name: string;
    readonly children: TreeNode[];
}

/** Parent-to-child tree under a root Stack node, children in registration order. */
export function resourceTree(evaluation: Evaluation): TreeNode {
    const nodes = new Map<string, TreeNode>();
    const root: TreeNode = { type: "pulumi:pulumi:Stack", name: `${evaluation.project}-${evaluation.stack}`, children: [] };
    const resources = evaluation.resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
    for (const resource of resources) {
        nodes.set(resource.urn, { type: resource.type, name: resource.name, children: [] });
    }
    for (const resource of resources) {
        const parent = resource.parent === undefined ? undefined : nodes.get(resource.parent);
        (parent ?? root).children.push(nodes.get(resource.urn)!);
    }
    return root;
}

/** Resources per type, most numerous first; the Stack itself is not counted. */
export function countByType(resources: readonly RegisteredResource[]): [string, number][] {
    const counts = new Map<string, number>();
    for (const resource of resources.filter((r) => r.type !== "pulumi:pulumi:Stack")) {
        counts.set(resource.type, (counts.get(resource.type) ?? 0) + 1);
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** Renders the tree with box-drawing guides, like `pulumi preview`. */
export function renderTree(root: TreeNode): string[] {
    const rows: [string, string, number][] = [];
    const walk = (node: TreeNode, prefix: string, isLast: boolean, depth: number) => {
        const guide = depth === 0 ? "" : `${prefix}${isLast ? "└─ " : "├─ "}`;
        rows.push([`${guide}${node.type}`, node.name, guide.length]);
        const childPrefix = depth === 0 ? "" : `${prefix}${isLast ? "   " : "│  "}`;
        node.children.forEach((child, i) => walk(child, childPrefix, i === node.children.length - 1, depth + 1));
    };
    walk(root, "", true, 0);
    const width = Math.max(...rows.map(([type]) => type.length));
    // The names line up, but no row runs past the plan's width: then two spaces apart, or the name below.
    return rows.flatMap(([type, name, guide]) => {
        const aligned = ` +   ${type.padEnd(width)}  ${name}`;
        const compact = ` +   ${type}  ${name}`;
        if (aligned.length <= PLAN_WIDTH) {
            return [aligned];
        }
        return compact.length <= PLAN_WIDTH ? [compact] : [` +   ${type}`, `     ${" ".repeat(guide + 3)}${name}`];
    });
}
