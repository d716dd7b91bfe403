/**
 * THE permission table: for every Pulumi resource type the Yelb program can create, the IAM
 * actions its create, read, update, delete and tagging call, on which resources, held to one
 * stack how. The deploy role of each stack gets the policy generated from it (`deployPolicy`),
 * the stack's provider tags what it holds by tags (`REQUEST_TAGGED_TYPES`), and the tests prove both with an
 * IAM simulator against the plans of every stack file.
 */
export * from "./grants";
export { AWSX_VPC_CHILDREN, REMOTE_COMPONENTS } from "./network";
export * from "./table";
export * from "./policy";
export * from "./boundary";
export { stackRecordNames } from "./edge";
export * from "./readme";
