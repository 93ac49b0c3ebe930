#!/usr/bin/env node
// Sums on-CPU samples of `perf script` output into time shares per method, per module and per pipeline entry point:
//   DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 perf record -e cpu-clock -F 499 -g -o x.perf -- dotnet ...
//   perf script -i x.perf | node bench/perf-top.js [N (default 30)] [--filter TEXT]
// (PerfMapEnabled writes /tmp/perf-PID.map so JIT-compiled methods have names; without W^X off the JIT's code lives
// in a double-mapped file perf cannot name.) perf samples only running threads, so this is CPU, not wall time —
// unlike EventPipe's sampler (dotnet-trace), which samples blocked threads too and names no native frame.
// Prints the sample count, CPU by module of the leaf frame, then the top N methods by inclusive samples (the method
// and what it called; a method counts once per sample however deep it recurses) and by exclusive samples (the leaf),
// the top N methods of the pipeline's own assemblies by inclusive samples, and the samples charged to the leaf-most
// managed frame and to the leaf-most pipeline frame: the pipeline's own code and what it calls.
// --filter TEXT: only samples with a frame containing TEXT count. --thread NAME: only threads whose name starts with
// NAME (e.g. ".NET TP Worker"; ".NET Tiered Com" is the background JIT of tiered compilation).
'use strict';
const args = process.argv.slice(2);
const option = (name) => { const at = args.indexOf(name); return at >= 0 ? args.splice(at, 2)[1] : null; };
const filter = option('--filter'), thread = option('--thread');
const top = Number(args[0] || 30);
const input = require('fs').readFileSync(0, 'utf8');

// "instance void [Asm] Ns.Type::Method(args)[Tier]" -> "Ns.Type::Method [Tier]": tiers of one method stay apart.
const shorten = (name) => {
  const m = /\[([^\]]+)\] (\S+::[^(]+)\(.*\)(\[\w+\])?$/.exec(name);
  return m ? `${m[2]}${m[3] ? ' ' + m[3] : ''} (${m[1]})` : name;
};
const threads = new Map(), inclusive = new Map(), exclusive = new Map(), modules = new Map(), managedLeaf = new Map(), ownLeaf = new Map();
const own = (name) => /\((Pipeline\.[\w.]+|pipeline)\)$/.test(name);
const managed = (frame) => frame.module === 'JIT-compiled (managed)' || frame.module.endsWith('.dll');
const add = (map, key) => map.set(key, (map.get(key) || 0) + 1);
let samples = 0;
for (const block of input.split(/\n\s*\n/)) {
  const lines = block.split('\n').filter((l) => l.trim().length > 0);
  if (lines.length < 2) continue;
  // A frame line: "<address> <symbol>+0x<offset> (<module>)"; leaf first.
  const frames = lines.slice(1).map((line) => {
    const m = /^\s*[0-9a-f]+\s+(.*?)(?:\+0x[0-9a-f]+)?\s+\((.*)\)\s*$/.exec(line);
    if (!m) return null;
    const module = m[2].replace(/^.*\//, '').replace(/^perf-\d+\.map$/, 'JIT-compiled (managed)');
    return { name: m[1] === '[unknown]' ? `[unknown in ${module}]` : shorten(m[1]), module };
  }).filter(Boolean);
  if (frames.length === 0 || (filter && !frames.some((f) => f.name.includes(filter)))) continue;
  if (thread && !lines[0].trimStart().startsWith(thread)) continue; // the header starts with the thread's name
  add(threads, lines[0].trimStart().replace(/\s+\d+\s.*$/, ''));
  samples++;
  add(exclusive, frames[0].name);
  add(modules, frames[0].module);
  for (const name of new Set(frames.map((f) => f.name))) add(inclusive, name);
  // Native work (JIT, GC, type loads, OpenSSL, syscalls) charged to the managed method that led to it.
  add(managedLeaf, (frames.find(managed) || { name: '(no managed frame: runtime threads, e.g. JIT, GC)' }).name);
  add(ownLeaf, (frames.find((f) => own(f.name)) || { name: '(no pipeline frame on the stack)' }).name);
}
const table = (title, map, keep = () => true) => {
  console.log(`\n${title}\n| samples | % of CPU | ${title.startsWith('CPU by') ? title.split(' ').pop() : 'method'} |\n|---:|---:|---|`);
  [...map.entries()].filter(([k]) => keep(k)).sort((a, b) => b[1] - a[1]).slice(0, top)
    .forEach(([k, v]) => console.log(`| ${v} | ${(100 * v / samples).toFixed(1)} | ${k.replace(/\|/g, '\\|').slice(0, 200)} |`));
};
console.log(`${samples} samples${filter ? ` with a frame containing "${filter}"` : ''}${thread ? ` of threads named "${thread}"` : ''}`);
table('CPU by thread name', threads);
table('CPU by module of the leaf frame', modules);
table('Inclusive (method and its callees)', inclusive);
table('Exclusive (the method itself)', exclusive);
table('The pipeline\'s own methods (assemblies Pipeline.*, pipeline), inclusive', inclusive, own);
table('By the leaf-most managed frame (native work charged to its managed caller)', managedLeaf);
table('By the leaf-most pipeline frame (everything below it charged to it; async continuations lose their caller)', ownLeaf);
