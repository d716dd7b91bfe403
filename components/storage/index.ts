export { DatabaseStorage } from "./databaseStorage";
export type { DatabaseStorageArgs } from "./databaseStorage";
