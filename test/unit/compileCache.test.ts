// Where the compile cache of the server and the CLI lives (core/compileCache.ts): in the user's own cache folder on each platform,
// never a shared temp folder; NODE_COMPILE_CACHE, when set, is left to Node.
import * as assert from 'node:assert/strict';
import { compileCacheDir } from '../../core/compileCache';

describe('compile cache folder (server and CLI)', () => {
  it("is the user's cache folder on each platform", () => {
    assert.equal(compileCacheDir({}, 'linux', '/home/u'), '/home/u/.cache/loadbearing/node-compile-cache');
    assert.equal(compileCacheDir({ XDG_CACHE_HOME: '/xdg' }, 'linux', '/home/u'), '/xdg/loadbearing/node-compile-cache');
    assert.equal(compileCacheDir({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/u'), '/home/u/.cache/loadbearing/node-compile-cache');
    assert.equal(compileCacheDir({}, 'darwin', '/Users/u'), '/Users/u/Library/Caches/loadbearing/node-compile-cache');
    assert.equal(compileCacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u'), 'C:\\Users\\u\\AppData\\Local\\loadbearing\\node-compile-cache');
    assert.equal(compileCacheDir({}, 'win32', 'C:\\Users\\u'), 'C:\\Users\\u\\AppData\\Local\\loadbearing\\node-compile-cache');
  });

  it('leaves the folder to Node when NODE_COMPILE_CACHE is set', () => {
    assert.equal(compileCacheDir({ NODE_COMPILE_CACHE: '/elsewhere' }, 'linux', '/home/u'), undefined);
  });
});
