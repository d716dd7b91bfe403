/**
 * Docker Hub images through an ECR pull through cache rule: pure rules, shared by the config loader
 * (which rewrites the stock images) and the task roles (which grant exactly the pull and the first
 * import). The credentials stay in the Secrets Manager secret the rule names; the stack only
 * holds its ARN, which also says the account and region the rule must be in.
 */

import { createHash } from "crypto";
import { stackPrefix } from "./naming";

/** The Docker Hub registry a pull through cache rule names. */
export const DOCKER_HUB_URL = "registry-1.docker.io";

/** A Secrets Manager secret ARN for a pull through cache rule: its name must start `ecr-pullthroughcache/`. */
const SECRET_ARN = /^arn:(aws|aws-cn|aws-us-gov):secretsmanager:([a-z0-9-]+):(\d{12}):secret:ecr-pullthroughcache\/[A-Za-z0-9/_+=.@-]+$/;

export interface DockerHubCache {
    readonly secretArn: string;
    readonly partition: string;
    readonly region: string;
    readonly account: string;
    /** The ECR repository prefix of the rule, unique per stack. */
    readonly prefix: string;
}

/**
 * The stack's ECR repository prefix for the cache, unique per stack (one rule per prefix in a
 * registry) and within ECR's 30 characters: a long stack name is cut and given a hash of itself.
 */
export function cachePrefix(stack: string): string {
    const wanted = `${stackPrefix(stack)}-docker-hub`
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "");
    if (wanted.length <= 30) {
        return wanted;
    }
    const hash = createHash("sha256").update(stack).digest("hex").slice(0, 8);
    return `${wanted.slice(0, 21).replace(/-+$/, "")}-${hash}`;
}

/** Checks the secret ARN against the stack's region; returns the cache or a problem naming the setting. */
export function dockerHubCache(setting: string, secretArn: string, region: string, prefix: string): DockerHubCache | string {
    const match = SECRET_ARN.exec(secretArn);
    if (match === null) {
        return (
            `${setting}: "${secretArn}" is not the ARN of a Secrets Manager secret for a pull through cache rule. ` +
            `Use arn:aws:secretsmanager:<region>:<account>:secret:ecr-pullthroughcache/<name> (ECR requires the ecr-pullthroughcache/ prefix), or "" for none.`
        );
    }
    if (match[2] !== region) {
        return `${setting}: the secret is in ${match[2]}, but the stack deploys to ${region}; ECR needs the secret in the rule's region. Use a secret in ${region}.`;
    }
    if (!/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(prefix) || prefix.length < 2 || prefix.length > 30) {
        return `${setting}: the cache's repository prefix "${prefix}" (from the stack name) is not 2 to 30 lowercase letters, digits, dots, dashes or underscores. Use a shorter stack name.`;
    }
    return { secretArn, partition: match[1], region, account: match[3], prefix };
}

/** The Docker Hub repository path and tag of an image, `library/` added for official images; undefined for other registries. */
export function dockerHubPath(image: string): string | undefined {
    const first = image.split("/")[0];
    const registry = image.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost") ? first : undefined;
    if (registry !== undefined && registry !== "docker.io" && registry !== DOCKER_HUB_URL) {
        return undefined;
    }
    const path = registry === undefined ? image : image.slice(registry.length + 1);
    return path.includes("/") ? path : `library/${path}`;
}

/** The image as the cache serves it, or the image unchanged when it is not on Docker Hub. */
export function cachedImage(cache: DockerHubCache, image: string): string {
    const path = dockerHubPath(image);
    const host = `${cache.account}.dkr.ecr.${cache.region}.amazonaws.com${cache.partition === "aws-cn" ? ".cn" : ""}`;
    return path === undefined ? image : `${host}/${cache.prefix}/${path}`;
}
