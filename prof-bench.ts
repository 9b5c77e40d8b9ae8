import { DEMO_NUMBERS } from '/work/main/server/demo/seed';
import { newSid, SimulatedCarrier } from '/work/main/server/demo/simulated-carrier';
const url = process.argv[2]!;
const carrier = new SimulatedCarrier(url, 'bench-secret-0123456789abcdef');
let n = 0;
const t0 = performance.now();
const end = t0 + 8000;
let hooks = 0;
await Promise.all(Array.from({ length: 32 }, async () => {
  while (performance.now() < end) {
    const sid = newSid('CA'); const from = `+1312${String(2000000 + ++n).slice(-7)}`;
    const common = { CallSid: sid, AccountSid: carrier.accountSid, From: from, To: DEMO_NUMBERS.northRadio, Direction: 'inbound' };
    await carrier.post('/twilio/voice/incoming', { ...common, CallStatus: 'ringing' });
    await carrier.post('/twilio/voice/enqueue-action', { ...common, CallStatus: 'completed', QueueResult: 'hangup', QueueTime: '30' });
    await carrier.post('/twilio/voice/status', { ...common, CallStatus: 'completed', CallDuration: '30' });
    hooks += 3;
  }
}));
console.log('webhooks/s', hooks / ((performance.now() - t0) / 1000));
