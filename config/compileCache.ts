/**
 * Node's own compile cache (`module.enableCompileCache`, Node 22.1 and later): V8 keeps the code
 * it compiles for every module loaded after this call on disk (in the OS's temporary folder, or
 * `NODE_COMPILE_CACHE`), so the next preview or update of this machine compiles the AWS provider's
 * modules once. Older Nodes lack it and run as before.
 */
import * as nodeModule from "module";

nodeModule.enableCompileCache?.();
