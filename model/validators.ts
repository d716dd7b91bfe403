/**
 * Pure validators for names and references that AWS would otherwise reject mid-deployment.
 * Each returns an error message that names the setting, the value and what is allowed.
 */

/** The retention periods CloudWatch Logs accepts (PutRetentionPolicy `retentionInDays`). */
export const CLOUDWATCH_RETENTION_DAYS: readonly number[] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** A lowercase DNS name of two or more labels, 253 characters at most. */
export function validateDomainName(setting: string, name: string): string | undefined {
    const labels = name.split(".");
    if (name.length > 253 || labels.length < 2 || !labels.every((label) => DNS_LABEL.test(label))) {
        return (
            `${setting}: "${name}" is not a valid DNS name. Use two or more labels of letters, digits and ` +
            `hyphens (1 to 63 characters each, not starting or ending with a hyphen), 253 characters in all.`
        );
    }
    return undefined;
}

const HOSTED_ZONE_ID = /^Z[0-9A-Z]{1,31}$/;

/** A Route 53 hosted zone ID as the console shows it: Z followed by up to 31 capitals and digits. */
export function validateHostedZoneId(setting: string, id: string): string | undefined {
    const bare = id.replace(/^\/?hostedzone\//i, "");
    if (bare !== id && HOSTED_ZONE_ID.test(bare)) {
        return `${setting}: "${id}" includes the /hostedzone/ prefix. Use the bare ID "${bare}".`;
    }
    if (!HOSTED_ZONE_ID.test(bare)) {
        return `${setting}: "${id}" is not a Route 53 hosted zone ID. Use the ID from the Route 53 console: Z followed by capital letters and digits, such as Z0123456789ABCDEFGHIJ.`;
    }
    return undefined;
}

/**
 * A Cloud Map HTTP namespace name as CreateHttpNamespace accepts it (`^(?!arn:)[!-~]{1,1024}$`),
 * without the characters ECS refuses in a Service Connect namespace name (`<`, `>`, `"`, `/`).
 */
export function validateNamespaceName(setting: string, name: string): string | undefined {
    if (name.startsWith("arn:")) {
        return `${setting}: "${name}" is an ARN. Give the namespace a name; the program creates it and passes its ARN to ECS.`;
    }
    // The AWS provider's rule (terraform-provider-aws internal/service/servicediscovery/validate.go,
    // validNamespaceName), which `pulumi preview` applies before Cloud Map sees the name.
    if (!/^[0-9A-Za-z._-]{1,1024}$/.test(name)) {
        return (
            `${setting}: "${name}" is not a Cloud Map namespace name the AWS provider accepts. Use 1 to 1024 ` +
            `letters, digits, ".", "_" or "-", such as "yelb-dev".`
        );
    }
    return undefined;
}

/** The Docker reference grammar: [registry[:port]/]path[:tag][@digest], path components in lowercase. */
const IMAGE_REFERENCE =
    /^(?:(?<registry>[a-zA-Z0-9.-]+(?::\d+)?)\/)?(?<path>[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::(?<tag>[\w][\w.-]{0,127}))?(?:@(?<digest>sha256:[a-f0-9]{64}))?$/;

export interface ImageCheck {
    readonly error?: string;
    readonly warning?: string;
}

/** Checks an image reference; an image with no tag or digest is allowed but drifts, so it warns. */
export function validateImageReference(setting: string, image: string): ImageCheck {
    if (image === "") {
        return { error: `${setting} is empty. Set a container image reference such as "mreferre/yelb-ui:0.10".` };
    }
    const match = IMAGE_REFERENCE.exec(image);
    if (match?.groups === undefined) {
        return {
            error:
                `${setting}: "${image}" is not a container image reference. Use ` +
                `[registry/]repository[:tag][@sha256:digest] in lowercase, such as "mreferre/yelb-ui:0.10".`,
        };
    }
    const { tag, digest } = match.groups;
    if (tag === undefined && digest === undefined) {
        return { warning: `${setting}: "${image}" has no tag or digest, so each deployment may pull a different image. Pin a tag.` };
    }
    if (tag === "latest" && digest === undefined) {
        return { warning: `${setting}: "${image}" uses the moving tag "latest". Pin a version tag or a digest.` };
    }
    return {};
}

const ECR_IMAGE = /^(?<account>\d{12})\.dkr\.ecr(?:-fips)?\.(?<region>[a-z0-9-]+)\.amazonaws\.com(?<cn>\.cn)?\/(?<repository>[^:@]+)/;

/**
 * The ARN of the ECR repository an image comes from, so the execution role can be granted pulls
 * from that repository only; undefined for images outside ECR (Docker Hub needs no permission).
 */
export function ecrRepositoryArn(image: string): string | undefined {
    const match = ECR_IMAGE.exec(image);
    if (match?.groups === undefined) {
        return undefined;
    }
    const { account, region, cn, repository } = match.groups;
    const partition = cn === undefined ? "aws" : "aws-cn";
    return `arn:${partition}:ecr:${region}:${account}:repository/${repository}`;
}
