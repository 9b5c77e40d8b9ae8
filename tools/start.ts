// `npm start`: runs Rebound on this machine.
console.error(
  [
    'Rebound cannot run yet: only its foundation (shared/ domain core, toolchain, tests) exists.',
    'The sync server, desktop services and screens arrive with the next issues;',
    'until then `npm test` is the command that does something.',
  ].join('\n'),
);
process.exit(1);
