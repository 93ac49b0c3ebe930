#!/usr/bin/env node
// Records a CPU profile of a running Azurite through its inspector, for one bench step:
//   node --experimental-websocket bench/azurite-profile-record.js INSPECTOR_PORT OUT.cpuprofile
// Azurite runs with node's --inspect=127.0.0.1:INSPECTOR_PORT (local/azurite.sh's AZURITE_NODE_ARGS). The recorder
// connects, starts V8's sampling profiler and writes OUT.cpuprofile.started; on SIGTERM it stops the profiler and writes
// the profile (the format of node --cpu-prof) to OUT.cpuprofile, then exits. Azurite keeps running and keeps its data,
// so a step can be profiled without a restart (the bench's Azurite keeps its data in memory only).
// A V8 profiler belongs to its inspector session, so the recorder stays connected for the whole step.
'use strict';
const fs = require('fs');

const [port, out] = process.argv.slice(2);
if (!port || !out) {
  console.error('usage: azurite-profile-record.js INSPECTOR_PORT OUT.cpuprofile');
  process.exit(2);
}

async function main() {
  const [target] = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  const pending = new Map();
  let nextId = 1;
  socket.onmessage = event => {
    const message = JSON.parse(event.data);
    const reply = pending.get(message.id);
    if (!reply) return;
    pending.delete(message.id);
    if (message.error) reply.reject(new Error(`${message.error.message} (${message.error.code})`));
    else reply.resolve(message.result);
  };
  const call = (method, params = {}) => new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    socket.send(JSON.stringify({ id, method, params }));
  });
  await new Promise((resolve, reject) => { socket.onopen = resolve; socket.onerror = () => reject(new Error(`cannot reach the inspector on port ${port}`)); });

  await call('Profiler.enable');
  await call('Profiler.setSamplingInterval', { interval: 1000 }); // µs: node --cpu-prof's default
  await call('Profiler.start');
  fs.writeFileSync(`${out}.started`, '');

  process.once('SIGTERM', async () => {
    try {
      const { profile } = await call('Profiler.stop');
      fs.writeFileSync(out, JSON.stringify(profile));
      socket.close();
      process.exit(0);
    } catch (error) {
      console.error(`azurite-profile-record: ${error.message}`);
      process.exit(1);
    }
  });
}

main().catch(error => {
  console.error(`azurite-profile-record: ${error.message}`);
  process.exit(1);
});
