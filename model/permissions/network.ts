/**
 * The permission table's network part: the VPC and what awsx builds for it, and the security
 * groups and their rules. Every EC2 resource carries the stack's tags (awsx passes the VPC's tags
 * to each child), so each action is held to them; the Describe calls take no resource in IAM.
 */
import { ANY, BY_REQUEST_TAGS, BY_TAGS, EVERYTHING, Grant, TypePermissions, grant, regionOnly, taggedOnCreate } from "./grants";

const ec2 = (resource: string) => ANY("ec2", `${resource}/*`);
const TAG_ACTIONS = ["ec2:CreateTags", "ec2:DeleteTags"];

/** The EC2 resource type's own create (tagged on creation), and its update, delete and tagging on its tags. */
function ec2Resource(on: string, create: readonly string[], existing: readonly string[]): Grant[] {
    return [
        grant("create", on, create, ec2(on), BY_REQUEST_TAGS),
        grant("create", on, ["ec2:CreateTags"], ec2(on), taggedOnCreate(...create)),
        grant(["update", "delete", "tag"], on, [...existing, ...TAG_ACTIONS], ec2(on), BY_TAGS),
    ];
}

/** The VPC the resource is created in, or attached to, must be the stack's. */
const inStackVpc = (phases: Parameters<typeof grant>[0], actions: readonly string[]) => grant(phases, "vpc", actions, ec2("vpc"), BY_TAGS);

/**
 * `awsx:ec2:Vpc` is a remote component: its provider (awsx) registers these resources in the
 * engine, never in this program, so no plan of the program shows them. This list is what awsx
 * 3.x creates for a VPC with public and private subnets and NAT gateways, and it is kept here by
 * hand; the table below covers each type.
 */
export const AWSX_VPC_CHILDREN: readonly string[] = [
    "aws:ec2/vpc:Vpc",
    "aws:ec2/subnet:Subnet",
    "aws:ec2/routeTable:RouteTable",
    "aws:ec2/routeTableAssociation:RouteTableAssociation",
    "aws:ec2/route:Route",
    "aws:ec2/internetGateway:InternetGateway",
    "aws:ec2/natGateway:NatGateway",
    "aws:ec2/eip:Eip",
];

/** The remote components the program uses, with the resource types their providers create. */
export const REMOTE_COMPONENTS: Readonly<Record<string, readonly string[]>> = { "awsx:ec2:Vpc": AWSX_VPC_CHILDREN };

const DESCRIBE = grant(
    "read",
    "*",
    [
        "ec2:DescribeVpcs",
        "ec2:DescribeSubnets",
        "ec2:DescribeRouteTables",
        "ec2:DescribeInternetGateways",
        "ec2:DescribeNatGateways",
        "ec2:DescribeAddresses",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeSecurityGroupRules",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeAvailabilityZones",
    ],
    EVERYTHING,
    regionOnly("EC2's Describe calls take no resource in IAM"),
);

