/**
 * The program's components, one module a folder as their type tokens name them (`yelb:ecs`,
 * `yelb:tiers`, ...). Each folder's barrel exports its components and their argument types only;
 * pure rules and helpers are imported from their own files by the code that needs them.
 */
export * from "./ecs";
export * from "./ingress";
export * from "./monitoring";
export * from "./network";
export * from "./serviceconnect";
export * from "./storage";
export * from "./tiers";
