import { Call, Device } from '@twilio/voice-sdk';
import { create } from 'zustand';
import type { Session } from '../../shared';
import { api } from '../bridge/api';
import { useDesk } from './store';
import { CallController, type PhoneView } from '../softphone/call-controller';
import { SimulatedSoftphone } from '../softphone/simulated-softphone';
import { TwilioSoftphone } from '../softphone/twilio-softphone';

type PhoneState = { view: PhoneView | null; controller: CallController | null; connect(session: Session | null): void };

/** The desk's one softphone, made when someone signs in and torn down when they sign out. */
export const usePhone = create<PhoneState>((set, get) => ({
  view: null,
  controller: null,
  connect(session) {
    const current = get().controller;
    if (current && session && current.state.mode === session.telephony) return;
    current?.stop();
    if (!session) return set({ controller: null, view: null });
    const phone =
      session.telephony === 'twilio'
        ? new TwilioSoftphone({
            makeDevice: (token) => new Device(token, { closeProtection: true, codecPreferences: [Call.Codec.Opus, Call.Codec.PCMU] }),
            fetchToken: async () => (await api.getVoiceToken({})).token,
          })
        : new SimulatedSoftphone(api);
    const controller = new CallController(api, phone, () => useDesk.getState().session, (view) => set({ view }));
    set({ controller });
    controller.start();
    void phone.start();
  },
}));