export const NETWORK: Readonly<Record<string, TypePermissions>> = {
    "aws:ec2/vpc:Vpc": {
        what: "the VPC (created by awsx)",
        grants: [
            ...ec2Resource("vpc", ["ec2:CreateVpc"], ["ec2:ModifyVpcAttribute", "ec2:DeleteVpc"]),
            inStackVpc("read", ["ec2:DescribeVpcAttribute"]),
            DESCRIBE,
        ],
    },
    "aws:ec2/subnet:Subnet": {
        what: "a public or private subnet (awsx)",
        grants: [
            ...ec2Resource("subnet", ["ec2:CreateSubnet"], ["ec2:ModifySubnetAttribute", "ec2:DeleteSubnet"]),
            inStackVpc("create", ["ec2:CreateSubnet"]),
            DESCRIBE,
        ],
    },
    "aws:ec2/routeTable:RouteTable": {
        what: "a route table (awsx)",
        grants: [
            ...ec2Resource("route-table", ["ec2:CreateRouteTable"], ["ec2:DeleteRouteTable"]),
            inStackVpc("create", ["ec2:CreateRouteTable"]),
            DESCRIBE,
        ],
    },
    "aws:ec2/routeTableAssociation:RouteTableAssociation": {
        what: "a subnet's route table association (awsx)",
        grants: [
            grant(
                ["create", "delete"],
                "route-table",
                ["ec2:AssociateRouteTable", "ec2:DisassociateRouteTable"],
                ec2("route-table"),
                BY_TAGS,
            ),
            grant(["create", "delete"], "subnet", ["ec2:AssociateRouteTable", "ec2:DisassociateRouteTable"], ec2("subnet"), BY_TAGS),
            DESCRIBE,
        ],
    },
    "aws:ec2/route:Route": {
        what: "a default route to the internet or NAT gateway (awsx)",
        grants: [
            grant(
                ["create", "update", "delete"],
                "route-table",
                ["ec2:CreateRoute", "ec2:ReplaceRoute", "ec2:DeleteRoute"],
                ec2("route-table"),
                BY_TAGS,
            ),
            DESCRIBE,
        ],
    },
    "aws:ec2/internetGateway:InternetGateway": {
        what: "the internet gateway (awsx)",
        grants: [
            ...ec2Resource(
                "internet-gateway",
                ["ec2:CreateInternetGateway"],
                ["ec2:AttachInternetGateway", "ec2:DetachInternetGateway", "ec2:DeleteInternetGateway"],
            ),
            inStackVpc(["create", "delete"], ["ec2:AttachInternetGateway", "ec2:DetachInternetGateway"]),
            DESCRIBE,
        ],
    },
    "aws:ec2/eip:Eip": {
        what: "a NAT gateway's Elastic IP (awsx)",
        grants: [...ec2Resource("elastic-ip", ["ec2:AllocateAddress"], ["ec2:ReleaseAddress", "ec2:DisassociateAddress"]), DESCRIBE],
    },
    "aws:ec2/natGateway:NatGateway": {
        what: "a NAT gateway (awsx)",
        grants: [
            ...ec2Resource("natgateway", ["ec2:CreateNatGateway"], ["ec2:DeleteNatGateway"]),
            grant("create", "subnet", ["ec2:CreateNatGateway"], ec2("subnet"), BY_TAGS),
            grant("create", "elastic-ip", ["ec2:CreateNatGateway"], ec2("elastic-ip"), BY_TAGS),
            DESCRIBE,
        ],
    },
    "aws:ec2/securityGroup:SecurityGroup": {
        what: "the security group of a service, the load balancer or the file system",
        grants: [
            ...ec2Resource(
                "security-group",
                ["ec2:CreateSecurityGroup"],
                // The provider revokes the default egress rule after creating, and every rule before deleting.
                ["ec2:RevokeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"],
            ),
            inStackVpc("create", ["ec2:CreateSecurityGroup"]),
            grant("create", "security-group", ["ec2:RevokeSecurityGroupEgress"], ec2("security-group"), BY_TAGS),
            DESCRIBE,
        ],
    },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {
        what: "an ingress rule",
        grants: [
            grant("create", "security-group", ["ec2:AuthorizeSecurityGroupIngress", "ec2:CreateTags"], ec2("security-group"), BY_TAGS),
            grant("create", "security-group-rule", ["ec2:AuthorizeSecurityGroupIngress"], ec2("security-group-rule"), BY_REQUEST_TAGS),
            grant(
                "create",
                "security-group-rule",
                ["ec2:CreateTags"],
                ec2("security-group-rule"),
                taggedOnCreate("ec2:AuthorizeSecurityGroupIngress"),
            ),
            grant(
                ["update", "delete"],
                "security-group",
                ["ec2:ModifySecurityGroupRules", "ec2:RevokeSecurityGroupIngress"],
                ec2("security-group"),
                BY_TAGS,
            ),
            grant(
                ["update", "tag"],
                "security-group-rule",
                ["ec2:ModifySecurityGroupRules", ...TAG_ACTIONS],
                ec2("security-group-rule"),
                BY_TAGS,
            ),
            DESCRIBE,
        ],
    },
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": {
        what: "an egress rule",
        grants: [
            grant("create", "security-group", ["ec2:AuthorizeSecurityGroupEgress", "ec2:CreateTags"], ec2("security-group"), BY_TAGS),
            grant("create", "security-group-rule", ["ec2:AuthorizeSecurityGroupEgress"], ec2("security-group-rule"), BY_REQUEST_TAGS),
            grant(
                "create",
                "security-group-rule",
                ["ec2:CreateTags"],
                ec2("security-group-rule"),
                taggedOnCreate("ec2:AuthorizeSecurityGroupEgress"),
            ),
            grant(
                ["update", "delete"],
                "security-group",
                ["ec2:ModifySecurityGroupRules", "ec2:RevokeSecurityGroupEgress"],
                ec2("security-group"),
                BY_TAGS,
            ),
            grant(
                ["update", "tag"],
                "security-group-rule",
                ["ec2:ModifySecurityGroupRules", ...TAG_ACTIONS],
                ec2("security-group-rule"),
                BY_TAGS,
            ),
            DESCRIBE,
        ],
    },
};
