// A failing file system layer for the fault-injection tests, loaded with `node --import`.
// JOURNEY_AUDIT_FAULT is JSON: { "paths": "regex", "fault": "short" | "ENOSPC" | "EIO" | "EACCES", "at": "open" | "write" | "fsync" | "rename" }.
// Files whose path matches `paths` get the fault; every other file (the journeys read, the modules loaded) is untouched.
// "short" makes each write(2) write at most 7 bytes, as a full pipe or an interrupted write does.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const setting = JSON.parse(process.env.JOURNEY_AUDIT_FAULT ?? 'null');
if (setting) {
  const matches = new RegExp(setting.paths);
  const faulty = new Set();
  const fail = (call, file) => {
    const error = new Error(`${setting.fault}: injected fault, ${call} '${file}'`);
    error.code = setting.fault;
    error.syscall = call;
    throw error;
  };
  const { openSync, writeSync, fsyncSync, renameSync, linkSync, closeSync } = fs;
  fs.openSync = function (file, ...rest) {
    const hit = typeof file === 'string' && matches.test(file);
    if (hit && setting.at === 'open') fail('open', file);
    const descriptor = openSync.call(this, file, ...rest);
    if (hit) faulty.add(descriptor);
    return descriptor;
  };
  fs.closeSync = function (descriptor) {
    faulty.delete(descriptor);
    return closeSync.call(this, descriptor);
  };
  fs.writeSync = function (descriptor, buffer, offset, length, ...rest) {
    if (faulty.has(descriptor)) {
      if (setting.fault === 'short' && typeof buffer !== 'string') {
        const start = offset ?? 0;
        const size = Math.min(7, length ?? buffer.length - start);
        return writeSync.call(this, descriptor, buffer, start, size, ...rest);
      }
      if (setting.at === 'write') {
        // A real full disk takes the first bytes, then refuses the rest.
        writeSync.call(this, descriptor, buffer, offset ?? 0, Math.min(3, length ?? buffer.length), ...rest);
        fail('write', String(descriptor));
      }
    }
    return writeSync.call(this, descriptor, buffer, offset, length, ...rest);
  };
  fs.fsyncSync = function (descriptor) {
    if (faulty.has(descriptor) && setting.at === 'fsync') fail('fsync', String(descriptor));
    return fsyncSync.call(this, descriptor);
  };
  fs.renameSync = function (from, to) {
    if (setting.at === 'rename' && matches.test(String(to))) fail('rename', to);
    return renameSync.call(this, from, to);
  };
  fs.linkSync = function (from, to) {
    if (setting.at === 'rename' && matches.test(String(to))) fail('link', to);
    return linkSync.call(this, from, to);
  };
  syncBuiltinESMExports();
}
