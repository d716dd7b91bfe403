/**
 * The AWS managed rule groups the optional web ACL evaluates, in priority order, with the web ACL
 * capacity units AWS publishes for each ("AWS Managed Rules rule groups list"): together well under
 * a web ACL's 1,500 included units, and none of them a paid group (Bot Control, Fraud Control).
 */
export const WAF_MANAGED_RULE_GROUPS: readonly { readonly name: string; readonly capacityUnits: number; readonly why: string }[] = [
    {
        name: "AWSManagedRulesAmazonIpReputationList",
        capacityUnits: 25,
        why: "sources Amazon threat intelligence lists as bots or attackers",
    },
    {
        name: "AWSManagedRulesCommonRuleSet",
        capacityUnits: 700,
        why: "the OWASP Top 10 baseline: bad user agents, sizes, XSS, path traversal",
    },
    { name: "AWSManagedRulesKnownBadInputsRuleSet", capacityUnits: 200, why: "request patterns of known exploits, Log4j included" },
];
