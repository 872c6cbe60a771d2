// What the client launches (dist/server.js): turns on the compile cache, then loads the server (dist/serverMain.js,
// server.ts). A separate file because the cache covers only code compiled after it is turned on.
import { enableCompileCache } from '../core/compileCache';

enableCompileCache();
require('./serverMain.js');
