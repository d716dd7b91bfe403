import * as assert from "assert";
import { partitionOf } from "../model/aws";
import { closestNames } from "../model/names";
import {
    ecrRepositoryArn,
    validateDomainName,
    validateHostedZoneId,
    validateImageReference,
    validateNamespaceName,
} from "../model/validators";

describe("validators", () => {
    describe("closestNames", () => {
        it("suggests the closest declared names, nearest first, at most three", () => {
            const declared = ["uiDesiredCount", "appserverDesiredCount", "redisDesiredCount", "dbDesiredCount", "uiCpu"];
            assert.deepStrictEqual(closestNames("statsDesiredCount", declared), ["redisDesiredCount", "dbDesiredCount", "uiDesiredCount"]);
            assert.deepStrictEqual(closestNames("uiCPU", declared), ["uiCpu"]);
            assert.deepStrictEqual(closestNames("colour", declared), []);
        });
    });

    describe("validateImageReference", () => {
        for (const image of [
            "mreferre/yelb-ui:0.10",
            "redis:4.0.2",
            "public.ecr.aws/docker/library/redis:7.2",
            "localhost:5000/team/app:1",
            `123456789012.dkr.ecr.eu-west-1.amazonaws.com/yelb/ui@sha256:${"a".repeat(64)}`,
        ]) {
            it(`accepts ${image}`, () => assert.deepStrictEqual(validateImageReference("yelb:uiImage", image), {}));
        }
        it("rejects an empty image", () => {
            assert.strictEqual(
                validateImageReference("yelb:uiImage", "").error,
                'yelb:uiImage is empty. Set a container image reference such as "mreferre/yelb-ui:0.10".',
            );
        });
        for (const image of ["Mreferre/Yelb-UI:0.10", "yelb ui:1", "redis:", "redis:4.0.2:extra", "a//b:1"]) {
            it(`rejects the malformed ${JSON.stringify(image)}`, () => {
                assert.match(
                    validateImageReference("yelb:uiImage", image).error ?? "",
                    /^yelb:uiImage: ".*" is not a container image reference/,
                );
            });
        }
        it("warns about untagged and latest images", () => {
            assert.match(validateImageReference("yelb:uiImage", "redis").warning ?? "", /has no tag or digest/);
            assert.match(validateImageReference("yelb:uiImage", "redis:latest").warning ?? "", /moving tag "latest"/);
        });
    });

    describe("validateNamespaceName", () => {
        it("accepts what Cloud Map accepts", () => {
            assert.strictEqual(validateNamespaceName("yelb:namespaceName", "yelb-dev"), undefined);
            assert.strictEqual(validateNamespaceName("yelb:namespaceName", "yelb.internal"), undefined);
            assert.strictEqual(validateNamespaceName("yelb:namespaceName", "Yelb_dev-2"), undefined);
            assert.strictEqual(
                validateNamespaceName("yelb:namespaceName", "yelb:dev"),
                'yelb:namespaceName: "yelb:dev" is not a Cloud Map namespace name the AWS provider accepts. Use 1 to 1024 letters, digits, ".", "_" or "-", such as "yelb-dev".',
            );
        });
        // The provider refuses what the old, looser rule let through: "yelb:dev", "yelb+dev", "yelb@dev".
        for (const name of ["", "yelb dev", "yelb/dev", "yelb<dev>", "x".repeat(1025), "naïve", "yelb:dev", "yelb+dev", "yelb@dev"]) {
            it(`rejects ${JSON.stringify(name.slice(0, 20))}`, () => {
                assert.match(validateNamespaceName("yelb:namespaceName", name) ?? "", /is not a Cloud Map namespace name/);
            });
        }
        it("rejects an ARN, which is not a name", () => {
            assert.match(
                validateNamespaceName("yelb:namespaceName", "arn:aws:servicediscovery:us-east-1:1:namespace/ns-1") ?? "",
                /is an ARN/,
            );
        });
    });

    it("validates DNS names", () => {
        assert.strictEqual(validateDomainName("yelb:hostedZoneName", "example.com"), undefined);
        assert.match(validateDomainName("yelb:hostedZoneName", "localhost") ?? "", /is not a valid DNS name/);
        assert.match(validateDomainName("yelb:hostedZoneName", "-bad.example.com") ?? "", /is not a valid DNS name/);
        assert.match(validateDomainName("yelb:hostedZoneName", `${"a".repeat(64)}.com`) ?? "", /is not a valid DNS name/);
    });

    it("validates hosted zone IDs", () => {
        assert.strictEqual(validateHostedZoneId("yelb:hostedZoneId", "Z0123456789ABCDEFGHIJ"), undefined);
        assert.strictEqual(
            validateHostedZoneId("yelb:hostedZoneId", "/hostedzone/Z0123456789ABCDEFGHIJ"),
            'yelb:hostedZoneId: "/hostedzone/Z0123456789ABCDEFGHIJ" includes the /hostedzone/ prefix. Use the bare ID "Z0123456789ABCDEFGHIJ".',
        );
        assert.match(validateHostedZoneId("yelb:hostedZoneId", "z123") ?? "", /is not a Route 53 hosted zone ID/);
        // The prefix is not the only mistake here, so stripping it must not be offered as the fix.
        assert.strictEqual(
            validateHostedZoneId("yelb:hostedZoneId", "/hostedzone/z12-ab"),
            'yelb:hostedZoneId: "/hostedzone/z12-ab" is not a Route 53 hosted zone ID. Use the ID from the Route 53 console: ' +
                "Z followed by capital letters and digits, such as Z0123456789ABCDEFGHIJ.",
        );
    });

    it("derives ECR repository ARNs only for ECR images", () => {
        assert.strictEqual(
            ecrRepositoryArn("123456789012.dkr.ecr.eu-west-1.amazonaws.com/yelb/appserver:0.7"),
            "arn:aws:ecr:eu-west-1:123456789012:repository/yelb/appserver",
        );
        assert.strictEqual(
            ecrRepositoryArn("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/yelb@sha256:abc"),
            "arn:aws-cn:ecr:cn-north-1:123456789012:repository/yelb",
        );
        assert.strictEqual(ecrRepositoryArn("mreferre/yelb-ui:0.10"), undefined);
    });

    it("maps regions to partitions", () => {
        assert.strictEqual(partitionOf("eu-west-1"), "aws");
        assert.strictEqual(partitionOf("cn-northwest-1"), "aws-cn");
        assert.strictEqual(partitionOf("us-gov-west-1"), "aws-us-gov");
    });
});
