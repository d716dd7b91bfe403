export { Monitoring } from "./monitoring";
export type { MonitoredService, MonitoringArgs, WatchedCall } from "./monitoring";
