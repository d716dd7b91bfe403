export { Ingress } from "./ingress";
export type { IngressArgs } from "./ingress";
export { AccessLogBucket } from "./accessLogBucket";
export type { AccessLogBucketArgs } from "./accessLogBucket";
export { LoadBalancerWebAcl } from "./webAcl";
export type { LoadBalancerWebAclArgs } from "./webAcl";
